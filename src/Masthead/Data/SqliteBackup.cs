using System.Globalization;
using System.Text;
using Masthead.Features.FightingFund;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Data;

/// <summary>
/// <c>Masthead backup</c> and <c>Masthead restore</c> for the SQLite database. A backup is taken with SQLite's online
/// backup API in one step: it copies the pages inside a single read transaction, so the copy is one committed moment of
/// the database while write-ahead logging lets the site go on recording gifts. Both write to a temporary file beside
/// the destination and rename it when complete, so a half-written copy never carries the final name.
/// PostgreSQL has its own tools (pg_dump, pg_restore), so both verbs refuse it.
/// </summary>
public static class SqliteBackup
{
    private static readonly byte[] Header = Encoding.ASCII.GetBytes("SQLite format 3\0");

    public static int Backup(string connectionString, string file, bool force)
    {
        var source = DataSource(connectionString);
        var target = Path.GetFullPath(file);
        if (!File.Exists(source)) return Refuse($"There is no database at {source}: nothing to back up.");
        if (string.Equals(source, target, StringComparison.Ordinal)) return Refuse($"{target} is the database itself: back it up to another file.");
        if (File.Exists(target) && !force) return Refuse($"{target} already exists: choose another name, or add --force to replace it.");

        // ReadWrite, not ReadOnly: a read-only connection cannot join a database in write-ahead logging when the site is not running.
        using (var from = Open(source, SqliteOpenMode.ReadWrite))
        {
            CopyInto(from, target);
        }
        var (entries, pence) = Ledger(target);
        Console.WriteLine(Invariant($"Backed up {source} to {target}: {Size(new FileInfo(target).Length)}, {entries:N0} ledger entries totalling {Money.Pence(pence)}."));
        return 0;
    }

    public static int Restore(string connectionString, string file, bool force)
    {
        var backup = Path.GetFullPath(file);
        var target = DataSource(connectionString);
        if (!File.Exists(backup)) return Refuse($"{backup}: no such file.");
        if (string.Equals(backup, target, StringComparison.Ordinal)) return Refuse($"{backup} is the configured database itself.");
        if (Problem(backup) is { } problem) return Refuse(problem);
        if (HoldsData(target) && !force)
        {
            return Refuse($"The database at {target} already holds data: stop the site, then add --force to replace it with {backup}.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        SqliteConnection.ClearAllPools();
        using (var from = Open(backup, SqliteOpenMode.ReadOnly))
        {
            // The old database's write-ahead log would otherwise be replayed into the restored file.
            CopyInto(from, target, () => { File.Delete(target + "-wal"); File.Delete(target + "-shm"); });
        }
        var (entries, pence) = Ledger(target);
        Console.WriteLine(Invariant($"Restored {backup} to {target}: {entries:N0} ledger entries totalling {Money.Pence(pence)}."));
        Console.WriteLine("Start the site (or run migrate) to bring it up to this version.");
        return 0;
    }

    /// <summary>Why a file cannot be restored: not SQLite, damaged, not Masthead's, or from a newer Masthead; null if it can.</summary>
    private static string? Problem(string file)
    {
        var start = new byte[Header.Length];
        using (var stream = File.OpenRead(file))
        {
            if (stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false) < start.Length || !start.SequenceEqual(Header))
            {
                return $"{file} is not a SQLite database.";
            }
        }
        using var connection = Open(file, SqliteOpenMode.ReadOnly);
        if (Scalar(connection, "PRAGMA quick_check") is not "ok" and var damage) return $"{file} is damaged: {damage}";
        if (Scalar(connection, "SELECT count(*) FROM sqlite_master WHERE name = '__EFMigrationsHistory'") is 0L)
        {
            return $"{file} is not a Masthead database: it has no migrations history.";
        }
        var applied = new List<string>();
        using (var read = new SqliteCommand("SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\"", connection).ExecuteReader())
        {
            while (read.Read()) applied.Add(read.GetString(0));
        }
        using var db = new SqliteMastheadDb(new DbContextOptionsBuilder<SqliteMastheadDb>().UseSqlite(connection).Options);
        var known = db.Database.GetMigrations().ToHashSet();
        if (applied.Count == 0 || !applied.Any(known.Contains)) return $"{file} is not a Masthead database: none of its migrations are Masthead's.";
        var newer = applied.Where(m => !known.Contains(m)).ToList();
        return newer.Count > 0
            ? $"{file} was made by a newer Masthead (migration {newer[0]} is unknown to this one): restore it with that version."
            : null;
    }

    private static void CopyInto(SqliteConnection from, string target, Action? beforeRename = null)
    {
        var partial = $"{target}.partial-{Guid.NewGuid():N}";
        try
        {
            using (var to = Open(partial, SqliteOpenMode.ReadWriteCreate))
            {
                from.BackupDatabase(to);
                // One self-contained file: the copy takes the source's write-ahead logging, which would keep pages beside it.
                Scalar(to, "PRAGMA journal_mode=DELETE");
            }
            beforeRename?.Invoke();
            File.Move(partial, target, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    private static (long Entries, long Pence) Ledger(string file)
    {
        using var connection = Open(file, SqliteOpenMode.ReadOnly);
        using var read = new SqliteCommand("SELECT count(*), coalesce(sum(\"AmountPence\"), 0) FROM \"Ledger\"", connection).ExecuteReader();
        read.Read();
        return (read.GetInt64(0), read.GetInt64(1));
    }

    private static bool HoldsData(string file)
    {
        if (!File.Exists(file) || new FileInfo(file).Length == 0) return false;
        using var connection = Open(file, SqliteOpenMode.ReadWrite);
        return Scalar(connection, "SELECT count(*) FROM sqlite_master") is > 0L;
    }

    private static SqliteConnection Open(string file, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = mode, Pooling = false }.ConnectionString);
        connection.Open();
        return connection;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = new SqliteCommand(sql, connection);
        return command.ExecuteScalar();
    }

    private static string DataSource(string connectionString) =>
        Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource);

    private static string Size(long bytes) => bytes switch
    {
        < 1024 * 1024 => Invariant($"{bytes / 1024.0:0.#} KB"),
        < 1024L * 1024 * 1024 => Invariant($"{bytes / 1024.0 / 1024:0.#} MB"),
        _ => Invariant($"{bytes / 1024.0 / 1024 / 1024:0.##} GB"),
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static int Refuse(string message)
    {
        Console.Error.WriteLine(message);
        return 1;
    }
}
