using System.Threading.Channels;
using Masthead.Data;
using Masthead.Infrastructure.Payments;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.FightingFund;

/// <summary>
/// The fund as every open page should see it right now. The instance that records money recomputes the
/// figures at once and tells the others (<see cref="ChangeNotifications"/>, topic "money"), which do the same;
/// each pushes them to its open Server-Sent Events streams, and the widget in every page it serves is the
/// live fragment made from them (<see cref="FundFragments"/>): cached pages are not touched, except the fund's
/// own page (<see cref="PageTag"/>), which is all figures. So a donation recorded on any instance reaches every
/// page on every instance within a second. Each money action also writes a row to the money audit, whose highest
/// id each instance checks now and then (<see cref="ChangeNotifications.SafetyNet"/>) in case a notification was lost.
/// </summary>
/// <remarks>
/// Recording money only marks the figures stale and wakes the pump; it never waits for them to be
/// recomputed, so a burst of webhooks is not queued behind one sum after another. A reader that finds
/// them stale recomputes them itself, so nobody is ever shown figures older than the last commit.
/// The pump recomputes at most once per <see cref="PumpGap"/>: the sum reads the whole period's ledger, and
/// redoing it after every one of hundreds of webhooks a second took as much of the machine as the webhooks
/// did. Open pages still hear of a gift within the gap; readers never wait for it (they catch up themselves).
/// </remarks>
public sealed class FundLive : IPaymentsListener
{
    /// <summary>Output-cache tag of the fund's own page, which shows the month's gifts day by day and is rendered again when money moves.</summary>
    public const string PageTag = "fund-page";

    public const string Topic = "money";

    private readonly IServiceScopeFactory scopes;
    private readonly IOutputCacheStore cache;
    private readonly ChangeNotifications changes;
    private readonly ILogger<FundLive> log;

    public FundLive(IServiceScopeFactory scopes, IOutputCacheStore cache, ChangeNotifications changes, ILogger<FundLive> log)
    {
        this.scopes = scopes;
        this.cache = cache;
        this.changes = changes;
        this.log = log;
        changes.On(Topic, (_, _) =>
        {
            MarkStale();
            return Task.CompletedTask;
        });
    }

    /// <summary>
    /// The least time between two recomputations by the pump. Wall-clock on purpose: it paces work, it is not
    /// paper time, and a test's fake clock must not stall the pump.
    /// </summary>
    public static readonly TimeSpan PumpGap = TimeSpan.FromMilliseconds(200);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Lock _subscribersLock = new();
    private readonly List<Channel<FundSnapshot?>> _subscribers = [];
    private long _seenVersion = -1;
    // Money moves bump _changes; a refresh records the count it has caught up with. Figures are fresh
    // only when the two agree, so a reader never takes figures computed before the last commit.
    private long _changes = 1;
    private long _computedFor;

    private long _generation;

    /// <summary>Moves whenever <see cref="Current"/> changes: the version of the widget's fragment.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>The figures for the current period, or null when no period is open today.</summary>
    public FundSnapshot? Current { get; private set; }

    /// <summary>The current figures, recomputed first if money has moved since they were.</summary>
    public async ValueTask<FundSnapshot?> GetAsync(CancellationToken ct = default)
    {
        // No period yet: look again rather than trust a look taken while the month's period was being opened
        // (a cheap query, and only until a period is open).
        if (Current is null) Interlocked.Increment(ref _changes);
        if (Interlocked.Read(ref _computedFor) < Interlocked.Read(ref _changes)) await RefreshAsync(ct);
        return Current;
    }

    /// <summary>
    /// Call after committing a money action in this process: cheap, and never waits for the sum. The fund's page is
    /// dropped now, the widget is made again for the next reader, and the other instances are told.
    /// </summary>
    public async Task ChangedAsync(CancellationToken ct = default)
    {
        MarkStale();
        await cache.EvictByTagAsync(PageTag, ct);
        await changes.TellOthersAsync(Topic, ct: ct);
    }

    private void MarkStale()
    {
        Interlocked.Increment(ref _changes);
        _wake.Writer.TryWrite(true);
    }

    Task IPaymentsListener.PaymentsAppliedAsync(CancellationToken ct) => ChangedAsync(ct);

    /// <summary>
    /// Recomputes stale figures as soon as money moves, then rests for <see cref="PumpGap"/> so a burst costs one
    /// sum per gap rather than one per gift; runs for the life of the instance.
    /// </summary>
    public async Task PumpAsync(CancellationToken ct)
    {
        while (await _wake.Reader.WaitToReadAsync(ct))
        {
            _wake.Reader.TryRead(out _);
            try
            {
                await RefreshAsync(ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Could not recompute the fighting fund");
            }
            // Gifts committed meanwhile leave a wake-up in the channel, so the last of a burst is never missed.
            await Task.Delay(PumpGap, ct);
        }
    }

    /// <summary>Marks the figures stale if money was recorded elsewhere without word reaching us (or the day has turned) since the last look.</summary>
    public async Task PollAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var version = await scope.ServiceProvider.GetRequiredService<MastheadDb>().MoneyAudit.MaxAsync(a => (long?)a.Id, ct) ?? 0;
        var dayChanged = Current is { } c && c.Figures.Today != scope.ServiceProvider.GetRequiredService<PaperClock>().Today();
        if (version == Interlocked.Read(ref _seenVersion) && !dayChanged) return;
        Interlocked.Increment(ref _changes);
        await RefreshAsync(ct);
    }

    private async Task RefreshAsync(CancellationToken ct)
    {
        await _refresh.WaitAsync(ct);
        try
        {
            var target = Interlocked.Read(ref _changes);
            if (Interlocked.Read(ref _computedFor) >= target) return; // someone else just did it
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MastheadDb>();
            var version = await db.MoneyAudit.MaxAsync(a => (long?)a.Id, ct) ?? 0;
            var first = Interlocked.Exchange(ref _seenVersion, version) < 0;
            var periods = scope.ServiceProvider.GetRequiredService<FundPeriods>();
            var period = await periods.CurrentAsync(ct);
            var snapshot = period is null ? null : new FundSnapshot(period.Id, await periods.FiguresAsync(period, ct), version);
            var changed = snapshot?.Figures != Current?.Figures || snapshot?.PeriodId != Current?.PeriodId;
            Current = snapshot;
            if (changed) Interlocked.Increment(ref _generation);
            Interlocked.Exchange(ref _computedFor, target);
            if (!changed || first) return;
            Publish(snapshot);
            await cache.EvictByTagAsync(PageTag, ct);
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
    ChangeNotifications changes, TimeProvider time, ILogger<FundKeeper> log) : BackgroundService
{
    private static readonly TimeSpan PeriodCheck = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pump = live.PumpAsync(stoppingToken);
        await KeepAsync(stoppingToken);
        await pump;
    }

    private async Task KeepAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(changes.SafetyNet(options.Value.LiveInterval), time);
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
                await live.PollAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Could not refresh the fighting fund");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
