using System.Text.Json;
using System.Text.Json.Serialization;
using Masthead.Features.Publishing;
using Masthead.Infrastructure.Operations;

namespace Masthead.Features.FightingFund;

/// <summary>The fund as JSON, as a live stream of Server-Sent Events, and as a fragment other sites can embed.</summary>
public static class FundEndpoints
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public sealed record FundJson(
        long RaisedPence, long TargetPence, long NeededPence, int DaysRemaining, DateOnly PeriodStart, DateOnly PeriodEnd,
        string Currency, [property: JsonPropertyName("display")] FundWidgetView Display)
    {
        public static FundJson From(FundFigures f) => new(f.RaisedPence, f.TargetPence, f.NeededPence, f.DaysRemaining,
            f.Start, f.End, f.Currency, FundWidgetView.From(f));
    }

    public static void MapFund(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/fighting-fund", async (FundLive live, HttpContext http, CancellationToken ct) =>
        {
            http.Response.Headers.CacheControl = "no-cache";
            return await live.GetAsync(ct) is { } snapshot
                ? Results.Json(FundJson.From(snapshot.Figures), Json)
                : Results.Problem("No fund period is open today.", statusCode: StatusCodes.Status404NotFound);
        });

        app.MapGet("/api/fighting-fund/stream", Stream);
    }

    /// <summary>
    /// Sends the figures now and again whenever they change; a comment every 15 s keeps proxies from closing it. When
    /// the instance shuts down the stream ends at once, cleanly, and the reader's browser reconnects (to another
    /// instance) after the <c>retry</c> pause it was given, so a rolling restart is not held up by open pages.
    /// </summary>
    private static async Task Stream(HttpContext http, FundLive live, IHostApplicationLifetime lifetime, MastheadMetrics metrics, CancellationToken aborted)
    {
        using var open = CancellationTokenSource.CreateLinkedTokenSource(aborted, lifetime.ApplicationStopping);
        var ct = open.Token;
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache, no-transform";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        metrics.FundStreamOpened();
        try
        {
            using var subscription = live.Subscribe();
            await http.Response.WriteAsync("retry: 2000\n\n", ct);
            await SendAsync(http, await live.GetAsync(ct), ct);
            while (!ct.IsCancellationRequested)
            {
                using var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(ct);
                heartbeat.CancelAfter(TimeSpan.FromSeconds(15));
                try
                {
                    var snapshot = await subscription.Reader.ReadAsync(heartbeat.Token);
                    await SendAsync(http, snapshot, ct);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    await http.Response.WriteAsync(": still here\n\n", ct);
                    await http.Response.Body.FlushAsync(ct);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The reader closed the page, or the instance is stopping.
        }
        finally
        {
            metrics.FundStreamClosed();
        }
    }

    /// <summary>
    /// One event, whose id is the money audit's position the figures were computed at: the same on every instance, so
    /// a browser that reconnects elsewhere says how far it had got (Last-Event-ID) and is sent the figures as they are
    /// now, whatever it missed meanwhile.
    /// </summary>
    private static async Task SendAsync(HttpContext http, FundSnapshot? snapshot, CancellationToken ct)
    {
        var data = snapshot is null ? "null" : JsonSerializer.Serialize(FundJson.From(snapshot.Figures), Json);
        var id = snapshot is null ? "" : $"id: {snapshot.Version}\n";
        await http.Response.WriteAsync($"event: fund\n{id}data: {data}\n\n", ct);
        await http.Response.Body.FlushAsync(ct);
    }
}
