using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Masthead.Features.Donations;
using Masthead.Infrastructure.Payments;
using Masthead.IntegrationTests.Infrastructure;
using Masthead.IntegrationTests.Supporters;
using Microsoft.EntityFrameworkCore;

namespace Masthead.IntegrationTests.Payments;

// A load test: in the full run only, not in scripts/test --fast.
[Trait("Category", "Load")]
public sealed class MutatedEventTests_Sqlite(SqliteApp app) : MutatedEventTests<SqliteApp>(app);
[Trait("Needs", "PostgreSQL")]
public sealed class MutatedEventTests_Postgres(PostgresApp app) : MutatedEventTests<PostgresApp>(app);

/// <summary>
/// A hostile sender holding the webhook secret: thousands of validly signed events, each a real-shaped event with
/// something broken — a field missing, the wrong type, a huge or negative number, a long string with control
/// characters, an odd currency, a lone surrogate. Whatever comes, no answer is a 5xx; the fund moves by exactly the
/// gifts that match an intent Masthead created; every other paid checkout waits in the review queue.
/// </summary>
public abstract class MutatedEventTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : MastheadApp
{
    private const int Events = 2_500;

    [Fact]
    public async Task Thousands_of_mutated_signed_events_never_get_a_5xx_and_only_matching_gifts_count()
    {
        var seed = Environment.GetEnvironmentVariable("MASTHEAD_FUZZ_SEED") is { } s ? int.Parse(s) : 20261207;
        var random = new Random(seed);
        var now = app.Clock.GetUtcNow();
        var client = app.CreateClient();
        var before = (await client.GetFromJsonAsync<JsonElement>("/api/fighting-fund")).GetProperty("raised_pence").GetInt64();
        var intents = await app.GiftIntentsAsync(Enumerable.Range(0, 300).Select(_ => (StripeEvents.NewId("cs"), (long)random.Next(100, 100_000))).ToList());
        var scheme = await app.NewSchemeAsync(pence: 500);
        var supporter = await app.SupporterAsync(scheme, Features.Supporters.SupporterState.Active, DateTime.UtcNow.AddMonths(-1));

        var statuses = new Dictionary<HttpStatusCode, int>();
        for (var i = 0; i < Events; i++)
        {
            var intent = intents[random.Next(intents.Count)];
            var pi = "pi_" + intent.ProviderSessionId![3..];
            JsonObject dataObject = random.Next(8) switch
            {
                0 or 1 or 2 => StripeEvents.GiftSession(intent, pi),
                3 => StripeEvents.CheckoutSession(StripeEvents.NewId("cs"), StripeEvents.NewId("pi"), random.Next(1, 10_000)),
                4 => StripeEvents.RefundedCharge(StripeEvents.NewId("ch"), pi, intent.AmountPence, random.Next(1, (int)intent.AmountPence)),
                5 => StripeEvents.Dispute(StripeEvents.NewId("dp"), StripeEvents.NewId("ch"), pi, intent.AmountPence),
                6 => SupporterFixtures.Invoice(StripeEvents.NewId("in"), supporter.SubscriptionId!, 500, now),
                _ => SupporterFixtures.Subscription(supporter.SubscriptionId!, "active", 500),
            };
            var type = dataObject["object"]!.GetValue<string>() switch
            {
                "checkout.session" => "checkout.session.completed",
                "charge" => "charge.refunded",
                "dispute" => "charge.dispute.created",
                "invoice" => random.Next(2) == 0 ? "invoice.paid" : "invoice.payment_failed",
                _ => "customer.subscription.updated",
            };
            var envelope = JsonNode.Parse(StripeEvents.Event(type, dataObject, now))!.AsObject();
            // Most events get one or more mutations; a few go as they are, so gifts really do count.
            for (var m = random.Next(4) == 0 ? 0 : random.Next(1, 4); m > 0; m--) Mutate(envelope, random);

            var payload = envelope.ToJsonString();
            if (random.Next(50) == 0) payload = payload.Insert(random.Next(payload.Length), random.Next(2) == 0 ? "\\ud800" : "\u0001");
            var response = await client.DeliverAsync(payload, now);
            statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
            var answer = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode < 500,
                $"Event {i} (seed {seed}) got {(int)response.StatusCode}: {answer}\n{payload[..Math.Min(payload.Length, 2000)]}");
            // What the app answers (and logs) quotes the event only as plain text.
            if (response.IsSuccessStatusCode)
                Assert.DoesNotContain(JsonDocument.Parse(answer).RootElement.GetProperty("message").GetString()!, char.IsControl);
        }

