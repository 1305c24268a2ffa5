using Masthead.Features.Donations;

namespace Masthead.Infrastructure.Payments;

/// <summary>A hosted checkout: Masthead never sees card details, only the provider's signed events.</summary>
public interface IPaymentProvider
{
    string Name { get; }

    /// <summary>Starts a checkout for a one-off gift and gives the address to send the person to.</summary>
    Task<CheckoutStart> StartDonationAsync(DonationIntent intent, Uri successUrl, Uri cancelUrl, CancellationToken ct = default);
}

public sealed record CheckoutStart(string SessionId, string RedirectUrl);
