using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Masthead.Features.Donations;
using Masthead.Infrastructure.Payments;
using Masthead.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Masthead.IntegrationTests.Donations;

public sealed class StripeWebhookTests_Sqlite(SqliteApp app) : StripeWebhookTests<SqliteApp>(app);
[Trait("Needs", "PostgreSQL")]
public sealed class StripeWebhookTests_Postgres(PostgresApp app) : StripeWebhookTests<PostgresApp>(app);

public abstract class StripeWebhookTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : MastheadApp
{
    private DateTimeOffset Now => app.Clock.GetUtcNow();

    private async Task<long> RaisedAsync()
    {
        var json = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/fighting-fund");
        return json.GetProperty("raised_pence").GetInt64();
    }

    private Task<List<LedgerEntry>> EntriesAsync(string paymentIntent) =>
        app.WithDbAsync(db => db.Ledger.AsNoTracking().Where(e => e.Reference == paymentIntent).OrderBy(e => e.Id).ToListAsync());

    /// <summary>A paid checkout of a gift started on /donate (its intent is saved first).</summary>
    private async Task<string> Completed(string pi, long amount, string? eventId = null, string? session = null) =>
        StripeEvents.Event("checkout.session.completed", StripeEvents.GiftSession(await app.GiftIntentAsync(amount, session), pi), Now, eventId);

