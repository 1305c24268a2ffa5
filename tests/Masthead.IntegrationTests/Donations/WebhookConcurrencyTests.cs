using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Masthead.Features.Donations;
using Masthead.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Masthead.IntegrationTests.Donations;

// A load test: in the full run only, not in scripts/test --fast.
[Trait("Category", "Load")]
public sealed class WebhookConcurrencyTests_Sqlite() : WebhookConcurrencyTests(new SqliteApp { UseRealServer = true });
[Trait("Needs", "PostgreSQL")]
public sealed class WebhookConcurrencyTests_Postgres() : WebhookConcurrencyTests(new PostgresApp { UseRealServer = true });

/// <summary>
/// A thousand signed deliveries over 32 parallel connections to a real Kestrel server — a tenth of them
/// repeats, some refunds, some refunds racing ahead of their gifts — leave the fund right to the penny.
/// </summary>
public abstract class WebhookConcurrencyTests(MastheadApp app) : IAsyncLifetime
{
    private const int Deliveries = 1_000;
    private const int Connections = 32;

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task A_thousand_deliveries_over_32_connections_count_every_penny_once()
    {
        var random = new Random(20261129);
        var now = app.Clock.GetUtcNow();
        var distinct = new List<string>();
        long expected = 0;
        var gifts = 0;
        // Every gift was started on /donate: its intent is saved before the deliveries begin.
        var intents = new Queue<DonationIntent>(await app.GiftIntentsAsync(
            Enumerable.Range(0, Deliveries).Select(_ => (StripeEvents.NewId("cs"), (long)random.Next(100, 50_000))).ToList()));
        while (distinct.Count < Deliveries * 9 / 10)
        {
            var pi = StripeEvents.NewId("pi");
            var intent = intents.Dequeue();
            var amount = intent.AmountPence;
            distinct.Add(StripeEvents.Event("checkout.session.completed", StripeEvents.GiftSession(intent, pi), now));
            expected += amount;
            gifts++;
            if (random.Next(10) == 0)
            {
                var refunded = random.Next(1, (int)amount + 1);
                distinct.Add(StripeEvents.Event("charge.refunded", StripeEvents.RefundedCharge(StripeEvents.NewId("ch"), pi, amount, refunded), now));
                expected -= refunded;
            }
        }
        var deliveries = distinct.Concat(Enumerable.Range(0, Deliveries - distinct.Count).Select(_ => distinct[random.Next(distinct.Count)]))
            .OrderBy(_ => random.Next()).ToList();
        Assert.Equal(Deliveries, deliveries.Count);

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Connections };
        using var client = new HttpClient(handler) { BaseAddress = app.ClientOptions.BaseAddress };
        var failures = 0;
        await Parallel.ForEachAsync(deliveries, new ParallelOptions { MaxDegreeOfParallelism = Connections }, async (payload, ct) =>
        {
            var response = await client.DeliverAsync(payload, now);
            // Stripe retries anything but a 2xx; so do we, as Stripe would.
            for (var attempt = 0; response.StatusCode != HttpStatusCode.OK && attempt < 5; attempt++)
            {
                Interlocked.Increment(ref failures);
                response = await client.DeliverAsync(payload, now);
            }
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        });

        var raised = await client.GetFromJsonAsync<JsonElement>("/api/fighting-fund");
        var ledger = await app.WithDbAsync(db => db.Ledger.SumAsync(e => e.AmountPence));
        var donations = await app.WithDbAsync(db => db.Ledger.CountAsync(e => e.Kind == EntryKind.Donation));
        Assert.Equal(expected, ledger);
        Assert.Equal(expected, raised.GetProperty("raised_pence").GetInt64());
        Assert.Equal(gifts, donations);
        Assert.True(failures < Deliveries / 100, $"{failures} deliveries needed a retry");
    }
}
