using System.Net;
using Masthead.IntegrationTests.Infrastructure;
using Npgsql;

namespace Masthead.IntegrationTests.Hosting;

/// <summary>
/// PostgreSQL goes away under a running instance (every connection dropped, new ones refused) and comes back: pages
/// that need it answer 503 with Retry-After and the paper's own error page meanwhile, and the site recovers by itself.
/// </summary>
[Trait("Needs", "PostgreSQL")]
public sealed class DatabaseOutageTests : IAsyncLifetime
{
    private readonly PostgresApp _app = new();
    private TcpRelay _relay = null!;

    public async Task InitializeAsync()
    {
        var server = new NpgsqlConnectionStringBuilder(PostgresApp.ServerConnectionString);
        _relay = new TcpRelay(server.Host!, server.Port);
        _app.WithSetting("ConnectionStrings:Masthead",
            new NpgsqlConnectionStringBuilder(_app.ConnectionString) { Port = _relay.Port, Timeout = 3 }.ConnectionString);
        await _app.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _relay.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Without_the_database_pages_answer_503_with_retry_after_and_recover_when_it_returns()
    {
        var client = _app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/search?q=fund")).StatusCode);

        _relay.Cut();
        var down = await client.GetAsync("/search?q=strike");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.NotNull(down.Headers.RetryAfter);
        var page = await down.ReadDocumentAsync();
        Assert.Equal("We'll be back in a moment", page.QuerySelector("h1")?.TextContent.Trim());
        Assert.NotNull(page.QuerySelector("header"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/search?q=union")).StatusCode);

        _relay.Restore();
        await Eventually.WaitForAsync(async () => (await client.GetAsync("/search?q=union")).StatusCode, s => s == HttpStatusCode.OK);
    }
}
