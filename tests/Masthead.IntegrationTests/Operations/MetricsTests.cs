using System.Diagnostics.Metrics;
using System.Net;
using Masthead.Infrastructure.Email;
using Masthead.Infrastructure.Operations;
using Masthead.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Masthead.IntegrationTests.Operations;

public sealed class MetricsTests_Sqlite(SqliteApp app) : MetricsTests<SqliteApp>(app);
[Trait("Needs", "PostgreSQL")]
public sealed class MetricsTests_Postgres(PostgresApp app) : MetricsTests<PostgresApp>(app);

/// <summary>The paper's own instruments, read as a collector (OTLP, Prometheus) would read them.</summary>
public abstract class MetricsTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : MastheadApp, new()
{
    private static MetricCollector<T> Collect<T>(MastheadApp instance, string instrument) where T : struct =>
        new(instance.Services.GetRequiredService<IMeterFactory>(), MastheadMetrics.MeterName, instrument);

    private static string? Tag<T>(CollectedMeasurement<T> m, string name) where T : struct =>
        m.Tags.TryGetValue(name, out var value) ? value as string : null;

    [Fact]
    public async Task A_gift_through_the_signed_webhook_is_counted_once_in_pence()
    {
        using var pence = Collect<long>(app, "masthead.money.recorded");
        using var entries = Collect<long>(app, "masthead.money.entries");
        using var webhooks = Collect<long>(app, "masthead.webhook.events");
        var now = app.Clock.GetUtcNow();
        var intent = await app.GiftIntentAsync(1_237);
        var payload = StripeEvents.Event("checkout.session.completed", StripeEvents.GiftSession(intent, StripeEvents.NewId("pi")), now);
        var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.DeliverAsync(payload, now)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.DeliverAsync(payload, now)).StatusCode); // Stripe delivers it again

        var gift = Assert.Single(pence.GetMeasurementSnapshot(), m => m.Value == 1_237);
        Assert.Equal(("gift", "online", "GBP"), (Tag(gift, "kind"), Tag(gift, "source"), Tag(gift, "currency")));
        Assert.Contains(entries.GetMeasurementSnapshot(), m => m.Value == 1 && Tag(m, "kind") == "gift" && Tag(m, "source") == "online");
        var outcomes = webhooks.GetMeasurementSnapshot().Select(m => Tag(m, "outcome")).ToList();
        Assert.Contains("applied", outcomes);
        Assert.Contains("duplicate", outcomes);
    }

    [Fact]
    public async Task A_webhook_with_a_bad_signature_is_counted_as_rejected_and_records_no_money()
    {
        using var pence = Collect<long>(app, "masthead.money.recorded");
        using var webhooks = Collect<long>(app, "masthead.webhook.events");
        var now = app.Clock.GetUtcNow();
        var intent = await app.GiftIntentAsync(1_239);
        var payload = StripeEvents.Event("checkout.session.completed", StripeEvents.GiftSession(intent, StripeEvents.NewId("pi")), now);

        await app.CreateClient().DeliverAsync(payload, now, secret: "whsec_not_ours");

        Assert.Contains(webhooks.GetMeasurementSnapshot(), m => Tag(m, "outcome") == "rejected_signature");
        Assert.DoesNotContain(pence.GetMeasurementSnapshot(), m => m.Value == 1_239);
    }

    [Fact]
    public async Task An_open_fund_stream_is_counted_until_the_reader_leaves()
    {
        using var streams = Collect<long>(app, "masthead.fund.stream.connections");
        long Open() => streams.GetMeasurementSnapshot().Sum(m => m.Value);

        var response = await app.CreateClient().GetAsync("/api/fighting-fund/stream", HttpCompletionOption.ResponseHeadersRead);
        using (var stream = new StreamReader(await response.Content.ReadAsStreamAsync()))
        {
            Assert.Equal("retry: 2000", await stream.ReadLineAsync());
            Assert.Equal("", await stream.ReadLineAsync());
            Assert.StartsWith("event: fund", await stream.ReadLineAsync());
            Assert.Equal(1, Open());
        }
        response.Dispose();

        await Eventually.WaitForAsync(() => Task.FromResult(Open()), open => open == 0, seconds: 5);
    }

    [Fact]
    public async Task The_outbox_gauges_show_how_much_mail_waits_and_for_how_long()
    {
        // An instance that sends nothing, so the outbox holds exactly what this test puts there.
        await using var instance = new TApp().WithSetting("Email:SmtpHost", "");
        await instance.InitializeAsync();
        using var depth = Collect<int>(instance, "masthead.email.outbox.depth");
        using var age = Collect<double>(instance, "masthead.email.outbox.oldest_age");
        var now = instance.Clock.GetUtcNow().UtcDateTime;

        depth.RecordObservableInstruments();
        age.RecordObservableInstruments();
        Assert.Equal((0, 0d), (depth.LastMeasurement!.Value, age.LastMeasurement!.Value));

        await instance.WithDbAsync(async db =>
        {
            db.Outbox.AddRange(
                Mail("waiting-long", now.AddMinutes(-10)),
                Mail("waiting", now.AddMinutes(-1)),
                Mail("sent", now.AddHours(-1), sentAt: now.AddMinutes(-59)),
                Mail("given-up", now.AddHours(-2), attempts: 100));
            await db.SaveChangesAsync();
        });
        instance.Clock.Advance(TimeSpan.FromSeconds(2)); // past the one second a reading serves both gauges

        depth.RecordObservableInstruments();
        age.RecordObservableInstruments();
        Assert.Equal(2, depth.LastMeasurement!.Value);
        Assert.InRange(age.LastMeasurement!.Value, 602, 603);
    }

    private static OutboxEmail Mail(string key, DateTime createdAt, DateTime? sentAt = null, int attempts = 0) => new()
    {
        Key = $"metrics-test:{key}:{Guid.NewGuid():N}",
        ToAddress = "reader@example.org",
        Subject = "A message",
        TextBody = "Body.",
        CreatedAt = createdAt,
        NextAttemptAt = createdAt,
        SentAt = sentAt,
        Attempts = attempts,
    };

    [Fact]
    public async Task Prometheus_is_off_unless_its_port_is_set()
    {
        Assert.Null(app.Services.GetService<PrometheusEndpoint>());
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task Prometheus_serves_the_papers_instruments_on_its_own_port_and_never_on_the_public_one()
    {
        await using var instance = new TApp { UseRealServer = true }.WithSetting("Metrics:Prometheus:Port", "0");
        await instance.InitializeAsync();
        var scrape = new Uri(instance.Services.GetRequiredService<PrometheusEndpoint>().Address!, "/metrics");
        var publicClient = instance.CreateClient();
        using var open = await publicClient.GetAsync("/api/fighting-fund/stream", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, (await publicClient.GetAsync("/api/fighting-fund")).StatusCode); // a request that has finished

        using var scraper = new HttpClient();
        var metrics = await scraper.GetStringAsync(scrape);

        Assert.Contains("masthead_email_outbox_depth", metrics);
        Assert.Contains("masthead_fund_stream_connections", metrics);
        Assert.Contains("http_server_request_duration_seconds", metrics);
        Assert.Equal(HttpStatusCode.NotFound, (await publicClient.GetAsync("/metrics")).StatusCode);
        // Naming the metrics port in the Host header does not reach it through the public port either.
        var spoofed = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Host = $"{scrape.Host}:{scrape.Port}" } };
        Assert.Equal(HttpStatusCode.NotFound, (await publicClient.SendAsync(spoofed)).StatusCode);
        // And the metrics port serves nothing else.
        Assert.Equal(HttpStatusCode.NotFound, (await scraper.GetAsync(new Uri(scrape, "/healthz"))).StatusCode);
    }
}
