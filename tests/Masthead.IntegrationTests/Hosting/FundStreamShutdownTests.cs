using Masthead.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Masthead.IntegrationTests.Hosting;

/// <summary>
/// An instance being stopped (a rolling deploy) ends its open fund streams at once and cleanly, telling browsers how
/// soon to reconnect, instead of holding the shutdown for its full timeout and then resetting the readers' connections.
/// </summary>
public sealed class FundStreamShutdownTests
{
    [Fact]
    public async Task Stopping_the_instance_ends_open_fund_streams_cleanly_and_at_once()
    {
        await using var app = new SqliteApp { UseRealServer = true };
        await app.InitializeAsync();
        var client = app.CreateClient();
        using var response = await client.GetAsync("/api/fighting-fund/stream", HttpCompletionOption.ResponseHeadersRead);
        using var stream = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal("retry: 2000", await stream.ReadLineAsync());

        var stopping = DateTime.UtcNow;
        app.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        // The rest of the stream arrives and then ends: no reset, no IOException.
        var rest = await stream.ReadToEndAsync(limit.Token);
        Assert.Contains("event: fund", rest);
        Assert.True(DateTime.UtcNow - stopping < TimeSpan.FromSeconds(10),
            $"The stream ended {(DateTime.UtcNow - stopping).TotalSeconds:0.0} s after the stop began: the shutdown waited for it");
    }
}
