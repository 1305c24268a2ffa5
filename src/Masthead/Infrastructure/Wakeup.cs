namespace Masthead.Infrastructure;

/// <summary>
/// How a background worker waits without polling the database: until a moment on the paper's clock (the next thing
/// due, or its safety-net re-check), or until code in this process that has just committed new work for it calls
/// <see cref="Wake"/>, whichever comes first. One per worker, named by the worker's type.
/// </summary>
/// <remarks>
/// <para>A wake that arrives while the worker is busy is kept, so its next wait returns at once: work committed just
/// after a pass looked is never left to the safety net.</para>
/// <para>The wait runs on the injected <see cref="TimeProvider"/>, so a test's fake clock moved past the moment ends
/// it, as it ended the periodic timers this replaced.</para>
/// </remarks>
public sealed class Wakeup<TWorker>(TimeProvider time)
{
    /// <summary>A timer set further ahead than this is set again then (timers take at most ~49 days).</summary>
    private static readonly TimeSpan LongestSleep = TimeSpan.FromDays(1);

    private TaskCompletionSource _woken = NewSignal();

    /// <summary>Ends the worker's current or next wait. Call it once what the worker should see is committed.</summary>
    public void Wake() => Volatile.Read(ref _woken).TrySetResult();

    /// <summary>Returns at <paramref name="until"/> by the clock or on a wake, whichever is first; throws when <paramref name="ct"/> is cancelled.</summary>
    public async Task WaitAsync(DateTimeOffset until, CancellationToken ct)
    {
        var woken = Volatile.Read(ref _woken);
        var left = until - time.GetUtcNow();
        if (!woken.Task.IsCompleted && left > TimeSpan.Zero)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var timer = Task.Delay(left < LongestSleep ? left : LongestSleep, time, stop.Token);
            // A fake clock may have jumped past the moment between reading it and setting the timer, which then counts
            // from the jump: look again, now that the timer is set.
            if (time.GetUtcNow() < until) await Task.WhenAny(woken.Task, timer);
            await stop.CancelAsync();
        }
        ct.ThrowIfCancellationRequested();
        // Spent: later wakes complete a new signal. One that lands between these two lines only costs an extra pass.
        if (woken.Task.IsCompleted) Interlocked.CompareExchange(ref _woken, NewSignal(), woken);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
