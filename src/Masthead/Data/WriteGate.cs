using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Data;

/// <summary>
/// SQLite takes one writer at a time; a second writer is told "busy" and the driver sleeps and retries,
/// which under a burst of webhooks costs more than the writes themselves. Queuing this process's money
/// writes on an async lock instead lets each go the moment the last commits. PostgreSQL needs no gate.
/// </summary>
public static class WriteGate
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new();

    public static async Task<IDisposable> EnterAsync(MastheadDb db, CancellationToken ct = default)
    {
        if (db.Provider != DatabaseProvider.Sqlite) return Open.Instance;
        var gate = Gates.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        return new Release(gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) gate.Release();
        }
    }

    private sealed class Open : IDisposable
    {
        public static readonly Open Instance = new();

        public void Dispose() { }
    }
}
