namespace Masthead.Infrastructure.Payments;

/// <summary>
/// Stands in for Stripe where there are no keys: sends the person to Masthead's own clearly labelled
/// look-alike checkout, which on completion delivers a signed event in Stripe's format to the same webhook.
/// </summary>
public sealed class SandboxPayments : IPaymentProvider
{
    public const string ProviderName = "sandbox";

    public string Name => ProviderName;

    public Task<CheckoutStart> StartCheckoutAsync(CheckoutRequest request, Uri successUrl, Uri cancelUrl, CancellationToken ct = default) =>
        Task.FromResult(new CheckoutStart($"cs_sandbox_{Guid.NewGuid():N}", request.SandboxPage));
}
