using System.Net;
using Masthead.Features.Donations;
using Masthead.Features.Supporters;
using Masthead.Infrastructure.Payments;
using Masthead.IntegrationTests.Infrastructure;
using Masthead.IntegrationTests.Supporters;
using Microsoft.EntityFrameworkCore;

namespace Masthead.IntegrationTests.Payments;

public sealed class FixtureReplayTests_Sqlite(SqliteApp app) : FixtureReplayTests<SqliteApp>(app);
[Trait("Needs", "PostgreSQL")]
public sealed class FixtureReplayTests_Postgres(PostgresApp app) : FixtureReplayTests<PostgresApp>(app);

/// <summary>
/// Every real-shaped fixture, in every API version Masthead must read, replayed through the HTTP endpoint: a gift and
/// its refund and dispute, a supporter's checkout, payments, failure, change and cancellation — each counted once,
/// repeats and early arrivals included.
/// </summary>
public abstract class FixtureReplayTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : MastheadApp
{
    public static TheoryData<string> Versions => [.. StripeFixtures.ApiVersions];

    private long _tick;

    private async Task<string> DeliverAsync(string type, string? variant, string apiVersion, Dictionary<string, object?> values,
        string expected)
    {
        var now = app.Clock.GetUtcNow();
        values["event_id"] = StripeEvents.NewId("evt");
        values["created"] = now.ToUnixTimeSeconds() + Interlocked.Increment(ref _tick); // later news is later
        var payload = StripeFixtures.Get(apiVersion, type, variant).Render(values);
        var response = await app.CreateClient().DeliverAsync(payload, now);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{apiVersion} {type}: {(int)response.StatusCode} {body}");
        Assert.True(body.Contains($"\"outcome\":\"{expected}\""), $"{apiVersion} {type}: expected {expected}, got {body}");
        return payload;
    }

    private static Dictionary<string, object?> Values(long amount) => new(StripeFixtures.SampleValues())
    {
        ["amount"] = amount,
        ["currency"] = "gbp",
    };

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task A_gift_its_refund_and_its_dispute_count_once_in_every_version(string version)
    {
        var intent = await app.GiftIntentAsync(4_000);
        var pi = StripeEvents.NewId("pi");
        var gift = Values(4_000);
        gift["session_id"] = intent.ProviderSessionId;
        gift["payment_intent"] = pi;
        gift["client_reference_id"] = intent.Id.ToString();
        gift["metadata"] = GiftPayments.Metadata(intent);
        gift["email"] = intent.Email;

        // The refund arrives before its gift (Stripe does not promise order): it waits, and is applied with the gift.
        var charge = Values(4_000);
        charge["payment_intent"] = pi;
        charge["charge_id"] = StripeEvents.NewId("ch");
        charge["amount_refunded"] = 1_500L;
        var refund = await DeliverAsync("charge.refunded", null, version, charge, "NeedsReview");
        var refundEvent = (string)charge["event_id"]!;

        var payload = await DeliverAsync("checkout.session.completed", "payment", version, gift, "Applied");
        var repeat = await app.CreateClient().DeliverAsync(payload, app.Clock.GetUtcNow());
        Assert.Contains("Duplicate", await repeat.Content.ReadAsStringAsync());
        await DeliverAsync("checkout.session.completed", "payment", version, gift, "Duplicate"); // the same checkout in another event
        Assert.Contains("Duplicate", await (await app.CreateClient().DeliverAsync(refund, app.Clock.GetUtcNow())).Content.ReadAsStringAsync());
        Assert.Equal(WebhookOutcome.Resolved, (await app.WithDbAsync(db => db.WebhookEvents.AsNoTracking().SingleAsync(e => e.Id == refundEvent))).Outcome);

        var dispute = Values(4_000);
        dispute["payment_intent"] = pi;
        dispute["charge_id"] = charge["charge_id"];
        dispute["dispute_id"] = StripeEvents.NewId("dp");
        await DeliverAsync("charge.dispute.created", null, version, dispute, "Applied");

        var entries = await app.WithDbAsync(db => db.Ledger.AsNoTracking().Where(e => e.Reference == pi).OrderBy(e => e.Id).ToListAsync());
        Assert.Equal([4_000L, -1_500L, -2_500L], entries.Select(e => e.AmountPence));
        Assert.Equal((intent.Name, intent.Town), (entries[0].DonorName, entries[0].DonorTown));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task A_supporter_is_made_paid_failed_changed_and_cancelled_in_every_version(string version)
    {
        var scheme = await app.NewSchemeAsync(pence: 800);
        var supporter = await app.PendingSupporterAsync(scheme);
        var subscription = StripeEvents.NewId("sub");
        var values = Values(800);
        values["subscription"] = subscription;
        values["customer"] = StripeEvents.NewId("cus");
        values["email"] = supporter.Email;
        values["name"] = supporter.Name;

        // The first invoice arrives before the checkout, as Stripe may send it: it waits, then is applied.
        var first = StripeEvents.NewId("in");
        values["invoice_id"] = first;
        await DeliverAsync("invoice.paid", null, version, values, "NeedsReview");

        var checkout = new Dictionary<string, object?>(values)
        {
            ["session_id"] = supporter.CheckoutSessionId,
            ["client_reference_id"] = supporter.Key.ToString(),
            ["metadata"] = new Dictionary<string, string> { ["purpose"] = "supporter", ["masthead_supporter"] = supporter.Key.ToString() },
        };
        await DeliverAsync("checkout.session.completed", "subscription", version, checkout, "Applied");
        Assert.True(await app.WithDbAsync(db => db.Ledger.AnyAsync(e => e.ExternalId == $"stripe:invoice:{first}")), $"{version}: the early invoice was not applied");

        values["invoice_id"] = StripeEvents.NewId("in");
        var payload = await DeliverAsync("invoice.paid", null, version, values, "Applied");
        Assert.Contains("Duplicate", await (await app.CreateClient().DeliverAsync(payload, app.Clock.GetUtcNow())).Content.ReadAsStringAsync());

        values["invoice_id"] = StripeEvents.NewId("in");
        await DeliverAsync("invoice.payment_failed", null, version, values, "Applied");
        Assert.Equal(SupporterState.PastDue, (await SupporterAsync(supporter.Id)).State);

        var raised = new Dictionary<string, object?>(values) { ["amount"] = 1_200L, ["status"] = "active" };
        raised["metadata"] = new Dictionary<string, string> { ["purpose"] = "supporter" };
        await DeliverAsync("customer.subscription.updated", null, version, raised, "Applied");
        Assert.Equal((SupporterState.Active, 1_200L), (await SupporterAsync(supporter.Id) is var s ? (s.State, s.MonthlyPence) : default));

        var cancelled = new Dictionary<string, object?>(raised) { ["status"] = "canceled" };
        await DeliverAsync("customer.subscription.deleted", null, version, cancelled, "Applied");
        Assert.Equal(SupporterState.Cancelled, (await SupporterAsync(supporter.Id)).State);

        var payments = await app.WithDbAsync(db => db.Ledger.AsNoTracking().Where(e => e.SupporterId == supporter.Id).ToListAsync());
        Assert.Equal([800L, 800L], payments.Select(e => e.AmountPence));
    }

    private Task<Supporter> SupporterAsync(int id) => app.WithDbAsync(db => db.Supporters.AsNoTracking().SingleAsync(x => x.Id == id));
}
