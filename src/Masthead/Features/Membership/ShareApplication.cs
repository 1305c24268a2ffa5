using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Masthead.Features.Membership;

public enum ApplicationStatus
{
    /// <summary>Made, not yet paid (at the checkout, or a cheque or transfer on its way).</summary>
    AwaitingPayment = 0,
    /// <summary>Paid in full: waiting for the committee.</summary>
    AwaitingDecision = 1,
    Approved = 2,
    Refused = 3,
}

public enum ShareMoneyMethod
{
    Card = 0,
    Cheque = 1,
    BankTransfer = 2,
}

/// <summary>
/// An application to join the society and buy shares. It is not membership: only the committee's approval
/// makes the applicant a member and allots the shares; a refusal refunds whatever was paid.
/// </summary>
public sealed class ShareApplication
{
    public Guid Id { get; set; }

    /// <summary>Short and typable, for a cheque's back or a bank transfer: "SH-7K3Q9P".</summary>
    public required string Reference { get; set; }
    public MemberKind Kind { get; set; }
    public bool IsRegisteredSociety { get; set; }
    public required string Name { get; set; }
    public required string Address { get; set; }
    public required string Postcode { get; set; }
    public required string Email { get; set; }
    public long Shares { get; set; }
    public long AmountPence { get; set; }
    public bool AcceptsRules { get; set; }
    /// <summary>A person confirms they are 16 or over; for an organisation, that they may act for it.</summary>
    public bool AgeConfirmed { get; set; }
    public ShareMoneyMethod Method { get; set; }
    public string? Provider { get; set; }
    public string? ProviderSessionId { get; set; }
    public ApplicationStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? PaidAt { get; set; }
    public DateTime? DecidedAt { get; set; }
    public string? DecidedBy { get; set; }
    public string? DecisionNote { get; set; }
    public int? MemberId { get; set; }

    internal sealed class Configuration : IEntityTypeConfiguration<ShareApplication>
    {
        public void Configure(EntityTypeBuilder<ShareApplication> b)
        {
            b.HasIndex(a => a.Reference).IsUnique();
            b.HasIndex(a => a.ProviderSessionId).IsUnique();
            b.HasIndex(a => new { a.Status, a.CreatedAt });
            b.Property(a => a.Reference).HasMaxLength(20);
            b.Property(a => a.Name).HasMaxLength(Member.NameMax);
            b.Property(a => a.Address).HasMaxLength(Member.AddressMax);
            b.Property(a => a.Postcode).HasMaxLength(12);
            b.Property(a => a.Email).HasMaxLength(254);
            b.Property(a => a.Provider).HasMaxLength(20);
            b.Property(a => a.ProviderSessionId).HasMaxLength(200);
            b.Property(a => a.DecidedBy).HasMaxLength(256);
            b.Property(a => a.DecisionNote).HasMaxLength(1000);
            b.HasOne<Member>().WithMany().HasForeignKey(a => a.MemberId).OnDelete(DeleteBehavior.Restrict);
        }
    }
}

/// <summary>
/// Share money: paid for an application, or paid back (a refused application's refund, an approved
/// withdrawal). Append-only, one row per external id. Capital, not gifts: it is never in the fighting fund's ledger.
/// </summary>
public sealed class SharePayment
{
    public long Id { get; set; }
    public required string ExternalId { get; set; }
    public Guid? ApplicationId { get; set; }
    public int? MemberId { get; set; }
    public ShareMoneyMethod Method { get; set; }
    /// <summary>Positive when received, negative when paid back.</summary>
    public long AmountPence { get; set; }
    public string Currency { get; set; } = "GBP";
    /// <summary>Cheque number, bank reference, the payment provider's payment or refund id.</summary>
    public string? Reference { get; set; }
    public DateTime At { get; set; }
    public required string RecordedBy { get; set; }
    public string? Reason { get; set; }

    internal sealed class Configuration : IEntityTypeConfiguration<SharePayment>
    {
        public void Configure(EntityTypeBuilder<SharePayment> b)
        {
            b.HasIndex(p => p.ExternalId).IsUnique();
            b.HasIndex(p => p.ApplicationId);
            b.HasIndex(p => p.Reference);
            b.Property(p => p.ExternalId).HasMaxLength(200);
            b.Property(p => p.Currency).HasMaxLength(3);
            b.Property(p => p.Reference).HasMaxLength(200);
            b.Property(p => p.RecordedBy).HasMaxLength(256);
            b.Property(p => p.Reason).HasMaxLength(1000);
            b.HasOne<ShareApplication>().WithMany().HasForeignKey(p => p.ApplicationId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Member>().WithMany().HasForeignKey(p => p.MemberId).OnDelete(DeleteBehavior.Restrict);
        }
    }
}

public enum WithdrawalStatus
{
    Pending = 0,
    Approved = 1,
    Refused = 2,
}

/// <summary>A member's request to withdraw shares; the committee approves or refuses it.</summary>
public sealed class WithdrawalRequest
{
    public int Id { get; set; }
    public int MemberId { get; set; }
    public long Shares { get; set; }
    public DateOnly RequestedOn { get; set; }
    public required string RequestedBy { get; set; }
    public WithdrawalStatus Status { get; set; }
    public DateTime? DecidedAt { get; set; }
    public string? DecidedBy { get; set; }
    public string? DecisionNote { get; set; }

    internal sealed class Configuration : IEntityTypeConfiguration<WithdrawalRequest>
    {
        public void Configure(EntityTypeBuilder<WithdrawalRequest> b)
        {
            b.HasIndex(w => new { w.Status, w.MemberId });
            b.Property(w => w.RequestedBy).HasMaxLength(256);
            b.Property(w => w.DecidedBy).HasMaxLength(256);
            b.Property(w => w.DecisionNote).HasMaxLength(1000);
            b.HasOne<Member>().WithMany().HasForeignKey(w => w.MemberId).OnDelete(DeleteBehavior.Restrict);
        }
    }
}
