using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Masthead.Data;
using Masthead.IntegrationTests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Masthead.IntegrationTests.CommandLine;

/// <summary><c>backup</c> and <c>restore</c>: a copy taken while the site records gifts, put back in a new place, and their refusals.</summary>
public sealed class BackupCommandLineTests : CommandLineTest
{
    private string Restored => Path.Combine(Folder, "restored", "masthead.db");

    private string[] HostOn(string database) => [$"--ConnectionStrings:Masthead=Data Source={database}", "--environment", "Production"];

    [Fact]
    public async Task A_backup_taken_while_webhooks_arrive_restores_every_acknowledged_gift_and_serves()
    {
        var backup = Path.Combine(Folder, "backup.db");
        var acknowledged = new ConcurrentQueue<string>();
        int before, after;
        var app = new SqliteApp();
        await app.InitializeAsync();
        try
        {
            var intents = await app.GiftIntentsAsync(Enumerable.Range(0, 5_000).Select(i => (StripeEvents.NewId("cs"), 100L + i)).ToList());
            var now = app.Clock.GetUtcNow();
            using var stop = new CancellationTokenSource();
            var client = app.CreateClient();
            var deliveries = Parallel.ForEachAsync(intents, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = stop.Token },
                async (intent, _) =>
                {
                    var payload = StripeEvents.Event("checkout.session.completed", StripeEvents.GiftSession(intent, StripeEvents.NewId("pi")), now);
                    var response = await client.DeliverAsync(payload, now);
                    if (response.StatusCode == HttpStatusCode.OK) acknowledged.Enqueue(intent.ProviderSessionId!);
                });
            await Eventually.WaitForAsync(() => Task.FromResult(acknowledged.Count), count => count >= 50);

            // Every gift acknowledged before the backup begins must be in it; those that arrive during it may be.
            var promised = acknowledged.ToArray();
            before = acknowledged.Count;
            var (exit, output, error) = await RunAsync(["backup", backup, $"--ConnectionStrings:Masthead={app.ConnectionString}"]);
            after = acknowledged.Count;
            await stop.CancelAsync();
            try
            {
                await deliveries;
            }
            catch (OperationCanceledException)
            {
                // The rest were never sent.
            }

            Assert.True(exit == 0, error);
            Assert.Contains($"to {backup}: ", output);
            Assert.Matches(@"\d+(\.\d)? (KB|MB), [\d,]+ ledger entries totalling £", output);
            Assert.True(after > before, $"no gift was acknowledged while the backup ran ({before} before, {after} after)");

            var restored = await RunAsync(["restore", backup, .. HostOn(Restored)]);
            Assert.True(restored.Exit == 0, restored.Error);

            var copy = await LedgerAsync(Restored);
            var live = await app.WithDbAsync(db => db.Ledger.AsNoTracking().ToDictionaryAsync(e => e.Id, e => (e.ExternalId, e.AmountPence)));
            Assert.All(promised, session => Assert.Contains($"stripe:checkout:{session}", copy.Values.Select(e => e.ExternalId)));
            // The copy is one moment of the live ledger: the same entries, amounts and sum, none half-written.
            Assert.All(copy, entry => Assert.Equal(live[entry.Key], entry.Value));
            var amounts = intents.ToDictionary(i => $"stripe:checkout:{i.ProviderSessionId}", i => i.AmountPence);
            Assert.Equal(copy.Values.Sum(e => amounts[e.ExternalId]), copy.Values.Sum(e => e.AmountPence));
            Assert.Contains($"{copy.Count:N0} ledger entries", output);
            Assert.Contains($"{copy.Count:N0} ledger entries", restored.Out);
        }
        finally
        {
            await app.DisposeAsync();
        }

