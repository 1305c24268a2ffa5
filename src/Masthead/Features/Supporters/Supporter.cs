using Masthead.Features.Donations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Masthead.Features.Supporters;

public enum SupporterState
{
    /// <summary>Sent to the hosted checkout, not (yet) completed: not a supporter.</summary>
    Pending = 0,
    Active = 1,
    /// <summary>A monthly payment failed; the provider is retrying and the supporter has been asked to fix it.</summary>
    PastDue = 2,
    /// <summary>Final: a cancelled subscription is never revived (a returning supporter starts a new one).</summary>
    Cancelled = 3,
}

/// <summary>
/// A reader who gives every month: by card through a hosted subscription, or by standing order recorded by
/// Finance. Their payments are ledger entries pointing back here (<see cref="LedgerEntry.SupporterId"/>).
/// </summary>
public sealed class Supporter
{
    public const string StripeProvider = "stripe";
    public const string SandboxProvider = "sandbox";
    public const string OfflineProvider = "offline";

    public int Id { get; set; }

    /// <summary>Unguessable, for the checkout's return address; the numeric id is for staff.</summary>
    public Guid Key { get; set; }

    public int SchemeId { get; set; }
    public SupporterScheme? Scheme { get; set; }

    public required string Name { get; set; }
    /// <summary>Normalised (<see cref="Readers.ReaderAccess.Normalise"/>): the address the supporter signs in with.</summary>
    public required string Email { get; set; }

    public long MonthlyPence { get; set; }
    public string Currency { get; set; } = "GBP";
    public PaymentMethod Method { get; set; }
    public SupporterState State { get; set; }

    /// <summary>
    /// When the information behind <see cref="State"/> and <see cref="MonthlyPence"/> was true (the provider's event
    /// time): an event older than this is stale and changes nothing, so events in any order end in the true state.
    /// </summary>
    public DateTime StateAt { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? JoinedAt { get; set; }
    public DateTime? CancelledAt { get; set; }
    /// <summary>When a subscription set to stop (say, at the end of the paid month) will stop; null when it runs on.</summary>
    public DateTime? CancelsAt { get; set; }

    public required string Provider { get; set; }
    public string? CheckoutSessionId { get; set; }
    public string? CustomerId { get; set; }
    public string? SubscriptionId { get; set; }

    /// <summary>The standing order's bank reference.</summary>
    public string? Reference { get; set; }
    /// <summary>Who recorded a standing-order supporter; the provider for online ones.</summary>
    public string? RecordedBy { get; set; }
    public string? Note { get; set; }

    internal sealed class Configuration : IEntityTypeConfiguration<Supporter>
    {
        public void Configure(EntityTypeBuilder<Supporter> b)
        {
            b.HasIndex(s => s.Key).IsUnique();
            b.HasIndex(s => s.Email);
            b.HasIndex(s => s.SubscriptionId).IsUnique();
            b.HasIndex(s => s.CheckoutSessionId).IsUnique();
            b.HasIndex(s => new { s.State, s.JoinedAt });
            b.Property(s => s.Name).HasMaxLength(LedgerEntry.NameMax);
            b.Property(s => s.Email).HasMaxLength(254);
            b.Property(s => s.Currency).HasMaxLength(3);
            b.Property(s => s.Provider).HasMaxLength(20);
            b.Property(s => s.CheckoutSessionId).HasMaxLength(200);
            b.Property(s => s.CustomerId).HasMaxLength(200);
            b.Property(s => s.SubscriptionId).HasMaxLength(200);
            b.Property(s => s.Reference).HasMaxLength(200);
            b.Property(s => s.RecordedBy).HasMaxLength(256);
            b.Property(s => s.Note).HasMaxLength(1000);
            b.HasOne(s => s.Scheme).WithMany().HasForeignKey(s => s.SchemeId).OnDelete(DeleteBehavior.Restrict);
            // A supporter's payments are ledger entries carrying their id. No foreign key: on SQLite adding one would
            // rebuild the append-only ledger table (and drop its triggers); supporters are never deleted anyway.
        }
    }
}
