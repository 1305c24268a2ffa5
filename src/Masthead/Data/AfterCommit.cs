using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Masthead.Data;

/// <summary>
/// Something to do once what was just written is committed, for what must not count a write that is rolled back
/// (a metric of money recorded): at once outside a transaction, after the commit inside one, never after a rollback.
/// A batch of the webhook's group commit that fails is applied again item by item, so counting before the commit
/// would count its money twice.
/// </summary>
public static class AfterCommit
{
    private static readonly ConditionalWeakTable<DbTransaction, List<Action>> Waiting = [];

    /// <summary>Added to <see cref="MastheadDb"/>'s interceptors.</summary>
    public static readonly IInterceptor Interceptor = new CommitInterceptor();

    public static void WhenCommitted(this DatabaseFacade database, Action action)
    {
        if (database.CurrentTransaction?.GetDbTransaction() is not { } transaction)
        {
            action();
            return;
        }
        Waiting.GetOrCreateValue(transaction).Add(action);
    }

    private static void Committed(DbTransaction transaction)
    {
        if (!Waiting.TryGetValue(transaction, out var actions)) return;
        Waiting.Remove(transaction);
        foreach (var action in actions) action();
    }

    private sealed class CommitInterceptor : DbTransactionInterceptor
    {
        public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(transaction);

        public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
        {
            Committed(transaction);
            return Task.CompletedTask;
        }

        public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Waiting.Remove(transaction);

        public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
        {
            Waiting.Remove(transaction);
            return Task.CompletedTask;
        }
    }
}
