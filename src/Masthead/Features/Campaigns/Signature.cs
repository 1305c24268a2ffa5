using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Masthead.Features.Campaigns;

/// <summary>How a signatory who agreed to appear publicly is shown: name and town, name and organisation, or name alone.</summary>
public enum ShowWith
{
    Town = 0,
    Organisation = 1,
    NameOnly = 2,
}

/// <summary>
/// One person's signature on a statement: one per email per statement (unique index). It counts once
/// <see cref="ConfirmedAt"/> is set through the emailed link; withdrawing deletes it, personal data and all.
/// </summary>
public sealed class Signature
{
    public const int NameMax = 200;
    public const int EmailMax = 254;
    public const int TownMax = 100;
    public const int CountryMax = 100;
    public const int OrganisationMax = 200;

    public long Id { get; set; }
    public int StatementId { get; set; }
    public required string Name { get; set; }
    public required string Email { get; set; }
    /// <summary>The address as compared for "one per email": trimmed and lower-cased.</summary>
    public required string EmailKey { get; set; }
    public string? Town { get; set; }
    public string? Country { get; set; }
    public string? Organisation { get; set; }
    public bool ShowPublicly { get; set; }
    public ShowWith ShowWith { get; set; }
    public bool MayContact { get; set; }
    /// <summary>SHA-256 of the token in the emailed links (hex). The token itself is never stored.</summary>
    public required string TokenHash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ConfirmedAt { get; set; }

    public static string KeyOf(string email) => email.Trim().ToLowerInvariant();

    /// <summary>A new unguessable token for the links, and the hash that is stored.</summary>
    public static (string Token, string Hash) NewToken()
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
        return (token, HashOf(token));
    }

    public static string HashOf(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));

    /// <summary>The line shown under the name in the public list, as the signatory chose.</summary>
    public static string? Byline(ShowWith showWith, string? town, string? organisation) => showWith switch
    {
        ShowWith.Town => town,
        ShowWith.Organisation => organisation,
        _ => null,
    };

    internal sealed class Configuration : IEntityTypeConfiguration<Signature>
    {
        public void Configure(EntityTypeBuilder<Signature> b)
        {
            // The counts on Statements are kept by triggers on this table (migration StatementsCount; on PostgreSQL once per
            // statement since StatementsCountPerStatement).
            b.ToTable(t => t.HasTrigger("Signatures_count"));
            b.HasIndex(s => new { s.StatementId, s.EmailKey }).IsUnique();
            b.HasIndex(s => s.TokenHash).IsUnique();
            // The public list: newest first, with the id as tie-break, read straight off the index (no sort of every signature).
            b.HasIndex(s => new { s.StatementId, s.ConfirmedAt, s.Id });
            b.HasIndex(s => new { s.ConfirmedAt, s.CreatedAt });
            b.Property(s => s.Name).HasMaxLength(NameMax);
            b.Property(s => s.Email).HasMaxLength(EmailMax);
            b.Property(s => s.EmailKey).HasMaxLength(EmailMax);
            b.Property(s => s.Town).HasMaxLength(TownMax);
            b.Property(s => s.Country).HasMaxLength(CountryMax);
            b.Property(s => s.Organisation).HasMaxLength(OrganisationMax);
            b.Property(s => s.TokenHash).HasMaxLength(64);
            b.HasOne<Statement>().WithMany().HasForeignKey(s => s.StatementId).OnDelete(DeleteBehavior.Cascade);
        }
    }
}
