namespace Masthead.Infrastructure.Payments;

/// <summary>Stripe's keys (<c>Stripe__SecretKey</c>, <c>Stripe__WebhookSecret</c>) and the sandbox switch.</summary>
public sealed class StripeOptions
{
    public const string SectionName = "Stripe";

    /// <summary>When set, donations go through Stripe Checkout; when empty, through the sandbox.</summary>
    public string? SecretKey { get; set; }

    /// <summary>Verifies <c>Stripe-Signature</c>. Without Stripe, the sandbox signs its events with it.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Stripe's API address; tests point it at a local recording server.</summary>
    public string? ApiBase { get; set; }

    /// <summary>The sandbox is refused in Production unless this is true.</summary>
    public bool EnableSandbox { get; set; }

    /// <summary>How old a signed event may be, as Stripe's own libraries allow.</summary>
    public TimeSpan SignatureTolerance { get; set; } = TimeSpan.FromMinutes(5);
}
