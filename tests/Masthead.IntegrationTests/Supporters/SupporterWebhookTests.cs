using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Masthead.Features.Donations;
using Masthead.Features.FightingFund;
using Masthead.Features.Readers;
using Masthead.Features.Supporters;
using Masthead.Infrastructure.Payments;
using Masthead.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Masthead.IntegrationTests.Supporters;

public sealed class SupporterWebhookTests_Sqlite(SqliteApp app) : SupporterWebhookTests<SqliteApp>(app);
[Trait("Needs", "PostgreSQL")]
public sealed class SupporterWebhookTests_Postgres(PostgresApp app) : SupporterWebhookTests<PostgresApp>(app);

/// <summary>The subscription events on the same verified webhook: duplicated, out of order, about subscriptions Masthead doesn't know.</summary>
public abstract class SupporterWebhookTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : MastheadApp
{
    private DateTimeOffset Now => app.Clock.GetUtcNow();

    private async Task<long> RaisedAsync()
    {
        await app.WithServiceAsync<FundPeriods, FundPeriod?>(p => p.EnsureMonthAsync());
        var json = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/fighting-fund");
        return json.GetProperty("raised_pence").GetInt64();
    }

    private Task<Supporter> ReloadAsync(Supporter s) => app.WithDbAsync(db => db.Supporters.AsNoTracking().SingleAsync(x => x.Id == s.Id));

    private Task<List<LedgerEntry>> PaymentsAsync(Supporter s) =>
        app.WithDbAsync(db => db.Ledger.AsNoTracking().Where(e => e.SupporterId == s.Id).OrderBy(e => e.Id).ToListAsync());

    private Task<WebhookEvent> EventAsync(string id) => app.WithDbAsync(db => db.WebhookEvents.AsNoTracking().SingleAsync(e => e.Id == id));

    private async Task<string> DeliverAsync(string type, System.Text.Json.Nodes.JsonObject data, DateTimeOffset? created = null, string? id = null)
    {
        id ??= StripeEvents.NewId("evt");
        var response = await app.CreateClient().DeliverAsync(StripeEvents.Event(type, data, created ?? Now, id), Now);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return id;
    }

    /// <summary>A supporter whose checkout has completed: active, with a subscription.</summary>
    private async Task<(Supporter Supporter, string Subscription)> SubscribedAsync(SupporterScheme? scheme = null, string? email = null)
    {
        scheme ??= await app.NewSchemeAsync(1_200);
        var supporter = await app.PendingSupporterAsync(scheme, email);
        var subscription = StripeEvents.NewId("sub");
        await DeliverAsync("checkout.session.completed", SupporterFixtures.Checkout(supporter, subscription, StripeEvents.NewId("cus")));
        return (await ReloadAsync(supporter), subscription);
    }

