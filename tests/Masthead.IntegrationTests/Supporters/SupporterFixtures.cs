using System.Text.Json.Nodes;
using Masthead.Features.Donations;
using Masthead.Features.Supporters;
using Masthead.IntegrationTests.Infrastructure;

namespace Masthead.IntegrationTests.Supporters;

/// <summary>
/// Supporters' test data: schemes and supporters made directly, and Stripe's subscription events in their documented
/// shapes (API 2025-09-30: an invoice names its subscription under parent.subscription_details), written
/// independently of the app's sandbox so a mistake in one does not hide in the other.
/// </summary>
public static class SupporterFixtures
{
    public static Task<SupporterScheme> NewSchemeAsync(this MastheadApp app, long pence = 1_000, bool open = false, bool countsTowardFund = true,
        bool offered = true) => app.WithDbAsync(async db =>
    {
        var scheme = new SupporterScheme
        {
            Name = $"Scheme {Guid.NewGuid():N}"[..20],
            MonthlyPence = pence,
            OpenAmount = open,
            CountsTowardFund = countsTowardFund,
            Offered = offered,
            Position = 500,
        };
        db.SupporterSchemes.Add(scheme);
        await db.SaveChangesAsync();
        return scheme;
    });

    /// <summary>A supporter sent to the checkout and not back yet, as the support page leaves them.</summary>
    public static Task<Supporter> PendingSupporterAsync(this MastheadApp app, SupporterScheme scheme, string? email = null, string name = "Ada Lovelace",
        long? pence = null, string provider = Supporter.StripeProvider) => app.WithDbAsync(async db =>
    {
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var supporter = new Supporter
        {
            Key = Guid.NewGuid(),
            SchemeId = scheme.Id,
            Name = name,
            Email = email ?? SmtpInbox.NewAddress("supporter"),
            MonthlyPence = pence ?? scheme.MonthlyPence,
            Method = PaymentMethod.Card,
            State = SupporterState.Pending,
            StateAt = now,
            CreatedAt = now,
            Provider = provider,
            CheckoutSessionId = StripeEvents.NewId("cs"),
        };
        db.Supporters.Add(supporter);
        await db.SaveChangesAsync();
        return supporter;
    });

    /// <summary>A supporter as the data would hold them after some months, written directly.</summary>
    public static Task<Supporter> SupporterAsync(this MastheadApp app, SupporterScheme scheme, SupporterState state, DateTime joinedAt,
        DateTime? cancelledAt = null, long? pence = null, string? email = null, string? name = null,
        PaymentMethod method = PaymentMethod.Card) => app.WithDbAsync(async db =>
    {
        var supporter = new Supporter
        {
            Key = Guid.NewGuid(),
            SchemeId = scheme.Id,
            Name = name ?? $"Supporter {Guid.NewGuid():N}"[..20],
            Email = email ?? SmtpInbox.NewAddress("supporter"),
            MonthlyPence = pence ?? scheme.MonthlyPence,
            Method = method,
            State = state,
            StateAt = cancelledAt ?? joinedAt,
            CreatedAt = joinedAt,
            JoinedAt = state == SupporterState.Pending ? null : joinedAt,
            CancelledAt = cancelledAt,
            Provider = method == PaymentMethod.StandingOrder ? Supporter.OfflineProvider : Supporter.StripeProvider,
            SubscriptionId = method == PaymentMethod.Card && state != SupporterState.Pending ? StripeEvents.NewId("sub") : null,
        };
        db.Supporters.Add(supporter);
        await db.SaveChangesAsync();
        return supporter;
    });

    public static JsonObject Checkout(Supporter s, string subscription, string customer) => new()
    {
        ["id"] = s.CheckoutSessionId,
        ["object"] = "checkout.session",
        ["amount_total"] = s.MonthlyPence,
        ["currency"] = "gbp",
        ["customer"] = customer,
        ["customer_details"] = new JsonObject { ["email"] = s.Email, ["name"] = s.Name },
        ["customer_email"] = s.Email,
        ["livemode"] = false,
        ["metadata"] = new JsonObject { ["purpose"] = "supporter", ["masthead_supporter"] = s.Key.ToString() },
        ["mode"] = "subscription",
        ["payment_status"] = "paid",
        ["status"] = "complete",
        ["subscription"] = subscription,
    };

    public static JsonObject Invoice(string invoice, string subscription, long pence, DateTimeOffset at, bool paid = true, int attempt = 1,
        string? hostedUrl = null) => new()
        {
            ["id"] = invoice,
            ["object"] = "invoice",
            ["amount_due"] = pence,
            ["amount_paid"] = paid ? pence : 0,
            ["amount_remaining"] = paid ? 0 : pence,
            ["attempt_count"] = attempt,
            ["attempted"] = true,
            ["billing_reason"] = "subscription_cycle",
            ["currency"] = "gbp",
            ["customer"] = "cus_x",
            ["hosted_invoice_url"] = hostedUrl,
            ["livemode"] = false,
            ["status"] = paid ? "paid" : "open",
            ["status_transitions"] = new JsonObject { ["paid_at"] = paid ? at.ToUnixTimeSeconds() : null },
            ["parent"] = new JsonObject
            {
                ["type"] = "subscription_details",
                ["subscription_details"] = new JsonObject { ["subscription"] = subscription, ["metadata"] = new JsonObject() },
            },
        };

    public static JsonObject Subscription(string subscription, string status, long pence, DateTimeOffset? cancelAt = null) => new()
    {
        ["id"] = subscription,
        ["object"] = "subscription",
        ["customer"] = "cus_x",
        ["status"] = status,
        ["cancel_at"] = cancelAt?.ToUnixTimeSeconds(),
        ["cancel_at_period_end"] = cancelAt is not null,
        ["livemode"] = false,
        ["items"] = new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray(new JsonObject
            {
                ["id"] = StripeEvents.NewId("si"),
                ["object"] = "subscription_item",
                ["quantity"] = 1,
                ["price"] = new JsonObject { ["id"] = StripeEvents.NewId("price"), ["object"] = "price", ["currency"] = "gbp", ["unit_amount"] = pence },
            }),
        },
    };
}
