using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Data;

/// <summary>
/// Group commit: callers hand in one piece of work each and wait; a writer takes what is waiting, applies it in
/// a single transaction and commits once, then answers each caller (one writer per process on SQLite, a few on
/// PostgreSQL). A burst of small writes then pays for one transaction, one commit (one fsync) and, on SQLite,
/// one pass through the <see cref="WriteGate"/>, instead of one each. A caller is answered only after the transaction that
/// holds its work has committed.
/// </summary>
/// <remarks>
/// Work is applied in arrival order on one connection, so each item sees what the items before it wrote.
/// When anything in a batch fails, the whole transaction is rolled back and every item of it is applied
/// again in a transaction of its own: the others are committed, and only the failing caller gets the error.
/// Work must therefore be safe to apply again after a rollback (it is: nothing of a rolled-back
/// transaction remains), and must not keep state outside the database between items.
/// </remarks>
public abstract class GroupCommit<TItem, TResult> : IAsyncDisposable
{
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger _log;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _startLock = new();
    private Task? _writers;
    private int _maxBatch;

    protected GroupCommit(IServiceScopeFactory scopes, ILogger log) => (_scopes, _log) = (scopes, log);

    /// <summary>
    /// How many transactions run at once. SQLite writes one transaction at a time, so one writer. PostgreSQL takes
    /// several: each statement is a round trip, and one writer would leave the server waiting on the network.
    /// </summary>
    protected virtual int WritersFor(DatabaseProvider provider) => provider == DatabaseProvider.Sqlite ? 1 : 4;

    /// <summary>
    /// The most items one transaction takes; more wait for the next. On PostgreSQL a small batch, so that a burst
    /// is shared among the writers instead of the first writer taking it all and applying it alone.
    /// </summary>
    protected virtual int MaxBatchFor(DatabaseProvider provider) => provider == DatabaseProvider.Sqlite ? 100 : 8;

    /// <summary>Applies the item in a transaction shared with whatever else is waiting; returns once that transaction has committed.</summary>
    public async Task<TResult> RunAsync(TItem item, CancellationToken ct = default)
    {
        var pending = new Pending(item);
        EnsureWriter();
        if (!_queue.Writer.TryWrite(pending)) throw new ObjectDisposedException(GetType().Name);
        // A caller that gives up stops waiting; its work still runs (and is answered as a repeat next time).
        return await pending.Done.Task.WaitAsync(ct);
    }

    /// <summary>Called once per transaction, before the first item, e.g. to take locks in a fixed order.</summary>
    protected virtual Task BeginAsync(MastheadDb db, IReadOnlyList<TItem> items, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Applies one item inside the open transaction; <paramref name="services"/> is the batch's scope, whose DbContext is <paramref name="db"/>.</summary>
    protected abstract Task<TResult> ApplyAsync(IServiceProvider services, MastheadDb db, TItem item, CancellationToken ct);

    /// <summary>
    /// Applies the whole batch inside the open transaction, returning one result per item in order: by default each
    /// item in turn through <see cref="ApplyAsync"/>. Override to write a batch in fewer statements.
    /// </summary>
    protected virtual async Task<IReadOnlyList<TResult>> ApplyAllAsync(IServiceProvider services, MastheadDb db, IReadOnlyList<TItem> items,
        CancellationToken ct)
    {
        var results = new List<TResult>(items.Count);
        foreach (var item in items)
        {
            results.Add(await ApplyAsync(services, db, item, ct));
            db.ChangeTracker.Clear();
        }
        return results;
    }

    /// <summary>Called after a transaction has committed, with what it committed (e.g. to tell open pages), before the callers are answered.</summary>
    protected virtual Task CommittedAsync(IReadOnlyList<(TItem Item, TResult Result)> committed, CancellationToken ct) => Task.CompletedTask;

    private void EnsureWriter()
    {
        if (_writers is not null) return;
        lock (_startLock)
        {
            if (_writers is not null) return;
            using var scope = _scopes.CreateScope();
            var provider = scope.ServiceProvider.GetRequiredService<MastheadDb>().Provider;
            var count = WritersFor(provider);
            _maxBatch = MaxBatchFor(provider);
            // The writers outlive the request that happens to start them: without this they would carry its
            // execution context (its HttpContext, its trace, any AsyncLocal) into every later caller's work.
            using (ExecutionContext.SuppressFlow())
            {
                _writers = Task.WhenAll(Enumerable.Range(0, count).Select(_ => Task.Run(WriteAsync)));
            }
        }
    }

    private async Task WriteAsync()
    {
        var batch = new List<Pending>(_maxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(_stop.Token))
            {
                while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var next)) batch.Add(next);
                await CommitAsync(batch);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        foreach (var p in batch) p.Done.TrySetCanceled();
        while (_queue.Reader.TryRead(out var left)) left.Done.TrySetCanceled();
    }

    private async Task CommitAsync(List<Pending> batch)
    {
        List<(TItem, TResult)> committed;
        try
        {
            committed = await TransactionAsync(batch);
        }
        catch (Exception e) when (batch.Count > 1 && !_stop.IsCancellationRequested)
        {
            _log.LogWarning(e, "A transaction of {Count} items failed; applying each in a transaction of its own", batch.Count);
            foreach (var p in batch) await CommitAsync([p]);
            return;
        }
        catch (Exception e)
        {
            // One item on its own, or the process is stopping.
            foreach (var p in batch) p.Done.TrySetException(e);
            return;
        }
        try
        {
            // Before the answers, so a caller that reads right after its answer sees what the hook did (fresh figures).
            await CommittedAsync(committed, _stop.Token);
        }
        catch (Exception e)
        {
            if (e is not OperationCanceledException) _log.LogWarning(e, "Work after a commit failed");
        }
        for (var i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(committed[i].Item2);
    }

    private async Task<List<(TItem, TResult)>> TransactionAsync(List<Pending> batch)
    {
        var ct = _stop.Token;
        var items = batch.ConvertAll(p => p.Item);
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MastheadDb>();
        // A failure anywhere abandons the whole transaction, so per-save savepoints would only add statements.
        db.Database.AutoSavepointsEnabled = false;
        using var gate = await WriteGate.EnterAsync(db, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await BeginAsync(db, items, ct);
        var results = await ApplyAllAsync(scope.ServiceProvider, db, items, ct);
        if (results.Count != items.Count) throw new InvalidOperationException($"{results.Count} results for {items.Count} items.");
        await transaction.CommitAsync(ct);
        return items.Zip(results).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_writers is { } writer)
        {
            // What is queued gets a few seconds to commit; then the writer is stopped and waiting callers are cancelled.
            if (await Task.WhenAny(writer, Task.Delay(TimeSpan.FromSeconds(5))) != writer) await _stop.CancelAsync();
            await writer;
        }
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    private sealed class Pending(TItem item)
    {
        public TItem Item { get; } = item;
        public TaskCompletionSource<TResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
