using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Masthead.Infrastructure.Redis;

public sealed class RedisOptions
{
    public const string SectionName = "Redis";

    /// <summary>Put before every key Masthead writes, so several sites (or test runs) can share one Redis.</summary>
    public string Prefix { get; set; } = "masthead:";
}

/// <summary>
/// This instance's one connection to Redis (<c>ConnectionStrings:Redis</c>), for the shared page cache and rate limits.
/// Redis is a help, never a dependency: every call here either answers quickly or says it could not, and the caller
/// then does the work on its own. Losing Redis is logged once, its return once. After a failed call Redis is left
/// alone for <see cref="RetryAfter"/>, then one call at a time tries it again; a connection known to be down is not
/// tried at all, so no request waits on a dead Redis (and on a hung one, only the calls already under way, up to the
/// command timeout).
/// </summary>
public sealed class RedisLink : IAsyncDisposable, IDisposable
{
    /// <summary>How long Redis is left alone after a call to it failed.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    private const int Unknown = 0, Up = 1, Down = 2;

    private readonly ConfigurationOptions _config;
    private readonly ILogger<RedisLink> _log;
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private readonly List<Func<IDatabase, Task>> _onReturn = [];
    private ConnectionMultiplexer? _connection;
    private long _leaveAloneUntil;
    private int _state = Unknown;
    private int _probing;

    public RedisLink(IConfiguration configuration, IOptions<RedisOptions> options, ILogger<RedisLink> log)
    {
        _config = Configure(configuration.GetConnectionString("Redis")!);
        _log = log;
        Prefix = options.Value.Prefix;
    }

    /// <summary>Put before every key (<c>Redis:Prefix</c>).</summary>
    public string Prefix { get; }

    /// <summary>Where Redis is, for log lines.</summary>
    public string Endpoint => string.Join(", ", _config.EndPoints.Select(e => e.ToString()));

    /// <summary>
    /// The connection string's own timeouts win; otherwise a dead Redis costs a request at most a second, and commands
    /// fail at once while the connection is down instead of queueing for it.
    /// </summary>
    public static ConfigurationOptions Configure(string connectionString)
    {
        var config = ConfigurationOptions.Parse(connectionString);
        bool Says(string key) => connectionString.Contains(key + "=", StringComparison.OrdinalIgnoreCase);
        config.AbortOnConnectFail = false;
        config.BacklogPolicy = BacklogPolicy.FailFast;
        if (!Says("connectTimeout")) config.ConnectTimeout = 2000;
        if (!Says("syncTimeout")) config.SyncTimeout = 1000;
        if (!Says("asyncTimeout")) config.AsyncTimeout = 1000;
        if (!Says("connectRetry")) config.ConnectRetry = 1;
        if (!Says("name")) config.ClientName = "masthead";
        config.ReconnectRetryPolicy ??= new LinearRetry(1000);
        return config;
    }

    /// <summary>Work to do, once, when Redis answers again after it was lost (before the call that found it back returns).</summary>
    public void OnReturn(Func<IDatabase, Task> work)
    {
        lock (_onReturn) _onReturn.Add(work);
    }

    /// <summary>Runs <paramref name="work"/> on Redis; <c>Ok</c> is false when Redis could not be used, and nothing was waited for.</summary>
    public async Task<(bool Ok, T Value)> TryAsync<T>(Func<IDatabase, Task<T>> work)
    {
        if (Environment.TickCount64 < Volatile.Read(ref _leaveAloneUntil)) return (false, default!);
        // While Redis is lost, one call at a time finds out whether it is back; the others go on without it.
        var probe = Volatile.Read(ref _state) == Down;
        if (probe && Interlocked.CompareExchange(ref _probing, 1, 0) != 0) return (false, default!);
        try
        {
            var connection = await ConnectionAsync();
            if (connection is null) return (false, default!);
            if (!connection.IsConnected)
            {
                Lost("the connection is down");
                return (false, default!);
            }
            var db = connection.GetDatabase();
            var value = await work(db);
            await FoundAsync(db);
            return (true, value);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            Lost(Reason(e));
            return (false, default!);
        }
        finally
        {
            if (probe) Volatile.Write(ref _probing, 0);
        }
    }

    /// <summary>The connection, made by the first caller; others meanwhile go on without Redis rather than wait.</summary>
    private async Task<ConnectionMultiplexer?> ConnectionAsync()
    {
        if (_connection is { } made) return made;
        if (!await _connecting.WaitAsync(0)) return null;
        try
        {
            // Without AbortOnConnectFail this returns, connected or not, within ConnectTimeout, and keeps reconnecting.
            return _connection ??= await ConnectionMultiplexer.ConnectAsync(_config);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ArgumentException or System.Net.Sockets.SocketException)
        {
            Lost(Reason(e));
            return null;
        }
        finally
        {
            _connecting.Release();
        }
    }

    private void Lost(string reason)
    {
        Volatile.Write(ref _leaveAloneUntil, Environment.TickCount64 + (long)RetryAfter.TotalMilliseconds);
        if (Interlocked.Exchange(ref _state, Down) == Down) return;
        _log.LogWarning(
            "Redis at {Endpoint} cannot be used ({Reason}): this instance caches pages and counts posts on its own until it is back; trying again every {Seconds} s.",
            Endpoint, reason, RetryAfter.TotalSeconds);
    }

    private async Task FoundAsync(IDatabase db)
    {
        var was = Interlocked.Exchange(ref _state, Up);
        if (was != Down) return;
        _log.LogInformation("Redis at {Endpoint} is back: pages are shared and posts counted across instances again.", Endpoint);
        Func<IDatabase, Task>[] work;
        lock (_onReturn) work = [.. _onReturn];
        foreach (var w in work) await w(db);
    }

    /// <summary>Why, in a few words: the library's own messages name the key, which may hold a reader's search words.</summary>
    private string Reason(Exception e) => e switch
    {
        RedisTimeoutException or TimeoutException => $"no answer within {_config.AsyncTimeout} ms",
        RedisConnectionException c => $"connection failed: {c.FailureType}",
        RedisServerException => $"Redis refused a command ({e.Message.Split(' ')[0]})",
        _ => e.GetType().Name,
    };

    public async ValueTask DisposeAsync()
    {
        if (_connection is { } connection) await connection.DisposeAsync();
        _connecting.Dispose();
    }

    public void Dispose()
    {
        _connection?.Dispose();
        _connecting.Dispose();
    }
}

/// <summary>Connects at start, so the first pages are already shared; an unreachable Redis delays start-up by at most ConnectTimeout.</summary>
internal sealed class RedisWarmUp(RedisLink redis) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => redis.TryAsync(db => db.PingAsync());

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
