using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Masthead.Data;

/// <summary>
/// Tells a database that cannot be reached (or cannot be written) from a fault in Masthead, and says so in one line an
/// operator can act on: at start-up instead of a stack trace, and to readers as a 503 "try again shortly".
/// </summary>
public sealed record DatabaseFailure(string Message, bool WillPass)
{
    // SQLite result codes (the primary code is the low byte of an extended one).
    private const int SqliteBusy = 5, SqliteLocked = 6, SqliteReadOnly = 8, SqliteIoError = 10, SqliteFull = 13, SqliteCantOpen = 14, SqliteNotADatabase = 26;

    /// <summary>What went wrong with the database, if <paramref name="error"/> (or an exception inside it) is about one; otherwise null.</summary>
    public static DatabaseFailure? Of(Exception error)
    {
        for (var e = (Exception?)error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg:
                    return pg.SqlState switch
                    {
                        PostgresErrorCodes.CannotConnectNow => new("PostgreSQL is starting up and not yet accepting connections.", true),
                        PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown => new("PostgreSQL is shutting down or restarting.", true),
                        PostgresErrorCodes.TooManyConnections => new("PostgreSQL has no connection slots left (too many connections).", true),
                        PostgresErrorCodes.InvalidCatalogName => new($"PostgreSQL says: {pg.MessageText}. Create it first, or fix ConnectionStrings:Masthead.", false),
                        PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification => new($"PostgreSQL refused the sign-in: {pg.MessageText}. Check the user and password in ConnectionStrings:Masthead.", false),
                        _ => null,
                    };
                case NpgsqlException npgsql when npgsql.IsTransient || npgsql.InnerException is SocketException or TimeoutException:
                    return new($"PostgreSQL cannot be reached: {Describe(npgsql)}.", true);
                case SqliteException sqlite:
                    return (sqlite.SqliteErrorCode & 0xFF) switch
                    {
                        SqliteBusy or SqliteLocked => new("The SQLite database is busy.", true),
                        SqliteReadOnly => new($"The SQLite database cannot be written ({sqlite.Message.TrimEnd('.')}): the user running Masthead needs write access to the file and to its folder.", false),
                        SqliteCantOpen => new($"The SQLite database cannot be opened ({sqlite.Message.TrimEnd('.')}): check that its folder exists and the user running Masthead may write there.", false),
                        SqliteIoError or SqliteFull => new($"The SQLite database cannot be written: {sqlite.Message.TrimEnd('.')} (is the disk full?).", false),
                        SqliteNotADatabase => new("The file named by ConnectionStrings:Masthead is not a SQLite database.", false),
                        _ => null,
                    };
            }
        }
        return null;
    }

    private static string Describe(Exception e)
    {
        var inner = e.InnerException is { } i and not NpgsqlException ? $" ({i.Message.TrimEnd('.')})" : "";
        return e.Message.TrimEnd('.') + inner;
    }
}

/// <summary>
/// A request that fails because the database is out of reach answers 503 with <c>Retry-After</c> and the paper's error
/// page, not 500: the outage is logged once per request in one line, and the site recovers by itself when the
/// database is back (connections are opened afresh for each request).
/// </summary>
public static class DatabaseUnavailable
{
    public const int RetryAfterSeconds = 30;

    public static WebApplication UseDatabaseUnavailable(this WebApplication app)
    {
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Masthead.Database");
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception e) when (DatabaseFailure.Of(e) is { } failure && !context.Response.HasStarted)
            {
                log.LogError("{Method} {Path} answered 503: {Reason}", context.Request.Method, context.Request.Path, failure.Message);
                context.Response.Clear();
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                context.Response.Headers.CacheControl = "no-store";
            }
        });
        return app;
    }
}
