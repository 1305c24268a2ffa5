using Masthead.Infrastructure.Payments;

namespace Masthead.Features.Supporters;

/// <summary>The hosted checkout of a monthly supporter: the scheme's amount a month; the supporter's key comes back in metadata.</summary>
public static class SupporterCheckout
{
    public static CheckoutRequest Request(Supporter supporter, string schemeName) => new(
        Monthly: true, Reference: supporter.Key.ToString(), supporter.Email, $"Monthly support: {schemeName}", supporter.MonthlyPence, 1,
        supporter.Currency, new Dictionary<string, string>
        {
            ["purpose"] = SupporterEvents.Purpose,
            [SupporterEvents.KeyMetadata] = supporter.Key.ToString(),
            ["scheme"] = schemeName,
        },
        SandboxPage: $"/sandbox/subscribe/{supporter.Key}");
}
