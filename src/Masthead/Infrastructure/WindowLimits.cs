using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Masthead.Infrastructure.Redis;
using StackExchange.Redis;

namespace Masthead.Infrastructure;

/// <summary>
/// Fixed windows per key: the first try opens a window of the given length, and at most so many tries fit in it. With
/// Redis the tries are counted there, so every instance sees the same count and a deploy resets nothing (the key expires
/// with its window). Without Redis, or while it is lost, each instance counts in its own memory.
/// </summary>
public sealed class WindowLimits(RedisLink? redis = null) : IDisposable
{
    // Counts a try; a key left without an expiry (never, but it would count for ever) is given its window again.
    private const string CountScript = """
        local n = redis.call('INCR', KEYS[1])
        if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        return n
        """;

    private readonly PartitionedRateLimiter<Window> _local = PartitionedRateLimiter.Create<Window, Window>(window =>
        RateLimitPartition.GetFixedWindowLimiter(window, w => new FixedWindowRateLimiterOptions { PermitLimit = w.Permits, Window = w.Length }));

    private readonly record struct Window(string Scope, string Key, int Permits, TimeSpan Length);

    /// <summary>Whether tries are counted in Redis (when it can be reached).</summary>
    public bool IsShared => redis is not null;

    /// <summary>Takes one try for <paramref name="key"/> in <paramref name="scope"/>; false when the window is full.</summary>
    public async ValueTask<bool> TryTakeAsync(string scope, string key, int permits, TimeSpan window)
    {
        if (redis is not null)
        {
            RedisKey[] keys = [$"{redis.Prefix}limit:{scope}:{Hash(key)}"];
            RedisValue[] args = [(long)Math.Ceiling(window.TotalMilliseconds)];
            var (ok, count) = await redis.TryAsync(db => db.ScriptEvaluateAsync(CountScript, keys, args));
            if (ok) return (long)count <= permits;
        }
        using var lease = _local.AttemptAcquire(new Window(scope, key, permits, window));
        return lease.IsAcquired;
    }

    /// <summary>Addresses and email addresses are personal data: Redis sees only a hash of them.</summary>
    private static string Hash(string key) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..22].Replace('/', '_').Replace('+', '-');

    public void Dispose() => _local.Dispose();

    /// <summary>
    /// One key's limit as the rate-limiting middleware wants it. It holds no count (<see cref="WindowLimits"/> does), so
    /// the middleware may drop it whenever idle. The middleware tries the synchronous path first and then the asynchronous
    /// one; only the latter asks Redis, so no thread waits on the network.
    /// </summary>
    public sealed class Limiter(WindowLimits limits, string scope, string key, int permits, TimeSpan window) : RateLimiter
    {
        private long _lastUsed = Stopwatch.GetTimestamp();

        public override TimeSpan? IdleDuration => Stopwatch.GetElapsedTime(Volatile.Read(ref _lastUsed));

        public override RateLimiterStatistics? GetStatistics() => null;

        protected override RateLimitLease AttemptAcquireCore(int permitCount) => permitCount == 0 ? Lease.Acquired : Lease.Refused;

        protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
        {
            if (permitCount == 0) return Lease.Acquired;
            Volatile.Write(ref _lastUsed, Stopwatch.GetTimestamp());
            return await limits.TryTakeAsync(scope, key, permits, window) ? Lease.Acquired : Lease.Refused;
        }
    }

    private sealed class Lease(bool acquired) : RateLimitLease
    {
        public static readonly Lease Acquired = new(true);
        public static readonly Lease Refused = new(false);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
