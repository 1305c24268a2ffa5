using System.Runtime.CompilerServices;
using Masthead.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Masthead.Infrastructure.Email;

/// <summary>
/// Wakes this instance's <see cref="OutboxSender"/> when a save adds an <see cref="OutboxEmail"/>, once the mail is
/// committed: after the save, or after the commit of the transaction it was saved in (never after a rollback). Woken
/// earlier, the sender would find nothing yet and sleep on while the mail waited. Mail queued by plain SQL
/// (<see cref="OutboxEmail.InsertSql"/>) bypasses EF Core: its writers wake the sender themselves.
/// </summary>
public sealed class OutboxQueued(Wakeup<OutboxSender> sender) : SaveChangesInterceptor
{
    /// <summary>Contexts whose save under way adds mail outside a transaction: woken once the save is done.</summary>
    private readonly ConditionalWeakTable<DbContext, object> _saving = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Saving(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Saving(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Forget(eventData.Context);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void Saving(DbContext? context)
    {
        if (context is null || !context.ChangeTracker.Entries<OutboxEmail>().Any(e => e.State == EntityState.Added)) return;
        // In the caller's transaction: the mail is there for the sender only once that commits.
        if (context.Database.CurrentTransaction is not null) context.Database.WhenCommitted(sender.Wake);
        else _saving.AddOrUpdate(context, context);
    }

    private void Saved(DbContext? context)
    {
        if (context is not null && _saving.Remove(context)) sender.Wake();
    }

    private void Forget(DbContext? context)
    {
        if (context is not null) _saving.Remove(context);
    }
}
