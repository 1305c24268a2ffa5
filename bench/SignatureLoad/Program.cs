// Load generator for bench/statements.sh.
//   http — signs N distinct people up to a statement through its form (POST /statements/{slug}, answered by a 303 to
//          the statement page saying "check your email", which is fetched too, as a browser would), reads each one's
//          confirmation link from the outbox (what the email carries), then follows the N links (GET …/confirm/{token},
//          a 303 to the statement page thanking them, fetched too), all over C connections;
//   bare — writes the same rows straight to the database with the same driver, one transaction per signature:
//          the signature and its email (INSERT, INSERT, COMMIT), then the confirmation (UPDATE, whose trigger moves
//          the statement's count, COMMIT).
// Prints one line of JSON: rates and latencies of both phases, and the statement's count afterwards.
using System.Data.Common;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;

var o = Options.Parse(args);
var run = Guid.NewGuid().ToString("N")[..8];
DbDataSource source = o.Provider == "postgres" ? NpgsqlDataSource.Create(o.Database) : new SqliteSource(o.Database);

Phase sign, confirm;
int counted;
if (o.Mode == "http")
{
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = o.Connections }) { BaseAddress = new Uri(o.Url!) };
    sign = await Phase.RunAsync(o.Events, o.Connections, o.PerSecond, async i =>
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Name"] = $"Signer {i}",
            ["Input.Email"] = Email(run, i),
            ["Input.Town"] = "Leeds",
            ["Input.Country"] = "United Kingdom",
            ["Input.ShowPublicly"] = "true",
            ["Input.ShowWith"] = "Town",
            ["Input.MayContact"] = i % 2 == 0 ? "true" : "false",
        });
        using var response = await http.PostAsync($"/statements/{o.Slug}", form);
        Landed(response, "sent", $"Sign {i}");
    });
    var links = await Db.ConfirmLinksAsync(source, run);
    if (links.Count != o.Events) throw new InvalidOperationException($"{links.Count} confirmation emails for {o.Events} signatures");
    confirm = await Phase.RunAsync(o.Events, o.Connections, o.PerSecond, async i =>
    {
        using var response = await http.GetAsync(links[i]);
        Landed(response, "confirmed", $"Confirm {i}");
    });
    counted = await Db.CountAsync(source, o.Slug);
}
else
{
    var statementId = await Db.EnsureStatementAsync(source, o.Slug);
    var tokens = new string[o.Events];
    // SQLite takes one writer at a time. Queuing the writers on an async lock (as the app does) instead of letting
    // them collide and sleep in SQLite's busy handler is the fastest way to write these rows, so it is the baseline.
    var gate = new SemaphoreSlim(o.Provider == "postgres" ? o.Connections : 1);
    async Task Gated(Func<Task> write)
    {
        await gate.WaitAsync();
        try { await write(); } finally { gate.Release(); }
    }
    sign = await Phase.RunAsync(o.Events, o.Connections, o.PerSecond, i =>
    {
        tokens[i] = Token();
        return Gated(() => Db.InsertSignatureAsync(source, statementId, run, i, Hash(tokens[i])));
    });
    confirm = await Phase.RunAsync(o.Events, o.Connections, o.PerSecond, i => Gated(() => Db.ConfirmAsync(source, Hash(tokens[i]))));
    counted = await Db.CountAsync(source, o.Slug);
}

Console.WriteLine(JsonSerializer.Serialize(new
{
    mode = o.Mode,
    signatures = o.Events,
    connections = o.Connections,
    sign_per_second = sign.Rate,
    sign_p50_ms = sign.P50,
    sign_p99_ms = sign.P99,
    confirm_per_second = confirm.Rate,
    confirm_p50_ms = confirm.P50,
    confirm_p99_ms = confirm.P99,
    counted,
}));

// The redirect was followed to the statement page saying what happened (a page, not just a status code).
static void Landed(HttpResponseMessage response, string step, string what)
{
    if (!response.IsSuccessStatusCode || response.RequestMessage?.RequestUri?.Query != $"?signed={step}" || response.Content.ReadAsStream().Length < 1000)
        throw new InvalidOperationException($"{what}: {(int)response.StatusCode} at {response.RequestMessage?.RequestUri}");
}

static string Email(string run, int i) => $"bench-{run}-{i}@signers.test";
static string Token() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));

sealed record Options(string Mode, int Events, int Connections, string? Url, string Database, string Provider, string Slug, double PerSecond)
{
    public static Options Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        return new Options(args[0], int.Parse(Value("--signatures") ?? "2000"), int.Parse(Value("--connections") ?? "32"),
            Value("--url"), Value("--db") ?? throw new ArgumentException("--db is required"), Value("--provider") ?? "sqlite",
            Value("--slug") ?? "keep-our-buses-running", double.Parse(Value("--per-second") ?? "0", System.Globalization.CultureInfo.InvariantCulture));
    }
}

