using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Masthead.Infrastructure.Payments;

public enum WebhookOutcome
{
    Applied = 0,
    /// <summary>A type Masthead does not act on; kept for the record.</summary>
    Ignored = 1,
    /// <summary>About a payment Masthead does not know (yet): Finance reviews it; a late donation resolves it.</summary>
    NeedsReview = 2,
    Resolved = 3,
}

/// <summary>Every verified event from the payment provider, once, by its id.</summary>
public sealed class WebhookEvent
{
    public required string Id { get; set; }
    public required string Type { get; set; }
    public DateTime ReceivedAt { get; set; }
    public WebhookOutcome Outcome { get; set; }
    /// <summary>The payment the event is about (Stripe payment intent), to match late arrivals.</summary>
    public string? PaymentKey { get; set; }
    public string? Note { get; set; }
    public required string Payload { get; set; }

    internal sealed class Configuration : IEntityTypeConfiguration<WebhookEvent>
    {
        public void Configure(EntityTypeBuilder<WebhookEvent> b)
        {
            b.HasKey(e => e.Id);
            b.HasIndex(e => new { e.Outcome, e.PaymentKey });
            b.Property(e => e.Id).HasMaxLength(200);
            b.Property(e => e.Type).HasMaxLength(100);
            b.Property(e => e.PaymentKey).HasMaxLength(200);
            b.Property(e => e.Note).HasMaxLength(1000);
        }
    }
}
