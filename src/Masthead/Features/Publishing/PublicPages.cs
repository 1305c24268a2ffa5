using Masthead.Data;
using Masthead.Infrastructure;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Masthead.Features.Publishing;

/// <summary>
/// What every public page shares (sections for the navigation, the co-operative's blurb) and the one
/// switch that tells every cached public page it is out of date.
/// </summary>
/// <remarks>
/// Other instances are told of a change at once (<see cref="ChangeNotifications"/>, topic "content"). A change
/// made where telling fails, or by the command line, is noticed through the content version stored in the
/// database, which <see cref="PublicPagesWatcher"/> reads now and then.
/// </remarks>
public sealed class PublicPages
{
    public const string Topic = "content";

    private readonly IOutputCacheStore outputCache;
    private readonly IMemoryCache memory;
    private readonly IServiceScopeFactory scopes;
    private readonly LiveFragments fragments;
    private readonly ChangeNotifications changes;

    public PublicPages(IOutputCacheStore outputCache, IMemoryCache memory, IServiceScopeFactory scopes, LiveFragments fragments,
        ChangeNotifications changes)
    {
        this.outputCache = outputCache;
        this.memory = memory;
        this.scopes = scopes;
        this.fragments = fragments;
        this.changes = changes;
        changes.On(Topic, async (_, ct) => await EvictAsync(ct));
    }

    private string? _seenVersion;
    private Frame? _lastFrame;

    /// <summary>Output-cache tag carried by every public page.</summary>
    public const string CacheTag = "public";
    public const string CachePolicy = "public-page";

    private const string FrameKey = "publishing:frame";

    public async Task<Frame> GetFrameAsync(MastheadDb db, CancellationToken ct = default)
    {
        if (memory.TryGetValue(FrameKey, out Frame? frame) && frame is not null) return frame;
        try
        {
            var sections = await db.Sections.AsNoTracking().OrderBy(s => s.Position).ThenBy(s => s.Name)
                .Select(s => new SectionLink(s.Slug, s.Name)).ToListAsync(ct);
            var blurb = await db.SiteSettings.AsNoTracking().Where(s => s.Key == SiteSettings.CooperativeBlurb)
                .Select(s => s.Value).FirstOrDefaultAsync(ct);
            frame = new Frame(sections, string.IsNullOrWhiteSpace(blurb) ? SiteSettings.DefaultCooperativeBlurb : blurb);
        }
        catch (Exception e) when (DatabaseFailure.Of(e) is not null)
        {
            // The error page that says "back in a moment" still wears the paper's frame, as last seen.
            return _lastFrame ?? new Frame([], SiteSettings.DefaultCooperativeBlurb);
        }
        memory.Set(FrameKey, frame, TimeSpan.FromMinutes(10));
        _lastFrame = frame;
        return frame;
    }

    /// <summary>Call after anything a reader can see has changed: a publication, an edit, an author, a section.</summary>
    public async Task ChangedAsync(CancellationToken ct = default)
    {
        var version = Guid.NewGuid().ToString("N");
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MastheadDb>();
            var updated = await db.SiteSettings.Where(s => s.Key == SiteSettings.ContentVersion)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Value, version), ct);
            if (updated == 0)
            {
                db.SiteSettings.Add(new SiteSetting { Key = SiteSettings.ContentVersion, Value = version });
                await db.SaveChangesAsync(ct);
            }
        }
        _seenVersion = version;
        await EvictAsync(ct);
        await changes.TellOthersAsync(Topic, ct: ct);
    }

    /// <summary>Evicts this process's cached pages if another process has changed the content since we last looked.</summary>
    public async Task CatchUpAsync(MastheadDb db, CancellationToken ct = default)
    {
        var version = await db.SiteSettings.AsNoTracking().Where(s => s.Key == SiteSettings.ContentVersion)
            .Select(s => s.Value).FirstOrDefaultAsync(ct);
        if (version == _seenVersion) return;
        var first = _seenVersion is null;
        _seenVersion = version;
        if (!first) await EvictAsync(ct);
    }

    /// <summary>Drops the cached pages and live fragments without telling other processes (they learn by their own means).</summary>
    public async Task EvictAsync(CancellationToken ct = default)
    {
        memory.Remove(FrameKey);
        fragments.Clear();
        await outputCache.EvictByTagAsync(CacheTag, ct);
    }

    public sealed record Frame(IReadOnlyList<SectionLink> Sections, string CooperativeBlurb);

    public sealed record SectionLink(string Slug, string Name);
}

public static class SiteSettings
{
    public const string CooperativeBlurb = "cooperative.blurb";
    public const string ContentVersion = "content.version";

    public const string DefaultCooperativeBlurb =
        "This paper belongs to its readers. It is published by a co-operative society whose members own it share by share, one member, one vote — and you can join them.";
}

/// <summary>
/// Looks for content changed by another process without word reaching this one: every couple of seconds on SQLite
/// (the command line), every minute as a safety net where instances tell each other (<see cref="ChangeNotifications"/>).
/// </summary>
public sealed class PublicPagesWatcher(PublicPages publicPages, IServiceScopeFactory scopes, ChangeNotifications changes, TimeProvider time,
    ILogger<PublicPagesWatcher> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(changes.SafetyNet(Interval), time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await publicPages.CatchUpAsync(scope.ServiceProvider.GetRequiredService<MastheadDb>(), stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Could not read the content version");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
