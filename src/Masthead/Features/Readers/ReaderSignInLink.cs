using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Masthead.Features.Readers;

/// <summary>
/// A sign-in link emailed to a reader. Only a hash of its token is kept, so a copy of the database
/// signs no one in; a link works once, and not after it expires.
/// </summary>
public sealed class ReaderSignInLink
{
    public long Id { get; set; }
    public required string Email { get; set; }
    public required string TokenHash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? UsedAt { get; set; }

    internal sealed class Configuration : IEntityTypeConfiguration<ReaderSignInLink>
    {
        public void Configure(EntityTypeBuilder<ReaderSignInLink> b)
        {
            b.HasIndex(l => l.TokenHash).IsUnique();
            b.HasIndex(l => new { l.Email, l.CreatedAt });
            b.Property(l => l.Email).HasMaxLength(254);
            b.Property(l => l.TokenHash).HasMaxLength(64);
        }
    }
}