sealed record Phase(double Rate, double P50, double P99)
{
    /// <param name="perSecond">When above zero, the requests are paced at this rate (a trickle), not sent flat out.</param>
    public static async Task<Phase> RunAsync(int count, int connections, double perSecond, Func<int, Task> one)
    {
        var latencies = new double[count];
        var next = -1;
        var pacing = perSecond > 0 ? TimeSpan.FromSeconds(1.0 / perSecond) : TimeSpan.Zero;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                var due = pacing * i - clock.Elapsed;
                if (due > TimeSpan.Zero) await Task.Delay(due);
                var started = Stopwatch.GetTimestamp();
                await one(i);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }));
        var seconds = clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        return new Phase(Math.Round(count / seconds, 1), Math.Round(latencies[count / 2], 2), Math.Round(latencies[(int)(count * 0.99)], 2));
    }
}

/// <summary>The rows signing and confirming write, written directly: the floor any signing code stands on.</summary>
static partial class Db
{
    public static async Task<int> EnsureStatementAsync(DbDataSource source, string slug)
    {
        await using var connection = await source.OpenConnectionAsync();
        await using (var insert = Command(connection, null,
            """
            INSERT INTO "Statements" ("Slug","Title","Addressee","Text","TextHtml","Target","Status","SignedCount","PaperCount","Revision","CreatedAt","UpdatedAt","OpenedAt")
            SELECT @slug,'Bench statement','To whom it may concern','Text','<p>Text</p>',100000,1,0,0,0,@now,@now,@now
            WHERE NOT EXISTS (SELECT 1 FROM "Statements" WHERE "Slug" = @slug)
            """, ("slug", slug), ("now", DateTime.UtcNow)))
            await insert.ExecuteNonQueryAsync();
        await using var select = Command(connection, null, """SELECT "Id" FROM "Statements" WHERE "Slug" = @slug""", ("slug", slug));
        return Convert.ToInt32(await select.ExecuteScalarAsync());
    }

    public static async Task InsertSignatureAsync(DbDataSource source, int statementId, string run, int i, string hash)
    {
        await using var connection = await source.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var now = DateTime.UtcNow;
        var email = $"bare-{run}-{i}@signers.test";
        await using (var cmd = Command(connection, tx,
            """
            INSERT INTO "Signatures" ("StatementId","Name","Email","EmailKey","Town","Country","Organisation","ShowPublicly","ShowWith","MayContact","TokenHash","CreatedAt")
            VALUES (@statement,@name,@email,@email,'Leeds','United Kingdom',NULL,@public,0,@contact,@hash,@now)
            """, ("statement", statementId), ("name", $"Signer {i}"), ("email", email), ("public", true), ("contact", i % 2 == 0), ("hash", hash), ("now", now)))
            await cmd.ExecuteNonQueryAsync();
        await using (var cmd = Command(connection, tx,
            """INSERT INTO "Outbox" ("Key","ToAddress","ToName","Subject","TextBody","CreatedAt","NextAttemptAt","Attempts") VALUES (@key,@email,@name,'Please confirm your signature',@body,@now,@now,0)""",
            ("key", $"statement-sign:{hash[..40]}"), ("email", email), ("name", $"Signer {i}"), ("body", "Dear signer, please open this link to confirm: https://paper.example/statements/x/confirm/" + hash), ("now", now)))
            await cmd.ExecuteNonQueryAsync();
        await tx.CommitAsync();
    }

    public static async Task ConfirmAsync(DbDataSource source, string hash)
    {
        await using var connection = await source.OpenConnectionAsync();
        await using var cmd = Command(connection, null,
            """UPDATE "Signatures" SET "ConfirmedAt" = @now WHERE "TokenHash" = @hash AND "ConfirmedAt" IS NULL""", ("now", DateTime.UtcNow), ("hash", hash));
        if (await cmd.ExecuteNonQueryAsync() != 1) throw new InvalidOperationException("A signature was not confirmed");
    }

    /// <summary>The confirmation links of this run's signatures, as their emails carry them (site-relative).</summary>
    public static async Task<List<string>> ConfirmLinksAsync(DbDataSource source, string run)
    {
        await using var connection = await source.OpenConnectionAsync();
        await using var cmd = Command(connection, null, """SELECT "TextBody" FROM "Outbox" WHERE "ToAddress" LIKE @who""", ("who", $"bench-{run}-%"));
        var links = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) links.Add(new Uri(ConfirmLink().Match(reader.GetString(0)).Value).PathAndQuery);
        return links;
    }

    public static async Task<int> CountAsync(DbDataSource source, string slug)
    {
        await using var connection = await source.OpenConnectionAsync();
        await using var cmd = Command(connection, null, """SELECT "SignedCount" FROM "Statements" WHERE "Slug" = @slug""", ("slug", slug));
        return Convert.ToInt32(await cmd.ExecuteScalarAsync());
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "@" + name;
            p.Value = value ?? DBNull.Value;
            cmd.Parameters.Add(p);
        }
        return cmd;
    }

    [GeneratedRegex(@"https?://\S+/confirm/[A-Za-z0-9_-]+")]
    private static partial Regex ConfirmLink();
}

/// <summary>A pooled SQLite "data source" so both engines share one loop.</summary>
sealed class SqliteSource(string connectionString) : DbDataSource
{
    public override string ConnectionString => connectionString;
    protected override DbConnection CreateDbConnection() => new SqliteConnection(connectionString);
}