        // The fund moved by exactly the gifts recorded, each of which matches an intent in session, amount and currency.
        var byIntentSession = intents.ToDictionary(i => i.ProviderSessionId!);
        var ledger = await app.WithDbAsync(db => db.Ledger.AsNoTracking().Where(e => e.RecordedBy == StripeWebhook.RecordedBy).ToListAsync());
        foreach (var gift in ledger.Where(e => e.Kind == EntryKind.Donation))
        {
            var intent = byIntentSession[gift.ExternalId["stripe:checkout:".Length..]];
            Assert.Equal((intent.AmountPence, intent.Currency, intent.Name), (gift.AmountPence, gift.Currency, gift.DonorName));
        }
        Assert.True(ledger.Count(e => e.Kind == EntryKind.Donation) > 20, $"Only {ledger.Count(e => e.Kind == EntryKind.Donation)} gifts counted: the test lost its teeth.");
        var raised = (await client.GetFromJsonAsync<JsonElement>("/api/fighting-fund")).GetProperty("raised_pence").GetInt64();
        Assert.Equal(ledger.Where(e => e.CountsTowardFund).Sum(e => e.AmountPence), raised - before);

        // Every paid checkout that did not become a gift is in the review queue, with a reason.
        var kept = await app.WithDbAsync(db => db.WebhookEvents.AsNoTracking()
            .Where(e => e.Type == "checkout.session.completed").ToListAsync());
        var counted = ledger.Select(e => e.ExternalId).ToHashSet();
        foreach (var e in kept)
        {
            var read = PaymentEvent.Read(e.Payload, out _)!;
            var session = read.Object.ValueKind == JsonValueKind.Object ? StripeObjects.CheckoutSession.From(read.Object) : null;
            if (session is not { Paid: true } || e.Outcome == WebhookOutcome.Applied && counted.Contains($"stripe:checkout:{session.Id}")) continue;
            if (e.Outcome == WebhookOutcome.Applied && e.Note!.Contains("already")) continue; // a repeat of a counted checkout
            Assert.True(e.Outcome == WebhookOutcome.NeedsReview, $"Paid checkout event {e.Id} is {e.Outcome}: {e.Note}");
            Assert.False(string.IsNullOrWhiteSpace(e.Note));
        }
        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.OK) > Events / 2, string.Join(", ", statuses.Select(p => $"{p.Key}: {p.Value}")));
    }

    private static readonly JsonNode?[] Oddities =
    [
        null, "", " ", "x", new string('Ω', 5_000) + "\u0000\u0007\n\t", "\u200B\uFEFF", 0, -1, 1.5, long.MaxValue, long.MinValue,
        1e30, true, false, new JsonArray(1, 2), new JsonObject { ["id"] = "nested" }, "usd", "xx", "GBP", "9223372036854775807",
    ];

    /// <summary>One thing broken somewhere in the event: a field removed, or its value replaced by something odd.</summary>
    private static void Mutate(JsonObject envelope, Random random)
    {
        var fields = new List<(JsonObject Parent, string Name)>();
        Collect(envelope, fields);
        var (parent, name) = fields[random.Next(fields.Count)];
        if (random.Next(4) == 0) parent.Remove(name);
        else parent[name] = Oddities[random.Next(Oddities.Length)]?.DeepClone();
    }

    private static void Collect(JsonObject o, List<(JsonObject, string)> fields)
    {
        foreach (var (name, value) in o.ToList())
        {
            fields.Add((o, name));
            if (value is JsonObject child) Collect(child, fields);
            else if (value is JsonArray array) foreach (var item in array.OfType<JsonObject>()) Collect(item, fields);
        }
    }
}
