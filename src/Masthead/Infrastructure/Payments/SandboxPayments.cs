using Masthead.Features.Donations;

namespace Masthead.Infrastructure.Payments;

/// <summary>
/// Stands in for Stripe where there are no keys: sends the person to Masthead's own clearly labelled
/// look-alike checkout, which on completion delivers a signed event in Stripe's format to the same webhook.
/// </summary>
public sealed class SandboxPayments : IPaymentProvider
{
    public const string ProviderName = "sandbox";

    public string Name => ProviderName;

    public Task<CheckoutStart> StartDonationAsync(DonationIntent intent, Uri successUrl, Uri cancelUrl, CancellationToken ct = default)
    {
        var sessionId = $"cs_sandbox_{Guid.NewGuid():N}";
        return Task.FromResult(new CheckoutStart(sessionId, $"/sandbox/checkout/{intent.Id}"));
    }

    public Task<CheckoutStart> StartSupportAsync(SupportCheckout support, Uri successUrl, Uri cancelUrl, CancellationToken ct = default) =>
        Task.FromResult(new CheckoutStart($"cs_sandbox_{Guid.NewGuid():N}", $"/sandbox/subscribe/{support.SupporterKey}"));
}
