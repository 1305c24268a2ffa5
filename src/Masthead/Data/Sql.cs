using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Masthead.Data;

/// <summary>
/// Plain SQL on a context's own connection and transaction, for the money writes that run hundreds of times a
/// second: an insert through EF's change tracker costs several times the statement itself. The SQL text is the
/// same on both engines (both quote names with double quotes and know <c>ON CONFLICT … DO NOTHING</c> and
/// <c>RETURNING</c>); values are bound as the EF model stores them.
/// </summary>
/// <remarks>
/// Each connection keeps its commands, one per SQL text, for as long as the connection object lives (one
/// DbContext): SQLite then compiles a statement once per batch of webhooks instead of once per event, which
/// was a third of the writer's time. A connection is used by one caller at a time, so the cache needs no lock.
/// </remarks>
public static class Sql
{
    private static readonly ConditionalWeakTable<DbConnection, Dictionary<string, DbCommand>> Commands = new();

    /// <summary>Runs a statement; returns the number of rows it changed.</summary>
    public static async Task<int> ExecuteAsync(this MastheadDb db, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        return await Command(db, sql, parameters).ExecuteNonQueryAsync(ct);
    }

    /// <summary>Runs a statement that returns one number (an id from <c>RETURNING</c>), or null when it returns no row.</summary>
    public static async Task<long?> ScalarAsync(this MastheadDb db, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        return await Command(db, sql, parameters).ExecuteScalarAsync(ct) is { } value and not DBNull ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    /// <summary>Runs a query and reads each row with <paramref name="read"/>.</summary>
    public static async Task<List<T>> QueryAsync<T>(this MastheadDb db, string sql, Func<DbDataReader, T> read, CancellationToken ct,
        params (string Name, object? Value)[] parameters)
    {
        await using var reader = await Command(db, sql, parameters).ExecuteReaderAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct)) rows.Add(read(reader));
        return rows;
    }

    private static DbCommand Command(MastheadDb db, string sql, (string Name, object? Value)[] parameters)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
            throw new InvalidOperationException("Plain SQL runs on an open connection, inside the caller's transaction.");
        var commands = Commands.GetOrCreateValue(connection);
        if (!commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            commands[sql] = command;
        }
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.Parameters.Clear();
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.Value = value switch
            {
                null => DBNull.Value,
                Enum e => Convert.ToInt32(e, System.Globalization.CultureInfo.InvariantCulture),
                // Every instant is stored in UTC, as the model's converter does for EF's own writes.
                DateTime t => t.Kind == DateTimeKind.Utc ? t : t.ToUniversalTime(),
                _ => value,
            };
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
