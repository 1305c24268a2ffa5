using Microsoft.Extensions.Options;

namespace Masthead.Infrastructure.Payments;

/// <summary>
/// Picks the checkout: Stripe when its secret key is configured; otherwise the sandbox, except in
/// Production where the sandbox must be switched on explicitly (<c>Stripe:EnableSandbox</c>).
/// </summary>
public sealed class PaymentProviders(IOptions<StripeOptions> options, IHostEnvironment environment,
    StripePayments stripe, SandboxPayments sandbox)
{
    public bool SandboxActive =>
        string.IsNullOrEmpty(options.Value.SecretKey) && (!environment.IsProduction() || options.Value.EnableSandbox);

    public IPaymentProvider? Current =>
        !string.IsNullOrEmpty(options.Value.SecretKey) ? stripe
        : SandboxActive ? sandbox
        : null;
}