    [Fact]
    public async Task A_completed_subscription_checkout_and_its_paid_invoice_make_an_active_supporter_whose_payment_counts_toward_the_fund()
    {
        var before = await RaisedAsync();
        var (supporter, subscription) = await SubscribedAsync();
        Assert.Equal(SupporterState.Active, supporter.State);
        Assert.Equal(subscription, supporter.SubscriptionId);
        Assert.NotNull(supporter.JoinedAt);

        var invoice = StripeEvents.NewId("in");
        await DeliverAsync("invoice.paid", SupporterFixtures.Invoice(invoice, subscription, 1_200, Now));

        var payment = Assert.Single(await PaymentsAsync(supporter));
        Assert.Equal((EntryKind.SupporterPayment, PaymentMethod.Card, 1_200L, true), (payment.Kind, payment.Method, payment.AmountPence, payment.CountsTowardFund));
        Assert.Equal($"stripe:invoice:{invoice}", payment.ExternalId);
        Assert.Equal(DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(Now.UtcDateTime, TimeZoneInfo.FindSystemTimeZoneById("Europe/London"))), payment.FundDate);
        Assert.Equal(before + 1_200, await RaisedAsync());
    }

    [Fact]
    public async Task A_scheme_set_not_to_count_keeps_its_payments_in_the_ledger_but_out_of_the_fund()
    {
        var before = await RaisedAsync();
        var (supporter, subscription) = await SubscribedAsync(await app.NewSchemeAsync(900, countsTowardFund: false));

        await DeliverAsync("invoice.paid", SupporterFixtures.Invoice(StripeEvents.NewId("in"), subscription, 900, Now));

        var payment = Assert.Single(await PaymentsAsync(supporter));
        Assert.False(payment.CountsTowardFund);
        Assert.Equal(before, await RaisedAsync());
    }

    [Fact]
    public async Task A_duplicated_invoice_paid_records_the_payment_once()
    {
        var (supporter, subscription) = await SubscribedAsync();
        var invoice = StripeEvents.NewId("in");
        var eventId = StripeEvents.NewId("evt");
        var payload = StripeEvents.Event("invoice.paid", SupporterFixtures.Invoice(invoice, subscription, 1_200, Now), Now, eventId);
        var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.DeliverAsync(payload, Now)).StatusCode);
        var again = await client.DeliverAsync(payload, Now.AddSeconds(20));
        Assert.Contains("Duplicate", await again.Content.ReadAsStringAsync());
        // The same invoice in a second event (Stripe may send invoice.paid and a retry under another id).
        await DeliverAsync("invoice.paid", SupporterFixtures.Invoice(invoice, subscription, 1_200, Now));

        Assert.Single(await PaymentsAsync(supporter));
    }

    [Fact]
    public async Task An_invoice_paid_before_its_checkout_waits_for_review_and_is_recorded_once_the_checkout_arrives()
    {
        var scheme = await app.NewSchemeAsync(700);
        var supporter = await app.PendingSupporterAsync(scheme);
        var subscription = StripeEvents.NewId("sub");

        var early = await DeliverAsync("invoice.paid", SupporterFixtures.Invoice(StripeEvents.NewId("in"), subscription, 700, Now));
        Assert.Equal(WebhookOutcome.NeedsReview, (await EventAsync(early)).Outcome);
        Assert.Empty(await PaymentsAsync(supporter));

        await DeliverAsync("checkout.session.completed", SupporterFixtures.Checkout(supporter, subscription, StripeEvents.NewId("cus")));

        Assert.Equal(700, Assert.Single(await PaymentsAsync(supporter)).AmountPence);
        Assert.Equal(WebhookOutcome.Resolved, (await EventAsync(early)).Outcome);
        Assert.Equal(SupporterState.Active, (await ReloadAsync(supporter)).State);
    }

    [Fact]
    public async Task A_deletion_that_arrives_before_an_earlier_update_leaves_the_supporter_cancelled()
    {
        var (supporter, subscription) = await SubscribedAsync();

        await DeliverAsync("customer.subscription.deleted", SupporterFixtures.Subscription(subscription, "canceled", 1_200), Now.AddMinutes(5));
        await DeliverAsync("customer.subscription.updated", SupporterFixtures.Subscription(subscription, "active", 2_000), Now.AddMinutes(1));

        var after = await ReloadAsync(supporter);
        Assert.Equal(SupporterState.Cancelled, after.State);
        Assert.Equal(1_200, after.MonthlyPence);
        Assert.NotNull(after.CancelledAt);
    }

    [Fact]
    public async Task An_older_update_arriving_late_does_not_undo_a_newer_one()
    {
        var (supporter, subscription) = await SubscribedAsync();

        await DeliverAsync("customer.subscription.updated", SupporterFixtures.Subscription(subscription, "active", 2_500), Now.AddMinutes(10));
        await DeliverAsync("customer.subscription.updated", SupporterFixtures.Subscription(subscription, "past_due", 1_500), Now.AddMinutes(2));

        var after = await ReloadAsync(supporter);
        Assert.Equal((SupporterState.Active, 2_500L), (after.State, after.MonthlyPence));

        await DeliverAsync("customer.subscription.updated", SupporterFixtures.Subscription(subscription, "past_due", 2_500), Now.AddMinutes(20));
        Assert.Equal(SupporterState.PastDue, (await ReloadAsync(supporter)).State);
    }

    [Fact]
    public async Task A_subscription_set_to_stop_at_the_end_of_the_month_says_when_until_it_renews_or_stops()
    {
        var (supporter, subscription) = await SubscribedAsync();
        var end = Now.AddDays(20);

        await DeliverAsync("customer.subscription.updated", SupporterFixtures.Subscription(subscription, "active", 1_200, cancelAt: end), Now.AddMinutes(1));
        var stopping = await ReloadAsync(supporter);
        Assert.Equal((SupporterState.Active, end.ToUnixTimeSeconds()), (stopping.State, new DateTimeOffset(stopping.CancelsAt!.Value).ToUnixTimeSeconds()));

        await DeliverAsync("customer.subscription.updated", SupporterFixtures.Subscription(subscription, "active", 1_200), Now.AddMinutes(2));
        Assert.Null((await ReloadAsync(supporter)).CancelsAt);
    }

    [Fact]
    public async Task Events_about_a_subscription_masthead_does_not_know_are_kept_for_finance_to_review()
    {
        var subscription = StripeEvents.NewId("sub");
        var invoice = StripeEvents.NewId("in");
        var paid = await DeliverAsync("invoice.paid", SupporterFixtures.Invoice(invoice, subscription, 1_000, Now));
        var updated = await DeliverAsync("customer.subscription.updated", SupporterFixtures.Subscription(subscription, "active", 1_000));
        var deleted = await DeliverAsync("customer.subscription.deleted", SupporterFixtures.Subscription(subscription, "canceled", 1_000));

        foreach (var id in new[] { paid, updated, deleted })
        {
            var kept = await EventAsync(id);
            Assert.Equal(WebhookOutcome.NeedsReview, kept.Outcome);
            Assert.Equal(subscription, kept.PaymentKey);
        }
        Assert.False(await app.WithDbAsync(db => db.Ledger.AnyAsync(e => e.ExternalId == $"stripe:invoice:{invoice}")));
        var finance = await app.SignedInClientAsync(Roles.Finance);
        var review = await (await finance.GetAsync("/finance/review")).Content.ReadAsStringAsync();
        Assert.Contains(paid, review);
        Assert.Contains(deleted, review);
    }

    [Trait("Needs", "Smtp")]
    [Fact]
    public async Task Two_supporters_in_a_row_each_get_a_welcome_linking_to_the_full_base_url()
    {
        // A fresh instance, so the first webhook below is the request that starts the webhook's writer. The writer used
        // to keep that request's context, and the second welcome then said "go to /my/signin" with no address at all.
        await using var fresh = app.Sibling();
        await fresh.InitializeAsync();
        var scheme = await fresh.NewSchemeAsync(1_500);
        var supporters = new[] { await fresh.PendingSupporterAsync(scheme), await fresh.PendingSupporterAsync(scheme) };
        var hosts = new[] { "evil.example", null };

        for (var i = 0; i < supporters.Length; i++)
        {
            var client = fresh.CreateClient();
            client.DefaultRequestHeaders.Host = hosts[i];
            var now = fresh.Clock.GetUtcNow();
            var checkout = SupporterFixtures.Checkout(supporters[i], StripeEvents.NewId("sub"), StripeEvents.NewId("cus"));
            var response = await client.DeliverAsync(StripeEvents.Event("checkout.session.completed", checkout, now), now);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            // One after the other: the second arrives once the first has been committed and answered.
        }

        foreach (var supporter in supporters)
        {
            var welcome = Assert.Single(await SmtpInbox.WaitForAsync(supporter.Email, 1, fresh));
            Assert.Contains($"go to {MastheadApp.BaseUrl}{ReaderAccess.SignInPath}", welcome.TextBody);
            Assert.DoesNotContain("evil.example", welcome.TextBody);
        }
    }

    [Trait("Needs", "Smtp")]
    [Fact]
    public async Task A_failed_payment_makes_the_supporter_past_due_and_emails_them_a_way_to_fix_it_once()
    {
        var email = SmtpInbox.NewAddress("supporter");
        var (supporter, subscription) = await SubscribedAsync(email: email);
        await SmtpInbox.WaitForAsync(email, 1, app); // the welcome
        var invoice = StripeEvents.NewId("in");
        var data = SupporterFixtures.Invoice(invoice, subscription, 1_200, Now, paid: false, attempt: 1,
            hostedUrl: "https://invoice.stripe.com/i/acct_test/" + invoice);
        var payload = StripeEvents.Event("invoice.payment_failed", data, Now);

        await app.CreateClient().DeliverAsync(payload, Now);
        await app.CreateClient().DeliverAsync(payload, Now);

        Assert.Equal(SupporterState.PastDue, (await ReloadAsync(supporter)).State);
        var mails = await SmtpInbox.WaitForAsync(email, 2, app);
        var failed = Assert.Single(mails, m => m.Subject.Contains("didn't go through"));
        Assert.Contains("£12", failed.TextBody);
        Assert.Contains("https://invoice.stripe.com/i/acct_test/" + invoice, failed.TextBody);
        Assert.Contains("/my/signin", failed.TextBody);

        // Paying it later puts the supporter back in good standing, and no second failure email was sent.
        await DeliverAsync("invoice.paid", SupporterFixtures.Invoice(invoice, subscription, 1_200, Now.AddHours(1)), Now.AddHours(1));
        Assert.Equal(SupporterState.Active, (await ReloadAsync(supporter)).State);
        Assert.Equal(2, (await SmtpInbox.ForAsync(email)).Count);
    }

    [Fact]
    public async Task A_gift_checkout_started_before_purposes_is_still_a_gift_and_a_supporter_checkout_is_not()
    {
        var (supporter, _) = await SubscribedAsync();
        Assert.False(await app.WithDbAsync(db => db.Ledger.AnyAsync(e => e.Reference == supporter.CheckoutSessionId)));
        var pi = StripeEvents.NewId("pi");
        var intent = await app.GiftIntentAsync(2_000);
        var session = StripeEvents.GiftSession(intent, pi);
        session["metadata"] = new System.Text.Json.Nodes.JsonObject { ["masthead_intent"] = intent.Id.ToString() };
        await DeliverAsync("checkout.session.completed", session);
        Assert.True(await app.WithDbAsync(db => db.Ledger.AnyAsync(e => e.Reference == pi && e.Kind == EntryKind.Donation)));
    }
}
