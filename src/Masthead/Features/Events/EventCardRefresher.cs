using Masthead.Data;
using Masthead.Features.Publishing;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Masthead.Features.Events;

/// <summary>
/// An event's card in an article changes its button when the event starts ("Watch live") and ends ("Watch the
/// event"), but articles are served from the output cache. Every few seconds each instance drops, from its own
/// cache, the pages that show the card of an event that has started or ended since it last looked.
/// </summary>
public sealed class EventCardRefresher(IServiceScopeFactory scopes, IOutputCacheStore cache, TimeProvider time,
    IOptions<EventsOptions> options, ILogger<EventCardRefresher> log) : BackgroundService
{
    /// <summary>Cached pages live at most this long, so on start nothing older needs refreshing.</summary>
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromMinutes(10);

    private DateTime? _lookedAt;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CardRefreshInterval, time);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Refreshing event cards failed; will try again");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One pass: evicts the cards of events that started or ended since the last pass; returns how many.</summary>
    public async Task<int> RefreshAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var since = _lookedAt ?? now - CacheLifetime;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MastheadDb>();
        var paths = await db.Events.AsNoTracking()
            .Where(e => (e.StartsAt > since && e.StartsAt <= now) || (e.EndsAt > since && e.EndsAt <= now))
            .Select(e => e.Slug).ToListAsync(ct);
        foreach (var slug in paths) await cache.EvictByTagAsync(ArticleCardRenderer.CacheTag($"/events/{slug}"), ct);
        _lookedAt = now;
        return paths.Count;
    }
}
