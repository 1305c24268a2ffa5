// Load generator for bench/webhooks.sh.
//   http  — saves N donation intents (what /donate saves) straight into the app's database, then posts N distinct
//           signed checkout.session.completed events paying them to /webhooks/stripe over C connections;
//   bare  — inserts and commits the same rows the webhook writes (event, ledger entry, audit row, receipt),
//           one transaction per event over C connections, with the same database driver, straight to the database.
// Prints one line of JSON: events, seconds, events_per_second, p50_ms, p99_ms.
using System.Data.Common;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;

var options = Options.Parse(args);
var run = Guid.NewGuid().ToString("N")[..8];
var latencies = new double[options.Events];
var next = -1;
var clock = Stopwatch.StartNew();

if (options.Mode == "http")
{
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Connections })
    {
        BaseAddress = new Uri(options.Url!),
    };
    // Only checkouts Masthead started count: each event pays an intent saved first (not timed).
    DbDataSource intents = options.Provider == "postgres" ? NpgsqlDataSource.Create(options.Database!) : new SqliteBare(options.Database!);
    await Intents.SaveAsync(intents, options.Provider, run, options.Events);
    var pacing = options.PerSecond > 0 ? TimeSpan.FromSeconds(1.0 / options.PerSecond) : TimeSpan.Zero;
    await Task.WhenAll(Enumerable.Range(0, options.Connections).Select(async _ =>
    {
        for (var i = Interlocked.Increment(ref next); i < options.Events; i = Interlocked.Increment(ref next))
        {
            if (pacing > TimeSpan.Zero)
            {
                var due = pacing * i - clock.Elapsed;
                if (due > TimeSpan.Zero) await Task.Delay(due);
            }
            var payload = Events.Completed(run, i);
            var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
            request.Headers.Add("Stripe-Signature", Events.Sign(payload, options.Secret));
            var started = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"Event {i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }));
}
else
{
    DbDataSource source = options.Provider == "postgres"
        ? NpgsqlDataSource.Create(options.Database!)
        : new SqliteBare(options.Database!);
    await Task.WhenAll(Enumerable.Range(0, options.Connections).Select(async _ =>
    {
        for (var i = Interlocked.Increment(ref next); i < options.Events; i = Interlocked.Increment(ref next))
        {
            var started = Stopwatch.GetTimestamp();
            await Bare.InsertAsync(source, options.Provider, run, i);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
    }));
}

var seconds = clock.Elapsed.TotalSeconds;
Array.Sort(latencies);
Console.WriteLine(JsonSerializer.Serialize(new
{
    mode = options.Mode,
    events = options.Events,
    connections = options.Connections,
    seconds = Math.Round(seconds, 3),
    events_per_second = Math.Round(options.Events / seconds, 1),
    p50_ms = Math.Round(latencies[latencies.Length / 2], 2),
    p99_ms = Math.Round(latencies[(int)(latencies.Length * 0.99)], 2),
}));

sealed record Options(string Mode, int Events, int Connections, string? Url, string Secret, string? Database, string Provider, double PerSecond)
{
    public static Options Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        return new Options(args[0], int.Parse(Value("--events") ?? "2000"), int.Parse(Value("--connections") ?? "32"),
            Value("--url"), Value("--secret") ?? "", Value("--db"), Value("--provider") ?? "sqlite", double.Parse(Value("--per-second") ?? "0"));
    }
}

static class Events
{
    public static string Completed(string run, int i)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var amount = 100 + i % 5_000;
        return $$$$"""
            {"id":"evt_bench_{{{{run}}}}_{{{{i}}}}","object":"event","api_version":"2025-09-30.clover","created":{{{{now}}}},"livemode":false,"pending_webhooks":1,
             "request":{"id":null,"idempotency_key":null},"type":"checkout.session.completed",
             "data":{"object":{"id":"cs_bench_{{{{run}}}}_{{{{i}}}}","object":"checkout.session","amount_subtotal":{{{{amount}}}},"amount_total":{{{{amount}}}},
              "currency":"gbp","customer_details":{"email":"reader{{{{i}}}}@example.org","name":"Reader {{{{i}}}}"},"customer_email":"reader{{{{i}}}}@example.org",
              "livemode":false,"client_reference_id":"{{{{Intents.Id(run, i)}}}}","metadata":{"purpose":"donation","masthead_intent":"{{{{Intents.Id(run, i)}}}}"},
              "mode":"payment","payment_intent":"pi_bench_{{{{run}}}}_{{{{i}}}}","payment_status":"paid","status":"complete"}}}
            """;
    }

    public static string Sign(string payload, string secret)
    {
        var t = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var hash = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{payload}"));
        return $"t={t},v1={Convert.ToHexStringLower(hash)}";
    }
}

/// <summary>The donation intents the events pay, as /donate saves them: one per event, before the load starts.</summary>
static class Intents
{
    public static Guid Id(string run, int i) => new(MD5.HashData(Encoding.UTF8.GetBytes($"{run}:{i}")));

    public static async Task SaveAsync(DbDataSource source, string provider, string run, int count)
    {
        await using var connection = await source.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var now = DateTime.UtcNow;
        for (var i = 0; i < count; i++)
        {
            var id = Id(run, i);
            await using var cmd = connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "INSERT INTO \"DonationIntents\" (\"Id\",\"Provider\",\"ProviderSessionId\",\"AmountPence\",\"Currency\",\"Name\",\"Email\",\"Town\",\"ThankAs\",\"ShowTown\",\"CreatedAt\") "
                + "VALUES (@id,'stripe',@session,@amount,'GBP',@name,@email,'Leeds',1,@show,@now)";
            Add(cmd, "id", provider == "postgres" ? id : id.ToString().ToUpperInvariant()); // EF keeps SQLite's Guids as upper-case text
            Add(cmd, "session", $"cs_bench_{run}_{i}");
            Add(cmd, "amount", (long)(100 + i % 5_000));
            Add(cmd, "name", $"Reader {i}");
            Add(cmd, "email", $"reader{i}@example.org");
            Add(cmd, "show", true);
            Add(cmd, "now", now);
            await cmd.ExecuteNonQueryAsync();
        }
        await tx.CommitAsync();
    }

    private static void Add(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}

/// <summary>The rows one donation webhook commits, written directly: the floor any webhook code stands on.</summary>
static class Bare
{
    public static async Task InsertAsync(DbDataSource source, string provider, string run, int i)
    {
        await using var connection = await source.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var now = DateTime.UtcNow;
        var amount = 100 + i % 5_000;
        var payload = Events.Completed(run, i);
        var q = provider == "postgres" ? "\"" : "\"";
        long ledgerId;
        await using (var cmd = Command(connection, tx,
            $"INSERT INTO {q}WebhookEvents{q} ({q}Id{q},{q}Type{q},{q}ReceivedAt{q},{q}Outcome{q},{q}PaymentKey{q},{q}Note{q},{q}Payload{q}) VALUES (@id,'checkout.session.completed',@now,0,@pi,'Recorded a gift',@payload)",
            ("id", $"evt_bare_{run}_{i}"), ("now", now), ("pi", $"pi_bare_{run}_{i}"), ("payload", payload)))
            await cmd.ExecuteNonQueryAsync();
        await using (var cmd = Command(connection, tx,
            $"INSERT INTO {q}Ledger{q} ({q}ExternalId{q},{q}Kind{q},{q}Method{q},{q}AmountPence{q},{q}Currency{q},{q}FundDate{q},{q}ReceivedAt{q},{q}DonorName{q},{q}DonorEmail{q},{q}DonorTown{q},{q}ThankAs{q},{q}ShowTown{q},{q}Reference{q},{q}RecordedBy{q},{q}RecordedAt{q}) " +
            $"VALUES (@ext,0,0,@amount,'GBP',@day,@now,@name,@email,'Leeds',1,{(provider == "postgres" ? "true" : "1")},@pi,'stripe',@now) RETURNING {q}Id{q}",
            ("ext", $"stripe:checkout:cs_bare_{run}_{i}"), ("amount", (long)amount), ("day", DateOnly.FromDateTime(now)), ("now", now),
            ("name", $"Reader {i}"), ("email", $"reader{i}@example.org"), ("pi", $"pi_bare_{run}_{i}")))
            ledgerId = Convert.ToInt64(await cmd.ExecuteScalarAsync());
        await using (var cmd = Command(connection, tx,
            $"INSERT INTO {q}MoneyAudit{q} ({q}At{q},{q}By{q},{q}Action{q},{q}Details{q},{q}LedgerEntryId{q}) VALUES (@now,'stripe','Recorded donation',@details,@ledger)",
            ("now", now), ("details", $"£{amount / 100}.{amount % 100:00} Card"), ("ledger", ledgerId)))
            await cmd.ExecuteNonQueryAsync();
        await using (var cmd = Command(connection, tx,
            $"INSERT INTO {q}Outbox{q} ({q}Key{q},{q}ToAddress{q},{q}ToName{q},{q}Subject{q},{q}TextBody{q},{q}CreatedAt{q},{q}NextAttemptAt{q},{q}Attempts{q}) VALUES (@key,@email,@name,'Your gift',@body,@now,@now,0)",
            ("key", $"receipt:bare:{run}:{i}"), ("email", $"reader{i}@example.org"), ("name", $"Reader {i}"), ("body", "Thank you for your gift."), ("now", now)))
            await cmd.ExecuteNonQueryAsync();
        await tx.CommitAsync();
    }

    private static DbCommand Command(DbConnection connection, DbTransaction tx, string sql, params (string Name, object Value)[] parameters)
    {
        var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "@" + name;
            p.Value = value is DateOnly d && connection is SqliteConnection ? d.ToString("yyyy-MM-dd") : value;
            cmd.Parameters.Add(p);
        }
        return cmd;
    }
}

/// <summary>A pooled SQLite "data source" so both engines share the bare loop.</summary>
sealed class SqliteBare(string connectionString) : DbDataSource
{
    public override string ConnectionString => connectionString;
    protected override DbConnection CreateDbConnection() => new SqliteConnection(connectionString);
}
