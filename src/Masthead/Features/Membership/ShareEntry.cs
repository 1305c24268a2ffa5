using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Masthead.Features.Membership;

public enum ShareEntryKind
{
    /// <summary>The first shares, allotted when the committee admits the member.</summary>
    Allotment = 0,
    /// <summary>More shares bought by a member.</summary>
    Purchase = 1,
    /// <summary>Shares withdrawn (paid back) on the member's request, approved by the committee.</summary>
    Withdrawal = 2,
    TransferIn = 3,
    TransferOut = 4,
    /// <summary>The member ceased (resignation, death, expulsion): whatever they held leaves the register.</summary>
    Cessation = 5,
    /// <summary>A holding brought across from an earlier register.</summary>
    Imported = 6,
}

/// <summary>
/// One change to a member's shares. Append-only (the database refuses updates and deletes): a member's
/// holding on any date is the sum of their entries effective on or before it.
/// </summary>
public sealed class ShareEntry
{
    public long Id { get; set; }
    public int MemberId { get; set; }
    public ShareEntryKind Kind { get; set; }

    /// <summary>Signed: shares added are positive, shares leaving are negative.</summary>
    public long Shares { get; set; }

    /// <summary>Signed pence paid up on (or paid back for) these shares.</summary>
    public long AmountPence { get; set; }

    /// <summary>The date the change takes effect in the register.</summary>
    public DateOnly EffectiveOn { get; set; }

    public CessationReason? CessationReason { get; set; }

    /// <summary>The other member of a transfer.</summary>
    public int? CounterpartyId { get; set; }

    public Guid? ApplicationId { get; set; }

    /// <summary>Unique when set: the same approval, import row or request is applied once.</summary>
    public string? ExternalId { get; set; }

    public required string RecordedBy { get; set; }
    public DateTime RecordedAt { get; set; }
    public required string Reason { get; set; }

    internal sealed class Configuration : IEntityTypeConfiguration<ShareEntry>
    {
        public void Configure(EntityTypeBuilder<ShareEntry> b)
        {
            b.HasIndex(e => new { e.MemberId, e.EffectiveOn });
            b.HasIndex(e => e.EffectiveOn);
            b.HasIndex(e => e.ExternalId).IsUnique();
            b.Property(e => e.ExternalId).HasMaxLength(200);
            b.Property(e => e.RecordedBy).HasMaxLength(256);
            b.Property(e => e.Reason).HasMaxLength(1000);
            b.HasOne<Member>().WithMany().HasForeignKey(e => e.MemberId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Member>().WithMany().HasForeignKey(e => e.CounterpartyId).OnDelete(DeleteBehavior.Restrict);
        }
    }
}
