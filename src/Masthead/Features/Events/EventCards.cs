using Masthead.Data;
using Masthead.Features.Publishing;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Events;

/// <summary>An event's link alone on an article's line becomes a card: its date in the paper's zone and what to do now.</summary>
public sealed class EventCards(MastheadDb db, PaperClock clock) : IArticleCardSource, ISitemapSource
{
    private const string Prefix = "/events/";

    public async Task<ArticleCard?> FindAsync(string path, CancellationToken ct)
    {
        if (!path.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var slug = path[Prefix.Length..].TrimEnd('/');
        if (!Slug.IsValid(slug)) return null;
        var e = await db.Events.AsNoTracking().FirstOrDefaultAsync(x => x.Slug == slug, ct);
        if (e is null) return null;
        var state = e.StateAt(clock.UtcNow);
        var action = state switch
        {
            EventState.Upcoming => "Register",
            EventState.Live => "Watch live",
            _ => e.RecordingUrl is null ? "About the event" : "Watch the event",
        };
        DateTimeOffset? changesAt = state switch
        {
            EventState.Upcoming => new DateTimeOffset(e.StartsAt, TimeSpan.Zero),
            EventState.Live => new DateTimeOffset(e.EndsAt, TimeSpan.Zero),
            _ => null,
        };
        var where = e.IsOnline ? "Online" : e.Venue;
        return new ArticleCard("event", e.Title, $"{EventTimes.Short(clock, e)} · {where}", action, e.Path, ChangesAt: changesAt);
    }

    public async Task<IReadOnlyList<SitemapEntry>> EntriesAsync(CancellationToken ct)
    {
        var events = await db.Events.AsNoTracking().OrderByDescending(e => e.StartsAt)
            .Select(e => new SitemapEntry(Prefix + e.Slug, e.UpdatedAt)).ToListAsync(ct);
        return [new SitemapEntry("/events", events.Count > 0 ? events.Max(e => e.LastModifiedUtc) : null), .. events];
    }
}
