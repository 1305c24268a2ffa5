using System.Collections.Concurrent;
using Masthead.Data;
using Masthead.Features.Publishing;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Masthead.Features.Campaigns;

/// <summary>
/// Keeps cached pages that show a statement's count fresh. Every page that shows it — the statement page,
/// its embed, and each article carrying its card — is tagged with the statement's card tag, so a confirmation
/// or withdrawal drops exactly those pages here and now, and nothing else. Other instances notice through the
/// statement's <see cref="Statement.Revision"/> (bumped by the count triggers), which each polls every second.
/// </summary>
public sealed class StatementLive(IOutputCacheStore cache, IServiceScopeFactory scopes)
{
    private readonly ConcurrentDictionary<int, long> _seen = new();

    public static string CacheTag(string slug) => ArticleCardRenderer.CacheTag($"/statements/{slug}");

    /// <summary>Drops this instance's cached pages that show the statement.</summary>
    public async Task ChangedAsync(string slug) => await cache.EvictByTagAsync(CacheTag(slug), CancellationToken.None);

    /// <summary>Drops the pages of statements another instance (or the command line) has changed since the last look.</summary>
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
            if (!first) await ChangedAsync(row.Slug);
        }
    }
}

/// <summary>Every instance: notices counts changed elsewhere, and deletes signatures that were never confirmed in time.</summary>
public sealed class StatementKeeper(StatementLive live, IServiceScopeFactory scopes, IOptions<CampaignOptions> options,
    TimeProvider time, ILogger<StatementKeeper> log) : BackgroundService
{
    private static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(1);

    /// <summary>A lapsed signature is kept this much longer, so its link can still say it has expired rather than "not found".</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.LiveInterval, time);
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