    [Fact]
    public async Task A_completed_checkout_is_recorded_as_the_donor_asked_and_counts_toward_the_fund()
    {
        var client = app.CreateClient();
        var before = await RaisedAsync();
        var pi = StripeEvents.NewId("pi");

        var response = await client.DeliverAsync(await Completed(pi, 2_050), Now);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before + 2_050, await RaisedAsync());
        var gift = Assert.Single(await EntriesAsync(pi));
        Assert.Equal((EntryKind.Donation, PaymentMethod.Card, 2_050L), (gift.Kind, gift.Method, gift.AmountPence));
        Assert.Equal(("Jo Bloggs", "donor@example.org", "Guernsey"), (gift.DonorName, gift.DonorEmail, gift.DonorTown));
        Assert.Equal(ThankAs.Anonymous, gift.ThankAs);
        Assert.True(gift.ShowTown);
        Assert.Equal(DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(Now.UtcDateTime, TimeZoneInfo.FindSystemTimeZoneById("Europe/London"))), gift.FundDate);
    }

    [Fact]
    public async Task A_tampered_payload_is_refused_and_changes_nothing()
    {
        var client = app.CreateClient();
        var pi = StripeEvents.NewId("pi");
        var payload = await Completed(pi, 1_000);
        var signature = StripeEvents.Signature(payload, MastheadApp.WebhookSecret, Now);

        var response = await client.DeliverAsync(payload.Replace("1000", "1000000"), Now, signature: signature);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Stripe-Signature", await response.Content.ReadAsStringAsync());
        Assert.Empty(await EntriesAsync(pi));
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(-3600)]
    public async Task A_stale_signature_is_refused(int secondsOld)
    {
        var pi = StripeEvents.NewId("pi");
        var response = await app.CreateClient().DeliverAsync(await Completed(pi, 1_000), Now.AddSeconds(secondsOld));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await EntriesAsync(pi));
    }

    [Fact]
    public async Task A_signature_with_another_secret_or_none_is_refused()
    {
        var client = app.CreateClient();
        var pi = StripeEvents.NewId("pi");
        Assert.Equal(HttpStatusCode.BadRequest, (await client.DeliverAsync(await Completed(pi, 1_000), Now, secret: "whsec_someone_else")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.DeliverAsync(await Completed(pi, 1_000), Now, signature: "")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.DeliverAsync(await Completed(pi, 1_000), Now, signature: "t=1,v1=00")).StatusCode);
        Assert.Empty(await EntriesAsync(pi));
    }

    [Fact]
    public async Task An_event_type_masthead_does_not_use_is_acknowledged_and_kept()
    {
        var id = StripeEvents.NewId("evt");
        var payload = StripeEvents.Event("customer.created", new() { ["id"] = StripeEvents.NewId("cus"), ["object"] = "customer" }, Now, id);
        var before = await RaisedAsync();

        var response = await app.CreateClient().DeliverAsync(payload, Now);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before, await RaisedAsync());
        var kept = await app.WithDbAsync(db => db.WebhookEvents.AsNoTracking().SingleAsync(e => e.Id == id));
        Assert.Equal(WebhookOutcome.Ignored, kept.Outcome);
    }

    [Fact]
    public async Task A_duplicated_delivery_counts_once()
    {
        var client = app.CreateClient();
        var pi = StripeEvents.NewId("pi");
        var payload = await Completed(pi, 3_000);
        var before = await RaisedAsync();

        var first = await client.DeliverAsync(payload, Now);
        var again = await client.DeliverAsync(payload, Now.AddSeconds(30));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("Duplicate", await again.Content.ReadAsStringAsync());
        Assert.Equal(before + 3_000, await RaisedAsync());
        Assert.Single(await EntriesAsync(pi));
    }

    [Fact]
    public async Task The_same_checkout_in_two_different_events_counts_once()
    {
        var client = app.CreateClient();
        var pi = StripeEvents.NewId("pi");
        var session = StripeEvents.NewId("cs");
        var before = await RaisedAsync();

        await client.DeliverAsync(await Completed(pi, 1_500, session: session), Now);
        var second = await client.DeliverAsync(await Completed(pi, 1_500, session: session), Now);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(before + 1_500, await RaisedAsync());
    }

    [Fact]
    public async Task A_refund_that_arrives_before_its_donation_waits_for_review_and_is_applied_when_the_donation_arrives()
    {
        var client = app.CreateClient();
        var pi = StripeEvents.NewId("pi");
        var charge = StripeEvents.NewId("ch");
        var refundId = StripeEvents.NewId("evt");
        var before = await RaisedAsync();

        var refund = await client.DeliverAsync(StripeEvents.Event("charge.refunded", StripeEvents.RefundedCharge(charge, pi, 5_000, 2_000), Now, refundId), Now);
        Assert.Equal(HttpStatusCode.OK, refund.StatusCode);
        Assert.Equal(before, await RaisedAsync());
        var waiting = await app.WithDbAsync(db => db.WebhookEvents.AsNoTracking().SingleAsync(e => e.Id == refundId));
        Assert.Equal(WebhookOutcome.NeedsReview, waiting.Outcome);

        await client.DeliverAsync(await Completed(pi, 5_000), Now);

        Assert.Equal(before + 3_000, await RaisedAsync());
        var entries = await EntriesAsync(pi);
        Assert.Equal([5_000L, -2_000L], entries.Select(e => e.AmountPence));
        Assert.Equal(entries[0].Id, entries[1].ReversesId);
        var resolved = await app.WithDbAsync(db => db.WebhookEvents.AsNoTracking().SingleAsync(e => e.Id == refundId));
        Assert.Equal(WebhookOutcome.Resolved, resolved.Outcome);
    }

    [Fact]
    public async Task Partial_refunds_in_any_order_reverse_exactly_what_was_refunded()
    {
        var client = app.CreateClient();
        var pi = StripeEvents.NewId("pi");
        var charge = StripeEvents.NewId("ch");
        var before = await RaisedAsync();
        await client.DeliverAsync(await Completed(pi, 10_000), Now);

        // Stripe reports the running total refunded; the later event arrives first.
        await client.DeliverAsync(StripeEvents.Event("charge.refunded", StripeEvents.RefundedCharge(charge, pi, 10_000, 7_000), Now), Now);
        await client.DeliverAsync(StripeEvents.Event("charge.refunded", StripeEvents.RefundedCharge(charge, pi, 10_000, 3_000), Now), Now);

        Assert.Equal(before + 3_000, await RaisedAsync());
        await client.DeliverAsync(StripeEvents.Event("charge.refunded", StripeEvents.RefundedCharge(charge, pi, 10_000, 10_000), Now), Now);
        Assert.Equal(before, await RaisedAsync());
        Assert.Equal(0, (await EntriesAsync(pi)).Sum(e => e.AmountPence));
    }

    [Fact]
    public async Task A_dispute_next_month_reverses_the_gift_in_the_period_where_it_counted()
    {
        var client = app.CreateClient();
        var pi = StripeEvents.NewId("pi");
        await client.DeliverAsync(await Completed(pi, 4_000), Now);
        var gift = Assert.Single(await EntriesAsync(pi));

        var nextMonth = Now.AddDays(40);
        var response = await client.DeliverAsync(
            StripeEvents.Event("charge.dispute.created", StripeEvents.Dispute(StripeEvents.NewId("dp"), StripeEvents.NewId("ch"), pi, 4_000), nextMonth),
            Now);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reversal = (await EntriesAsync(pi)).Single(e => e.Kind == EntryKind.Dispute);
        Assert.Equal((-4_000L, gift.FundDate, gift.Id), (reversal.AmountPence, reversal.FundDate, reversal.ReversesId!.Value));
    }

    [Fact]
    public async Task A_refund_and_a_dispute_together_never_reverse_more_than_was_given()
    {
        var client = app.CreateClient();
        var pi = StripeEvents.NewId("pi");
        var charge = StripeEvents.NewId("ch");
        await client.DeliverAsync(await Completed(pi, 2_500), Now);

        await client.DeliverAsync(StripeEvents.Event("charge.refunded", StripeEvents.RefundedCharge(charge, pi, 2_500, 2_500), Now), Now);
        await client.DeliverAsync(StripeEvents.Event("charge.dispute.created", StripeEvents.Dispute(StripeEvents.NewId("dp"), charge, pi, 2_500), Now), Now);

        Assert.Equal(0, (await EntriesAsync(pi)).Sum(e => e.AmountPence));
    }

    [Fact]
    public async Task A_dispute_about_an_unknown_payment_is_kept_for_finance_to_review()
    {
        var id = StripeEvents.NewId("evt");
        var before = await RaisedAsync();
        var pi = StripeEvents.NewId("pi");

        var response = await app.CreateClient().DeliverAsync(
            StripeEvents.Event("charge.dispute.created", StripeEvents.Dispute(StripeEvents.NewId("dp"), StripeEvents.NewId("ch"), pi, 900), Now, id), Now);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before, await RaisedAsync());
        var kept = await app.WithDbAsync(db => db.WebhookEvents.AsNoTracking().SingleAsync(e => e.Id == id));
        Assert.Equal((WebhookOutcome.NeedsReview, pi), (kept.Outcome, kept.PaymentKey));
        Assert.Contains("has not recorded", kept.Note);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("{}")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"id\":\"evt_1\",\"object\":\"event\"}")]
    public async Task A_signed_payload_that_is_not_an_event_is_refused(string payload)
    {
        var before = await RaisedAsync();
        var response = await app.CreateClient().DeliverAsync(payload, Now);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await RaisedAsync());
    }

    [Fact]
    public async Task A_ten_megabyte_body_is_refused()
    {
        var before = await RaisedAsync();
        var payload = "{\"pad\":\"" + new string('x', 10 * 1024 * 1024) + "\"}";
        var response = await app.CreateClient().DeliverAsync(payload, Now);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(before, await RaisedAsync());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-500)]
    public async Task A_checkout_without_a_positive_amount_records_nothing(long amount)
    {
        var pi = StripeEvents.NewId("pi");
        var intent = await app.GiftIntentAsync(1_000);
        var response = await app.CreateClient().DeliverAsync(
            StripeEvents.Event("checkout.session.completed", StripeEvents.GiftSession(intent, pi, amountPaid: amount), Now), Now);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await EntriesAsync(pi));
    }
}
