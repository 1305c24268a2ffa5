using System.Threading.Channels;
using Npgsql;

namespace Masthead.Data;

/// <summary>
/// Tells the other instances of the site what has just changed — content published, money recorded, a count
/// moved — so each drops or refreshes what it keeps in memory at once, instead of asking the database every
/// second. On PostgreSQL the news travels by LISTEN/NOTIFY; on SQLite there is one serving process and nothing
/// to tell (a command-line process is caught by each keeper's regular look, <see cref="SafetyNet"/>).
/// </summary>
/// <remarks>
/// <para>Tell only after committing: NOTIFY outside a transaction is delivered at once, and the others must find
/// the change when they look. A burst is sent as it comes, but never more than one round trip at a time: what is
/// told while a send is on its way goes together in the next one, duplicates folded.</para>
/// <para>Notifications are not durable. While the listening connection is down some may be lost, so when it comes
/// back every handler is called with <see cref="Everything"/>, and each keeper also looks for itself every
/// <see cref="SafetyNet"/> in case of anything else.</para>
/// </remarks>
public sealed class ChangeNotifications(IConfiguration configuration, IHostEnvironment environment, ILogger<ChangeNotifications> log)
{
    public const string ChannelName = "masthead";

    /// <summary>The detail a handler gets when notifications may have been missed: assume anything changed.</summary>
    public const string Everything = "*";

    private readonly DatabaseProvider _provider = DatabaseSetup.ReadProvider(configuration);
    private readonly Lock _lock = new();
    private readonly HashSet<string> _pending = [];
    private readonly Dictionary<string, List<Func<string, CancellationToken, Task>>> _handlers = [];
    private bool _sending;
    private bool _failing;
    private string? _connectionString;

    /// <summary>Unique to this instance: its own notifications come back to it and are ignored.</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N")[..12];

    /// <summary>True when other instances may exist and are told by notification.</summary>
    public bool Pushes => _provider == DatabaseProvider.Postgres;

    /// <summary>
    /// How often a keeper looks at the database itself. With notifications that is only a safety net, minutes
    /// apart; on SQLite it is how a change made by the command line is noticed, and a look costs no server.
    /// </summary>
    public TimeSpan SafetyNet(TimeSpan withoutNotifications) => Pushes ? TimeSpan.FromMinutes(1) : withoutNotifications;

    internal string ConnectionString => _connectionString ??=
        DatabaseSetup.ConnectionString(configuration, environment.ContentRootPath, _provider);

    /// <summary>
    /// The listening connection's: <c>ConnectionStrings:MastheadListen</c> when set — LISTEN needs a session of its own,
    /// so behind PgBouncer in transaction mode it must reach PostgreSQL directly — else the site's own.
    /// </summary>
    internal string ListenConnectionString => configuration.GetConnectionString("MastheadListen") is { Length: > 0 } listen ? listen : ConnectionString;

    /// <summary>Calls <paramref name="handler"/> when another instance tells of a change on <paramref name="topic"/>.</summary>
    public void On(string topic, Func<string, CancellationToken, Task> handler)
    {
        lock (_lock)
        {
            if (!_handlers.TryGetValue(topic, out var list)) _handlers[topic] = list = [];
            list.Add(handler);
        }
    }

    /// <summary>
    /// Tells the other instances that <paramref name="topic"/> changed (<paramref name="detail"/> says what, e.g. a
    /// statement's slug). Never throws: a change not told is found by the others' safety net.
    /// </summary>
    public async Task TellOthersAsync(string topic, string detail = "", CancellationToken ct = default)
    {
        if (!Pushes) return;
        lock (_lock)
        {
            _pending.Add($"{InstanceId}|{topic}|{detail}");
            if (_sending) return; // the send on its way takes it with the next round trip
            _sending = true;
        }
        try
        {
            while (true)
            {
                string[] batch;
                lock (_lock)
                {
                    if (_pending.Count == 0)
                    {
                        _sending = false;
                        return;
                    }
                    batch = [.. _pending];
                    _pending.Clear();
                }
                await SendAsync(batch, ct);
            }
        }
        catch
        {
            lock (_lock) _sending = false;
            throw;
        }
    }

