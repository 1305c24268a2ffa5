using System.Net;
using Masthead.Features.Donations;
using Masthead.Features.Supporters;
using Masthead.Infrastructure.Payments;
using Masthead.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Masthead.IntegrationTests.Supporters;

public sealed class SupporterConcurrencyTests_Sqlite() : SupporterConcurrencyTests(new SqliteApp { UseRealServer = true });
[Trait("Needs", "PostgreSQL")]
public sealed class SupporterConcurrencyTests_Postgres() : SupporterConcurrencyTests(new PostgresApp { UseRealServer = true });

/// <summary>
/// Subscription events for many supporters, every one delivered twice, shuffled so that payments race their own
/// checkouts, over parallel connections to a real server: every payment is recorded once and nothing is left waiting.
/// </summary>
public abstract class SupporterConcurrencyTests(MastheadApp app) : IAsyncLifetime
{
    private const int Supporters = 12;
    private const int MonthsPaid = 3;

    public Task InitializeAsync() => app.InitializeAsync();
    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task Shuffled_and_repeated_subscription_events_over_parallel_connections_record_each_payment_once()
    {
        var random = new Random(20261130);
        var now = app.Clock.GetUtcNow();
        var scheme = await app.NewSchemeAsync(1_000);
        var events = new List<string>();
        var subscriptions = new List<string>();
        for (var i = 0; i < Supporters; i++)
        {
            var supporter = await app.PendingSupporterAsync(scheme);
            var subscription = StripeEvents.NewId("sub");
            subscriptions.Add(subscription);
            events.Add(StripeEvents.Event("checkout.session.completed", SupporterFixtures.Checkout(supporter, subscription, StripeEvents.NewId("cus")), now));
            for (var m = 0; m < MonthsPaid; m++)
                events.Add(StripeEvents.Event("invoice.paid", SupporterFixtures.Invoice(StripeEvents.NewId("in"), subscription, 1_000, now.AddMinutes(m)), now.AddMinutes(m)));
            events.Add(StripeEvents.Event("customer.subscription.updated", SupporterFixtures.Subscription(subscription, "active", 1_500), now.AddMinutes(10)));
        }
        var deliveries = events.Concat(events).OrderBy(_ => random.Next()).ToList();

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 16 };
        using var client = new HttpClient(handler) { BaseAddress = app.ClientOptions.BaseAddress };
        await Parallel.ForEachAsync(deliveries, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (payload, _) =>
        {
            var response = await client.DeliverAsync(payload, now);
            for (var attempt = 0; response.StatusCode != HttpStatusCode.OK && attempt < 5; attempt++) response = await client.DeliverAsync(payload, now);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        });

        var supporters = await app.WithDbAsync(db => db.Supporters.AsNoTracking().Where(s => subscriptions.Contains(s.SubscriptionId!)).ToListAsync());
        Assert.Equal(Supporters, supporters.Count);
        Assert.All(supporters, s => Assert.Equal((SupporterState.Active, 1_500L), (s.State, s.MonthlyPence)));
        var ids = supporters.Select(s => (int?)s.Id).ToList();
        var payments = await app.WithDbAsync(db => db.Ledger.AsNoTracking().Where(e => ids.Contains(e.SupporterId)).ToListAsync());
        Assert.Equal(Supporters * MonthsPaid, payments.Count);
        Assert.Equal(Supporters * MonthsPaid * 1_000L, payments.Sum(p => p.AmountPence));
        Assert.False(await app.WithDbAsync(db => db.WebhookEvents.AnyAsync(e => e.Outcome == WebhookOutcome.NeedsReview && subscriptions.Contains(e.PaymentKey!))));
    }
}
