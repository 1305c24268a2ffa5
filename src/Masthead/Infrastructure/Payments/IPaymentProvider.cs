using Masthead.Features.Donations;

namespace Masthead.Infrastructure.Payments;

/// <summary>A hosted checkout: Masthead never sees card details, only the provider's signed events.</summary>
public interface IPaymentProvider
{
    string Name { get; }

    /// <summary>Starts a checkout for a one-off gift and gives the address to send the person to.</summary>
    Task<CheckoutStart> StartDonationAsync(DonationIntent intent, Uri successUrl, Uri cancelUrl, CancellationToken ct = default);

    /// <summary>Starts a checkout in subscription mode: a monthly payment of a supporter.</summary>
    Task<CheckoutStart> StartSupportAsync(SupportCheckout support, Uri successUrl, Uri cancelUrl, CancellationToken ct = default);
}

public sealed record CheckoutStart(string SessionId, string RedirectUrl);

/// <summary>What a monthly supporter's checkout needs: who, how much a month, under which scheme; the key comes back in metadata.</summary>
public sealed record SupportCheckout(Guid SupporterKey, string SchemeName, long MonthlyPence, string Currency, string Name, string Email)
{
    public Dictionary<string, string> Metadata() => new()
    {
        ["purpose"] = Masthead.Features.Supporters.SupporterEvents.Purpose,
        [Masthead.Features.Supporters.SupporterEvents.KeyMetadata] = SupporterKey.ToString(),
        ["scheme"] = SchemeName,
    };
}
