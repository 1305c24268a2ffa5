using System.Collections.Concurrent;
using Masthead.Data;
using Masthead.Features.Publishing;
using Masthead.Infrastructure;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Masthead.Features.Campaigns;

/// <summary>
/// Keeps what shows a statement's count fresh. The count itself is a live fragment (<see cref="StatementFragments"/>)
/// of the statement's page, its embed and each article carrying its card, so a confirmation or withdrawal renders
/// those small fragments again and drops only the statement's own page (which lists the latest signatories), here
/// and now; the other instances are told (<see cref="ChangeNotifications"/>, topic "statement") and do the same.
/// A count changed where telling failed, or by the command line, is noticed through the statement's
/// <see cref="Statement.Revision"/> (bumped by the count triggers), which each instance reads now and then.
/// </summary>
public sealed class StatementLive
{
    public const string Topic = "statement";

    private readonly IOutputCacheStore cache;
    private readonly IServiceScopeFactory scopes;
    private readonly LiveFragments fragments;
    private readonly ChangeNotifications changes;
    private readonly ConcurrentDictionary<int, long> _seen = new();

    public StatementLive(IOutputCacheStore cache, IServiceScopeFactory scopes, LiveFragments fragments, ChangeNotifications changes)
    {
        this.cache = cache;
        this.scopes = scopes;
        this.fragments = fragments;
        this.changes = changes;
        changes.On(Topic, async (slug, ct) =>
        {
            if (slug == ChangeNotifications.Everything) await PollAsync(ct);
            else if (Slug.IsValid(slug)) await ChangedHereAsync(slug);
        });
    }

    /// <summary>Output-cache tag of the statement's own page.</summary>
    public static string CacheTag(string slug) => ArticleCardRenderer.CacheTag($"/statements/{slug}");

    /// <summary>Call after committing a change to a statement's count: refreshes it here and tells the other instances.</summary>
    public async Task ChangedAsync(string slug)
    {
        await ChangedHereAsync(slug);
        await changes.TellOthersAsync(Topic, slug);
    }

    private async Task ChangedHereAsync(string slug)
    {
        fragments.Invalidate(StatementFragments.Key(slug));
        fragments.Invalidate(CardFragments.Key(Statement.PathOf(slug)));
        await cache.EvictByTagAsync(CacheTag(slug), CancellationToken.None);
    }

    /// <summary>Refreshes the statements whose count changed since the last look without word reaching this instance.</summary>
    public async Task PollAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MastheadDb>();
        var rows = await db.Statements.AsNoTracking().Where(s => s.Status != StatementStatus.Draft)
            .Select(s => new { s.Id, s.Slug, s.Revision }).ToListAsync(ct);
        foreach (var row in rows)
        {
            if (_seen.TryGetValue(row.Id, out var seen) && seen == row.Revision) continue;
            var first = !_seen.ContainsKey(row.Id);
            _seen[row.Id] = row.Revision;
            if (!first) await ChangedHereAsync(row.Slug);
        }
    }
}

/// <summary>Every instance: notices counts changed elsewhere, and deletes signatures that were never confirmed in time.</summary>
public sealed class StatementKeeper(StatementLive live, IServiceScopeFactory scopes, IOptions<CampaignOptions> options,
    ChangeNotifications changes, TimeProvider time, ILogger<StatementKeeper> log) : BackgroundService
{
    private static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(1);

    /// <summary>A lapsed signature is kept this much longer, so its link can still say it has expired rather than "not found".</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(changes.SafetyNet(options.Value.LiveInterval), time);
        var nextSweep = DateTimeOffset.MinValue;
        do
        {
            try
            {
                await live.PollAsync(stoppingToken);
                if (time.GetUtcNow() >= nextSweep)
                {
                    var lapsed = await SweepAsync(stoppingToken);
                    if (lapsed > 0) log.LogInformation("Deleted {Count} signatures that were not confirmed in time", lapsed);
                    nextSweep = time.GetUtcNow() + SweepEvery;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Could not look after the statements");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Deletes unconfirmed signatures a day past their lapse: safe to run on every instance at once.</summary>
    public async Task<int> SweepAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MastheadDb>();
        var cutoff = time.GetUtcNow().UtcDateTime - TimeSpan.FromDays(options.Value.UnconfirmedLapseDays) - Grace;
        using (await WriteGate.EnterAsync(db, ct))
        {
            return await db.Signatures.Where(s => s.ConfirmedAt == null && s.CreatedAt < cutoff).ExecuteDeleteAsync(ct);
        }
    }
}