    private async Task SendAsync(string[] payloads, CancellationToken ct)
    {
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand($"SELECT pg_notify('{ChannelName}', p) FROM unnest(@p) AS p", connection);
            command.Parameters.AddWithValue("p", payloads);
            await command.ExecuteNonQueryAsync(ct);
            if (_failing)
            {
                _failing = false;
                log.LogInformation("Telling other instances of changes works again");
            }
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            if (!_failing) log.LogWarning("Could not tell other instances of a change ({Reason}); they will notice within {SafetyNet}", e.Message, SafetyNet(TimeSpan.Zero));
            _failing = true;
        }
    }

    /// <summary>Hands a notification from another instance to this instance's handlers.</summary>
    internal async Task DeliverAsync(string topic, string detail, CancellationToken ct)
    {
        List<Func<string, CancellationToken, Task>> handlers;
        lock (_lock)
        {
            if (!_handlers.TryGetValue(topic, out var list)) return;
            handlers = [.. list];
        }
        foreach (var handler in handlers)
        {
            try
            {
                await handler(detail, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Could not act on a change to {Topic} told by another instance", topic);
            }
        }
    }

    /// <summary>Hands <see cref="Everything"/> to every handler: notifications may have been missed.</summary>
    internal async Task DeliverEverythingAsync(CancellationToken ct)
    {
        string[] topics;
        lock (_lock) topics = [.. _handlers.Keys];
        foreach (var topic in topics) await DeliverAsync(topic, Everything, ct);
    }

    /// <summary>Reads "instance|topic|detail"; null for this instance's own or for anything else.</summary>
    internal (string Topic, string Detail)? Parse(string payload)
    {
        var parts = payload.Split('|', 3);
        if (parts.Length != 3 || parts[0] == InstanceId) return null;
        return (parts[1], parts[2]);
    }
}

/// <summary>
/// On PostgreSQL, keeps one connection LISTENing for the other instances' notifications and hands them on; when
/// the connection is lost it tries again with back-off and, once back, tells every handler that anything may have
/// changed.
/// </summary>
public sealed class ChangeListener(ChangeNotifications changes, ILogger<ChangeListener> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!changes.Pushes) return;
        var received = Channel.CreateUnbounded<(string Topic, string Detail)>(new UnboundedChannelOptions { SingleReader = true });
        var deliver = DeliverAsync(received.Reader, stoppingToken);
        var pause = TimeSpan.FromSeconds(1);
        var lost = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var builder = new NpgsqlConnectionStringBuilder(changes.ListenConnectionString)
                {
                    // Its own connection, never returned to the pool; the keepalive finds a dead server or network.
                    Pooling = false,
                    KeepAlive = 30,
                    ApplicationName = "masthead-listen",
                };
                await using var connection = new NpgsqlConnection(builder.ConnectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, e) =>
                {
                    if (changes.Parse(e.Payload) is { } change) received.Writer.TryWrite(change);
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {ChangeNotifications.ChannelName}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                if (lost)
                {
                    log.LogInformation("Listening for other instances' changes again");
                    received.Writer.TryWrite((ChangeNotifications.Everything, ""));
                    lost = false;
                }
                pause = TimeSpan.FromSeconds(1);
                while (true) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                if (!lost) log.LogWarning("Lost the connection that hears other instances' changes ({Reason}); trying again", e.Message);
                lost = true;
                try
                {
                    await Task.Delay(pause, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(15).Ticks));
            }
        }
        received.Writer.TryComplete();
        await deliver;
    }

    private async Task DeliverAsync(ChannelReader<(string Topic, string Detail)> received, CancellationToken ct)
    {
        try
        {
            await foreach (var (topic, detail) in received.ReadAllAsync(ct))
            {
                if (topic == ChangeNotifications.Everything) await changes.DeliverEverythingAsync(ct);
                else await changes.DeliverAsync(topic, detail, ct);
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }
}
