using System.Threading.Channels;
using Masthead.Data;
using Masthead.Features.Publishing;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.FightingFund;

/// <summary>
/// The fund as every open page should see it right now. Each money action writes a row to the money
/// audit; every instance polls the highest audit id a few times a second, and when it moves, recomputes
/// the figures, pushes them to its open Server-Sent Events streams and refreshes its cached pages.
/// So a donation recorded on any instance reaches every page on every instance within a second,
/// without Redis. The instance that recorded it does not wait for the poll.
/// </summary>
public sealed class FundLive(IServiceScopeFactory scopes, PublicPages publicPages, ILogger<FundLive> log)
{
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private readonly Lock _subscribersLock = new();
    private readonly List<Channel<FundSnapshot?>> _subscribers = [];
    private long _seenVersion = -1;

    /// <summary>The figures for the current period, or null when no period is open today.</summary>
    public FundSnapshot? Current { get; private set; }

    /// <summary>The current figures, read from the database on first use.</summary>
    public async ValueTask<FundSnapshot?> GetAsync(CancellationToken ct = default)
    {
        if (_seenVersion < 0) await RefreshAsync(ct: ct);
        return Current;
    }

    /// <summary>Call after committing a money action in this process.</summary>
    public Task ChangedAsync(CancellationToken ct = default) => RefreshAsync(force: true, ct);

    /// <summary>Re-reads the figures if any instance has recorded a money action since the last look.</summary>
    public async Task RefreshAsync(bool force = false, CancellationToken ct = default)
    {
        await _refresh.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MastheadDb>();
            var version = await db.MoneyAudit.MaxAsync(a => (long?)a.Id, ct) ?? 0;
            var dayChanged = Current is { } c && c.Figures.Today != scope.ServiceProvider.GetRequiredService<PaperClock>().Today();
            if (!force && version == _seenVersion && !dayChanged) return;
            var first = _seenVersion < 0;
            _seenVersion = version;

            var periods = scope.ServiceProvider.GetRequiredService<FundPeriods>();
            var period = await periods.CurrentAsync(ct);
            var snapshot = period is null ? null : new FundSnapshot(period.Id, await periods.FiguresAsync(period, ct), version);
            var changed = snapshot != Current;
            Current = snapshot;
            if (!changed || first) return;
            Publish(snapshot);
            await publicPages.EvictAsync(ct);
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>A stream of snapshots for one Server-Sent Events client; dispose to stop.</summary>
    public Subscription Subscribe()
    {
        var channel = Channel.CreateBounded<FundSnapshot?>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_subscribersLock) _subscribers.Add(channel);
        return new Subscription(channel.Reader, () =>
        {
            lock (_subscribersLock) _subscribers.Remove(channel);
        });
    }

    private void Publish(FundSnapshot? snapshot)
    {
        Channel<FundSnapshot?>[] subscribers;
        lock (_subscribersLock) subscribers = [.. _subscribers];
        foreach (var s in subscribers) s.Writer.TryWrite(snapshot);
        log.LogDebug("Fund changed; told {Count} open page(s)", subscribers.Length);
    }

    public sealed class Subscription(ChannelReader<FundSnapshot?> reader, Action unsubscribe) : IDisposable
    {
        public ChannelReader<FundSnapshot?> Reader { get; } = reader;

        public void Dispose() => unsubscribe();
    }
}

public sealed record FundSnapshot(int PeriodId, FundFigures Figures, long Version);

/// <summary>Keeps <see cref="FundLive"/> fresh and makes sure a period is open every month.</summary>
public sealed class FundKeeper(FundLive live, IServiceScopeFactory scopes, Microsoft.Extensions.Options.IOptions<FundOptions> options,
    TimeProvider time, ILogger<FundKeeper> log) : BackgroundService
{
    private static readonly TimeSpan PeriodCheck = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.LiveInterval, time);
        var nextPeriodCheck = DateTimeOffset.MinValue;
        do
        {
            try
            {
                if (time.GetUtcNow() >= nextPeriodCheck)
                {
                    await using var scope = scopes.CreateAsyncScope();
                    if (await scope.ServiceProvider.GetRequiredService<FundPeriods>().EnsureMonthAsync(stoppingToken) is { } opened)
                        log.LogInformation("Opened fund period {Start} to {End}", opened.Start, opened.End);
                    nextPeriodCheck = time.GetUtcNow() + PeriodCheck;
                }
                await live.RefreshAsync(ct: stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Could not refresh the fighting fund");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
