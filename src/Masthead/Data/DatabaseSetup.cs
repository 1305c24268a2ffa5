using Masthead.Features.Donations;
using Masthead.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Masthead.Data;

public static class DatabaseSetup
{
    private static readonly LedgerGuard LedgerGuard = new();

    /// <summary>
    /// Registers <see cref="MastheadDb"/> on the engine named by <c>Database:Provider</c>
    /// (Sqlite by default, Postgres in production) with <c>ConnectionStrings:Masthead</c>.
    /// </summary>
    public static IHostApplicationBuilder AddDatabase(this IHostApplicationBuilder builder)
    {
        var provider = ReadProvider(builder.Configuration);
        var connectionString = ConnectionString(builder.Configuration, builder.Environment.ContentRootPath, provider);

        builder.Services.AddSingleton<ChangeNotifications>();

        // The options are built once (a singleton), not for every request that touches the database: building them
        // was a visible share of a signature's CPU (EF Core's warning configuration, extension look-ups).
        if (provider == DatabaseProvider.Postgres)
        {
            builder.Services.AddDbContext<MastheadDb, PostgresMastheadDb>((s, o) => o.UseNpgsql(connectionString).AddInterceptors(Interceptors(s)).ConfigureWarnings(FailuresAreExceptions),
                ServiceLifetime.Scoped, ServiceLifetime.Singleton);
        }
        else
        {
            builder.Services.AddDbContext<MastheadDb, SqliteMastheadDb>((s, o) => o.UseSqlite(connectionString).AddInterceptors(Interceptors(s)).ConfigureWarnings(FailuresAreExceptions),
                ServiceLifetime.Scoped, ServiceLifetime.Singleton);
        }
        return builder;
    }

    /// <summary>
    /// The ledger's guard, work after a commit, and the wake of this instance's mail sender when a save queues mail (the
    /// options are built once, from the root services).
    /// </summary>
    private static IInterceptor[] Interceptors(IServiceProvider services) =>
        [LedgerGuard, AfterCommit.Interceptor, services.GetRequiredService<OutboxQueued>()];

    /// <summary>
    /// A failed statement, connection, query or save is also an exception, logged once where it is handled (a duplicate
    /// key is often expected: that is how a webhook seen twice is told apart), so EF Core's own error lines are debug
    /// detail. Migrations also probe a new database's history table with a statement that is expected to fail.
    /// </summary>
    private static void FailuresAreExceptions(WarningsConfigurationBuilder warnings) => warnings.Log(
        (RelationalEventId.CommandError, LogLevel.Debug),
        (RelationalEventId.ConnectionError, LogLevel.Debug),
        (CoreEventId.QueryIterationFailed, LogLevel.Debug),
        (CoreEventId.SaveChangesFailed, LogLevel.Debug));

    public static DatabaseProvider ReadProvider(IConfiguration configuration)
    {
        var value = configuration["Database:Provider"];
        if (string.IsNullOrWhiteSpace(value)) return DatabaseProvider.Sqlite;
        return Enum.TryParse<DatabaseProvider>(value, ignoreCase: true, out var provider)
            ? provider
            : throw new InvalidOperationException($"Database:Provider must be Sqlite or Postgres, not '{value}'.");
    }

    /// <summary>The configured connection string; on SQLite without one, a file under the content root's data folder.</summary>
    public static string ConnectionString(IConfiguration configuration, string contentRoot, DatabaseProvider provider)
    {
        var configured = configuration.GetConnectionString("Masthead");
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
        if (provider == DatabaseProvider.Postgres)
        {
            throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Masthead is not set.");
        }
        var folder = Path.Combine(contentRoot, "data");
        Directory.CreateDirectory(folder);
        return $"Data Source={Path.Combine(folder, "masthead.db")}";
    }

    /// <summary>Applies pending migrations; on SQLite also switches the file to write-ahead logging.</summary>
    public static async Task MigrateAsync(MastheadDb db, CancellationToken ct = default)
    {
        await db.Database.MigrateAsync(ct);
        if (db.Provider == DatabaseProvider.Sqlite)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }
}

// Used only by `dotnet ef` when generating migrations; no database is touched.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteMastheadDb>
{
    public SqliteMastheadDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteMastheadDb>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresMastheadDb>
{
    public PostgresMastheadDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresMastheadDb>().UseNpgsql("Host=localhost;Database=masthead_design").Options);
}
