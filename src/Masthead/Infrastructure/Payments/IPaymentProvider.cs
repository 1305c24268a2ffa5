namespace Masthead.Infrastructure.Payments;

/// <summary>A hosted checkout: Masthead never sees card details, only the provider's signed events.</summary>
public interface IPaymentProvider
{
    string Name { get; }

    /// <summary>Starts a checkout and gives the address to send the person to.</summary>
    Task<CheckoutStart> StartCheckoutAsync(CheckoutRequest request, Uri successUrl, Uri cancelUrl, CancellationToken ct = default);
}

public sealed record CheckoutStart(string SessionId, string RedirectUrl);

/// <summary>
/// One line to pay: once (<see cref="Monthly"/> false, Stripe's payment mode) or every month (subscription mode).
/// <see cref="Reference"/> is Masthead's own id of what is being paid (an intent, a supporter, an application): it
/// goes out as <c>client_reference_id</c> and comes back in the webhook, with <see cref="Metadata"/>, which says what
/// the payment is for. The sandbox sends the person to <see cref="SandboxPage"/> instead of a hosted checkout.
/// </summary>
public sealed record CheckoutRequest(
    bool Monthly, string Reference, string? Email, string ProductName, long UnitAmountPence, long Quantity, string Currency,
    IReadOnlyDictionary<string, string> Metadata, string SandboxPage)
{
    public string Mode => Monthly ? "subscription" : "payment";
}
