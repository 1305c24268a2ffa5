using Masthead.Data;
using Masthead.Features.Publishing;
using Masthead.Infrastructure;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Masthead.Features.Events;

/// <summary>
/// An event's card in an article changes its button when the event starts ("Watch live") and ends ("Watch the
/// event"), but articles are served from the output cache. At each event's start and end each instance drops, from
/// its own cache, the pages that show the card of an event that has started or ended since it last looked.
/// </summary>
/// <remarks>
/// It does not poll: after each pass it sleeps until the next start or end of an event, or for
/// <see cref="EventsOptions.CardRefreshInterval"/> if that is sooner (for events saved on another instance), or until
/// <see cref="EventRegistrations"/> saves an event on this instance and wakes it.
/// </remarks>
public sealed class EventCardRefresher(IServiceScopeFactory scopes, IOutputCacheStore cache, TimeProvider time,
    IOptions<EventsOptions> options, Wakeup<EventCardRefresher> wakeup, ILogger<EventCardRefresher> log) : BackgroundService
{
    /// <summary>How soon a pass that failed (the database away, say) is tried again.</summary>
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(5);

    /// <summary>Cached pages live at most this long, so on start nothing older needs refreshing.</summary>
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromMinutes(10);

    private DateTime? _lookedAt;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var safety = options.Value.CardRefreshInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = time.GetUtcNow() + safety;
            try
            {
                await RefreshAsync(stoppingToken);
                if (await NextChangeAsync(stoppingToken) is { } change && change < next) next = change;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Refreshing event cards failed; will try again");
                next = time.GetUtcNow() + (safety < RetryAfterFailure ? safety : RetryAfterFailure);
            }
            await wakeup.WaitAsync(next, stoppingToken);
        }
    }

    /// <summary>The next moment an event starts or ends, after the last pass; null when no event is to come or under way.</summary>
    private async Task<DateTimeOffset?> NextChangeAsync(CancellationToken ct)
    {
        var after = _lookedAt ?? time.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MastheadDb>();
        var next = await db.Events.AsNoTracking().Where(e => e.EndsAt > after)
            .MinAsync(e => (DateTime?)(e.StartsAt > after ? e.StartsAt : e.EndsAt), ct);
        return next is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null;
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