        // The restored database starts and serves, its fund showing what its ledger holds.
        var again = SqliteApp.Over(Restored);
        await again.InitializeAsync();
        try
        {
            var client = again.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
            var fund = await client.GetFromJsonAsync<JsonElement>("/api/fighting-fund");
            var ledger = await again.WithDbAsync(db => db.Ledger.SumAsync(e => e.AmountPence));
            Assert.Equal(ledger, fund.GetProperty("raised_pence").GetInt64());
        }
        finally
        {
            await again.DisposeAsync();
        }
    }

    [Fact]
    public async Task Backup_never_overwrites_a_file_unless_forced()
    {
        Assert.Equal(0, (await RunAsync(["migrate", .. Host])).Exit);
        var backup = Path.Combine(Folder, "backup.db");
        await File.WriteAllTextAsync(backup, "yesterday's copy");

        var refused = await RunAsync(["backup", backup, .. Host]);
        Assert.Equal(1, refused.Exit);
        Assert.Contains("already exists", refused.Error);
        Assert.Contains("--force", refused.Error);
        Assert.Equal("yesterday's copy", await File.ReadAllTextAsync(backup));

        var forced = await RunAsync(["backup", backup, "--force", .. Host]);
        Assert.Equal(0, forced.Exit);
        Assert.Contains("0 ledger entries totalling £0", forced.Out);
        Assert.Single(Directory.GetFiles(Folder, "backup.db*"));

        var itself = await RunAsync(["backup", Database, "--force", .. Host]);
        Assert.Equal(1, itself.Exit);
        Assert.Contains("is the database itself", itself.Error);
    }

    [Fact]
    public async Task Restore_refuses_a_database_that_holds_data_unless_forced_and_then_replaces_it()
    {
        Assert.Equal(0, (await RunAsync(["migrate", .. Host])).Exit);
        var backup = Path.Combine(Folder, "empty-fund.db");
        Assert.Equal(0, (await RunAsync(["backup", backup, .. Host])).Exit);
        var statement = Path.Combine(Folder, "statement.csv");
        await File.WriteAllTextAsync(statement, $"date,amount,reference\n{DateTime.UtcNow:yyyy-MM-dd},25,SO 1\n");
        Assert.Equal(0, (await RunAsync(["donations", "import", statement, .. Host])).Exit);

        var refused = await RunAsync(["restore", backup, .. Host]);
        Assert.Equal(1, refused.Exit);
        Assert.Contains("already holds data", refused.Error);
        Assert.Single(await LedgerAsync(Database));

        SqliteConnection.ClearAllPools();
        var forced = await RunAsync(["restore", backup, "--force", .. Host]);
        Assert.True(forced.Exit == 0, forced.Error);
        Assert.Empty(await LedgerAsync(Database));
        Assert.Equal(0, (await RunAsync(["migrate", .. Host])).Exit);
    }

    [Fact]
    public async Task Restore_refuses_a_file_that_is_not_a_Masthead_database()
    {
        var text = Path.Combine(Folder, "notes.db");
        await File.WriteAllTextAsync(text, "not a database at all, though long enough to have a header");
        var other = Path.Combine(Folder, "other.db");
        await using (var connection = new SqliteConnection($"Data Source={other};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var create = new SqliteCommand("CREATE TABLE Ledger (Id INTEGER PRIMARY KEY, AmountPence INTEGER)", connection);
            await create.ExecuteNonQueryAsync();
        }

        var notSqlite = await RunAsync(["restore", text, .. HostOn(Restored)]);
        var notMasthead = await RunAsync(["restore", other, .. HostOn(Restored)]);
        var missing = await RunAsync(["restore", Path.Combine(Folder, "nope.db"), .. HostOn(Restored)]);

        Assert.Equal(1, notSqlite.Exit);
        Assert.Contains("is not a SQLite database", notSqlite.Error);
        Assert.Equal(1, notMasthead.Exit);
        Assert.Contains("is not a Masthead database", notMasthead.Error);
        Assert.Equal(1, missing.Exit);
        Assert.Contains("no such file", missing.Error);
        Assert.False(File.Exists(Restored));
    }

    [Theory]
    [InlineData("backup", "pg_dump")]
    [InlineData("restore", "pg_restore")]
    public async Task On_PostgreSQL_backup_and_restore_point_to_its_own_tools(string verb, string tool)
    {
        var (exit, _, error) = await RunAsync([verb, Path.Combine(Folder, "x.db"),
            "--Database:Provider=Postgres", "--ConnectionStrings:Masthead=Host=127.0.0.1;Database=masthead"]);

        Assert.Equal(1, exit);
        Assert.Contains(tool, error);
        Assert.Contains("docs/operations.md", error);
        Assert.Single(error.Trim().Split('\n'));
    }

    private static async Task<Dictionary<long, (string ExternalId, long AmountPence)>> LedgerAsync(string file)
    {
        await using var db = new SqliteMastheadDb(new DbContextOptionsBuilder<SqliteMastheadDb>().UseSqlite($"Data Source={file};Pooling=False").Options);
        return await db.Ledger.AsNoTracking().ToDictionaryAsync(e => e.Id, e => (e.ExternalId, e.AmountPence));
    }
}
