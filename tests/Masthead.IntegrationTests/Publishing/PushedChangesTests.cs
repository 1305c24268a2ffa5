using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Masthead.Features.Donations;
using Masthead.IntegrationTests.Infrastructure;
using Npgsql;

namespace Masthead.IntegrationTests.Publishing;

/// <summary>
/// Two instances on one PostgreSQL tell each other of changes (LISTEN/NOTIFY). Their clocks never move in these tests,
/// so the minute-apart safety net cannot be what carries the news: without notifications each would fail.
/// </summary>
[Trait("Needs", "PostgreSQL")]
public sealed class PushedChangesTests(PostgresApp app) : IClassFixture<PostgresApp>
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(1);

    private static Task GiveAsync(MastheadApp instance, long pence) =>
        instance.WithServiceAsync<DonationRecorder, int>(async r =>
        {
            await r.RecordAsync(new DonationRecorder.Money($"test:{Guid.NewGuid():N}", EntryKind.Donation, PaymentMethod.Cash, pence, "GBP",
                instance.Clock.GetUtcNow().UtcDateTime), "test");
            return 0;
        });

    private static async Task<(string? Id, JsonElement Data)> NextEventAsync(StreamReader stream, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        string? id = null;
        while (true)
        {
            var line = await stream.ReadLineAsync(timeout.Token) ?? throw new EndOfStreamException();
            if (line.StartsWith("id: ", StringComparison.Ordinal)) id = line["id: ".Length..];
            if (line.StartsWith("data: ", StringComparison.Ordinal)) return (id, JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone());
        }
    }

    private async Task<MastheadApp> OtherInstanceAsync()
    {
        var other = app.Sibling();
        await other.InitializeAsync();
        // Both instances are listening before anything happens.
        await Task.Delay(500);
        return other;
    }

    [Fact]
    public async Task A_gift_on_one_instance_reaches_the_others_open_stream_and_served_page_within_a_second()
    {
        await using var other = await OtherInstanceAsync();
        var client = other.CreateClient();
        await client.GetDocumentAsync("/"); // cached on the other instance
        using var response = await client.GetAsync("/api/fighting-fund/stream", HttpCompletionOption.ResponseHeadersRead);
        using var stream = new StreamReader(await response.Content.ReadAsStreamAsync());
        var (_, first) = await NextEventAsync(stream, TimeSpan.FromSeconds(5));
        var before = first.GetProperty("raised_pence").GetInt64();

        var clock = Stopwatch.StartNew();
        await GiveAsync(app, 4_321);
        var (_, next) = await NextEventAsync(stream, Budget);
        Assert.Equal(before + 4_321, next.GetProperty("raised_pence").GetInt64());

        var page = await client.GetDocumentAsync("/");
        Assert.True(clock.Elapsed < Budget, $"took {clock.Elapsed}");
        Assert.Equal(Masthead.Kernel.Money.Pounds((before + 4_321) / 100), page.QuerySelector("[data-fund=raised]")!.TextContent);
    }

    [Fact]
    public async Task An_article_published_on_one_instance_is_served_by_the_other_within_a_second()
    {
        await using var other = await OtherInstanceAsync();
        var client = other.CreateClient();
        var (author, section) = await app.NewAuthorAndSectionAsync();
        var front = await client.GetDocumentAsync("/"); // cached on the other instance
        var title = $"Pushed news {Guid.NewGuid():N}";
        Assert.DoesNotContain(title, front.Body!.TextContent);

        var clock = Stopwatch.StartNew();
        await app.PublishAsync(author, section, title);
        await Eventually.WaitForAsync(async () => (await client.GetDocumentAsync("/")).Body!.TextContent.Contains(title), found => found, seconds: 1);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1.5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task An_instance_that_lost_its_listening_connection_catches_up_when_it_is_back()
    {
        var server = new NpgsqlConnectionStringBuilder(PostgresApp.ServerConnectionString);
        await using var relay = new TcpRelay(server.Host!, server.Port);
        var other = app.Sibling();
        other.WithSetting("ConnectionStrings:MastheadListen",
            new NpgsqlConnectionStringBuilder(other.ConnectionString) { Port = relay.Port, Timeout = 3 }.ConnectionString);
        await using var _ = other;
        await other.InitializeAsync();
        await Task.Delay(500);
        var client = other.CreateClient();
        async Task<long> RaisedAsync() => (await client.GetFromJsonAsync<JsonElement>("/api/fighting-fund")).GetProperty("raised_pence").GetInt64();
        var before = await RaisedAsync();

        relay.Cut();
        await GiveAsync(app, 999);
        await Task.Delay(1_500);
        Assert.Equal(before, await RaisedAsync()); // not heard, and its safety net is a minute away

        relay.Restore();
        await Eventually.WaitForAsync(RaisedAsync, raised => raised == before + 999, seconds: 20);
    }

    [Fact]
    public async Task A_reader_whose_stream_moves_to_another_instance_resumes_with_the_current_figures()
    {
        var client = app.CreateClient();
        string? lastId;
        long seen;
        using (var response = await client.GetAsync("/api/fighting-fund/stream", HttpCompletionOption.ResponseHeadersRead))
        using (var stream = new StreamReader(await response.Content.ReadAsStreamAsync()))
        {
            var (id, data) = await NextEventAsync(stream, TimeSpan.FromSeconds(5));
            (lastId, seen) = (id, data.GetProperty("raised_pence").GetInt64());
        }
        Assert.False(string.IsNullOrEmpty(lastId));

        // While the reader's browser waits to reconnect (the first instance is being deployed), money arrives.
        await GiveAsync(app, 2_500);
        await using var other = await OtherInstanceAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/fighting-fund/stream");
        request.Headers.Add("Last-Event-ID", lastId);
        using var resumed = await other.CreateClient().SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var resumedStream = new StreamReader(await resumed.Content.ReadAsStreamAsync());
        var (resumedId, current) = await NextEventAsync(resumedStream, TimeSpan.FromSeconds(5));

        Assert.True(current.GetProperty("raised_pence").GetInt64() >= seen + 2_500);
        Assert.True(long.Parse(resumedId!) > long.Parse(lastId!), $"{resumedId} after {lastId}");
        var now = (await other.CreateClient().GetFromJsonAsync<JsonElement>("/api/fighting-fund")).GetProperty("raised_pence").GetInt64();
        Assert.Equal(now, current.GetProperty("raised_pence").GetInt64());
    }
}
