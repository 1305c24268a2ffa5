using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Masthead.Features.Donations;

public enum EntryKind
{
    Donation = 0,
    Refund = 1,
    Dispute = 2,
    /// <summary>A staff correction: reverses an earlier entry, with a reason.</summary>
    Correction = 3,
    /// <summary>A supporter's monthly payment (Features/Supporters).</summary>
    SupporterPayment = 4,
}

public enum PaymentMethod
{
    Card = 0,
    Cheque = 1,
    BankTransfer = 2,
    StandingOrder = 3,
    Cash = 4,
}

/// <summary>How a donor asked to appear in the paper's list of thanks.</summary>
public enum ThankAs
{
    FullName = 0,
    Initials = 1,
    Anonymous = 2,
}

/// <summary>
/// One movement of money into (or back out of) the fund. Append-only: rows are never updated or deleted
/// (<see cref="LedgerGuard"/> refuses it); a mistake is put right by a reversing entry.
/// </summary>
public sealed class LedgerEntry
{
    public const int NameMax = 200;
    public const int EmailMax = 254;
    public const int TownMax = 100;
    public const int ReferenceMax = 200;
    public const int NoteMax = 1000;
    public const int RecordedByMax = 256;

    /// <summary>
    /// The most one entry can move either way (£100 million): far above any gift, and small enough that no sum of
    /// entries can overflow 64 bits. The database refuses a larger one too (the LedgerAmountBound migrations).
    /// </summary>
    public const long MaxAmountPence = 10_000_000_000;

    public long Id { get; set; }

    /// <summary>Where the money came from, unique: the same external id is applied once, whatever the order or retries.</summary>
    public required string ExternalId { get; set; }

    public EntryKind Kind { get; set; }
    public PaymentMethod Method { get; set; }

    /// <summary>Signed pence: gifts are positive, refunds, disputes and corrections negative.</summary>
    public long AmountPence { get; set; }
    public string Currency { get; set; } = "GBP";

    /// <summary>The date, in the paper's time zone, when the money was received; it decides the fund period.</summary>
    public DateOnly FundDate { get; set; }
    public DateTime ReceivedAt { get; set; }

    public string? DonorName { get; set; }
    public string? DonorEmail { get; set; }
    public string? DonorTown { get; set; }

    /// <summary>Null when the donor did not ask to be thanked publicly.</summary>
    public ThankAs? ThankAs { get; set; }
    public bool ShowTown { get; set; }

    /// <summary>Cheque number, bank reference, or the payment provider's payment id.</summary>
    public string? Reference { get; set; }
    public string? Note { get; set; }

    /// <summary>The entry this one reverses (refund, dispute, correction).</summary>
    public long? ReversesId { get; set; }

    public required string RecordedBy { get; set; }
    public DateTime RecordedAt { get; set; }
    public string? Reason { get; set; }

    /// <summary>
    /// Whether the entry is part of the fighting fund's figures. Gifts always are; a supporter's payment is when its
    /// scheme says so; a reversal follows what it reverses.
    /// </summary>
    public bool CountsTowardFund { get; set; } = true;

    /// <summary>The supporter whose monthly payment this is (or whose payment it reverses).</summary>
    public int? SupporterId { get; set; }

    internal sealed class Configuration : IEntityTypeConfiguration<LedgerEntry>
    {
        public void Configure(EntityTypeBuilder<LedgerEntry> b)
        {
            b.HasIndex(e => e.ExternalId).IsUnique();
            b.HasIndex(e => e.FundDate);
            b.HasIndex(e => e.Reference);
            b.HasIndex(e => e.ReversesId);
            b.HasIndex(e => e.SupporterId);
            b.Property(e => e.CountsTowardFund).HasDefaultValue(true);
            b.Property(e => e.ExternalId).HasMaxLength(200);
            b.Property(e => e.Currency).HasMaxLength(3);
            b.Property(e => e.DonorName).HasMaxLength(NameMax);
            b.Property(e => e.DonorEmail).HasMaxLength(EmailMax);
            b.Property(e => e.DonorTown).HasMaxLength(TownMax);
            b.Property(e => e.Reference).HasMaxLength(ReferenceMax);
            b.Property(e => e.Note).HasMaxLength(NoteMax);
            b.Property(e => e.RecordedBy).HasMaxLength(RecordedByMax);
            b.Property(e => e.Reason).HasMaxLength(NoteMax);
            b.HasOne<LedgerEntry>().WithMany().HasForeignKey(e => e.ReversesId).OnDelete(DeleteBehavior.Restrict);
        }
    }
}
