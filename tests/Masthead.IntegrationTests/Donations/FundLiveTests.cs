using System.Net.Http.Json;
using System.Text.Json;
using Masthead.Features.Donations;
using Masthead.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Masthead.IntegrationTests.Donations;

public sealed class FundLiveTests_Sqlite(SqliteApp app) : FundLiveTests<SqliteApp>(app);
[Trait("Needs", "PostgreSQL")]
public sealed class FundLiveTests_Postgres(PostgresApp app) : FundLiveTests<PostgresApp>(app);

/// <summary>Every open page on every instance hears about a gift: the event stream, and a second instance's cache.</summary>
public abstract class FundLiveTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : MastheadApp
{
    private Task GiveAsync(MastheadApp instance, long pence) =>
        instance.WithServiceAsync<DonationRecorder, int>(async r =>
        {
            await r.RecordAsync(new DonationRecorder.Money($"test:{Guid.NewGuid():N}", EntryKind.Donation, PaymentMethod.Cash, pence, "GBP",
                instance.Clock.GetUtcNow().UtcDateTime), "test");
            return 0;
        });

    private static async Task<JsonElement> NextEventAsync(StreamReader stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (true)
        {
            var line = await stream.ReadLineAsync(timeout.Token) ?? throw new EndOfStreamException();
            if (line.StartsWith("data: ")) return JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone();
        }
    }

    [Fact]
    public async Task The_event_stream_sends_the_figures_and_then_each_change()
    {
        var client = app.CreateClient();
        using var response = await client.GetAsync("/api/fighting-fund/stream", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        using var stream = new StreamReader(await response.Content.ReadAsStreamAsync());

        var first = await NextEventAsync(stream);
        await GiveAsync(app, 1_234);
        // A gift another test made just before may still be announced with the same figures; skip such repeats.
        var next = await NextEventAsync(stream);
        while (next.GetProperty("raised_pence").GetInt64() == first.GetProperty("raised_pence").GetInt64()) next = await NextEventAsync(stream);

        Assert.Equal(first.GetProperty("raised_pence").GetInt64() + 1_234, next.GetProperty("raised_pence").GetInt64());
        Assert.Equal(Masthead.Kernel.Money.Pounds(next.GetProperty("raised_pence").GetInt64() / 100),
            next.GetProperty("display").GetProperty("raised").GetString());
    }

    [Fact]
    public async Task A_gift_recorded_on_one_instance_reaches_the_other_instances_cached_pages()
    {
        await using var other = app.Sibling();
        await other.InitializeAsync();
        var otherClient = other.CreateClient();
        var home = await otherClient.GetDocumentAsync("/"); // now in the other instance's output cache
        var before = (await otherClient.GetFromJsonAsync<JsonElement>("/api/fighting-fund")).GetProperty("raised_pence").GetInt64();

        await GiveAsync(app, 5_000);
        // The other instance looks for money recorded elsewhere every Fund:LiveInterval (250 ms); let one interval pass.
        other.Clock.Advance(TimeSpan.FromMilliseconds(300));

        var after = await Eventually.WaitForAsync(
            async () => (await otherClient.GetFromJsonAsync<JsonElement>("/api/fighting-fund")).GetProperty("raised_pence").GetInt64(),
            raised => raised == before + 5_000, seconds: 5);
        var page = await otherClient.GetDocumentAsync("/");
        Assert.Equal(Masthead.Kernel.Money.Pounds(after / 100), page.QuerySelector("[data-fund=raised]")!.TextContent);
        Assert.NotEqual(home.QuerySelector("[data-fund=raised]")!.TextContent, page.QuerySelector("[data-fund=raised]")!.TextContent);
    }
}
