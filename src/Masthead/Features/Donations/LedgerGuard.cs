using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Masthead.Features.Donations;

/// <summary>
/// Refuses any change to a saved ledger entry or money audit row: the ledger is append-only.
/// (The database refuses it too, with triggers; see the LedgerAppendOnly migrations.)
/// </summary>
public sealed class LedgerGuard : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Check(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Check(DbContext? context)
    {
        var changed = context?.ChangeTracker.Entries()
            .FirstOrDefault(e => e.Entity is LedgerEntry or MoneyAudit && e.State is EntityState.Modified or EntityState.Deleted);
        if (changed is not null)
        {
            throw new InvalidOperationException(
                $"{changed.Entity.GetType().Name} rows are append-only: record a reversing entry instead of changing or deleting one.");
        }
    }
}
