using System.Buffers.Binary;
using System.Text;
using Masthead.Infrastructure.Redis;
using Microsoft.AspNetCore.OutputCaching;
using StackExchange.Redis;

namespace Masthead.Infrastructure.Caching;

/// <summary>
/// The output cache's store: pages in this process's memory first (<see cref="LocalPageStore"/>), then, when Redis is
/// configured, in Redis, shared by every instance. A page one instance renders is served by all; a page found in Redis
/// is kept here too for what is left of its lifetime. Without Redis, or while it is lost, only memory is used.
/// </summary>
/// <remarks>
/// Redis keys (after <c>Redis:Prefix</c>): <c>page:{key}</c> holds a page with its tags; <c>tag:{tag}</c> is a sorted
/// set of the keys carrying that tag, scored by when each expires; <c>pages</c> lists every page the same way, so all
/// can be dropped when Redis returns after being lost (evictions made meanwhile never reached it).
/// </remarks>
public sealed class PageCache : IOutputCacheStore
{
    private const string AllPages = "pages";

    // Stores the page and links it from each tag set, each set living as long as its longest-lived page.
    private const string SetScript = """
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
        local ttl = tonumber(ARGV[2])
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl)
        for i = 2, #KEYS do
          redis.call('ZADD', KEYS[i], now + ttl, ARGV[3])
          redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now)
          if redis.call('PTTL', KEYS[i]) < ttl then redis.call('PEXPIRE', KEYS[i], ttl) end
        end
        return 1
        """;

    // Drops every page linked from the tag set, then the set.
    private const string EvictScript = """
        local keys = redis.call('ZRANGE', KEYS[1], 0, -1)
        for i = 1, #keys do redis.call('UNLINK', ARGV[1] .. keys[i]) end
        redis.call('UNLINK', KEYS[1])
        return #keys
        """;

    private readonly LocalPageStore _local;
    private readonly RedisLink? _redis;

    public PageCache(LocalPageStore local, RedisLink? redis = null)
    {
        _local = local;
        _redis = redis;
        // Evictions made while Redis was lost never reached it: what it still holds may be out of date.
        _redis?.OnReturn(db => db.ScriptEvaluateAsync(EvictScript, [TagKey(AllPages)], [(RedisValue)PageKey("")]));
    }

    /// <summary>Whether pages are shared through Redis (when it can be reached).</summary>
    public bool IsShared => _redis is not null;

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        if (_local.Get(key) is { } page) return page;
        if (_redis is null) return null;
        var (ok, found) = await _redis.TryAsync(db => db.StringGetWithExpiryAsync(PageKey(key)));
        if (!ok || found.Value.IsNull || found.Expiry is not { } left || !TryUnpack((byte[])found.Value!, out var tags, out var value)) return null;
        _local.Set(key, value, tags, left);
        return value;
    }

    public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        _local.Set(key, value, tags, validFor);
        if (_redis is null || validFor <= TimeSpan.Zero) return;
        RedisKey[] keys = [PageKey(key), TagKey(AllPages), .. (tags ?? []).Select(TagKey)];
        RedisValue[] args = [Pack(tags ?? [], value), (long)Math.Ceiling(validFor.TotalMilliseconds), key];
        await _redis.TryAsync(db => db.ScriptEvaluateAsync(SetScript, keys, args));
    }

    /// <summary>Drops the pages carrying <paramref name="tag"/> here and in Redis: for a change made on this instance.</summary>
    public async ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
    {
        _local.EvictByTag(tag);
        if (_redis is null) return;
        await _redis.TryAsync(db => db.ScriptEvaluateAsync(EvictScript, [TagKey(tag)], [(RedisValue)PageKey("")]));
    }

    /// <summary>
    /// Drops the pages carrying <paramref name="tag"/> from this instance's memory only: for a change another instance
    /// made, which has already dropped them from Redis.
    /// </summary>
    public ValueTask EvictLocalByTagAsync(string tag, CancellationToken cancellationToken = default)
    {
        _local.EvictByTag(tag);
        return ValueTask.CompletedTask;
    }

    private string PageKey(string key) => _redis!.Prefix + "page:" + key;

    private string TagKey(string tag) => _redis!.Prefix + "tag:" + tag;

    /// <summary>A page as Redis keeps it: its tags (count, then each as length and UTF-8), then the bytes the output cache gave.</summary>
    internal static byte[] Pack(string[] tags, byte[] value)
    {
        var encoded = tags.Select(Encoding.UTF8.GetBytes).ToArray();
        var packed = new byte[4 + encoded.Sum(t => 4 + t.Length) + value.Length];
        var at = 0;
        BinaryPrimitives.WriteInt32LittleEndian(packed.AsSpan(at), encoded.Length);
        at += 4;
        foreach (var tag in encoded)
        {
            BinaryPrimitives.WriteInt32LittleEndian(packed.AsSpan(at), tag.Length);
            tag.CopyTo(packed, at + 4);
            at += 4 + tag.Length;
        }
        value.CopyTo(packed, at);
        return packed;
    }

    /// <summary>The reverse of <see cref="Pack"/>; false for anything else (a foreign or damaged value is a miss, not an error).</summary>
    internal static bool TryUnpack(byte[] packed, out string[] tags, out byte[] value)
    {
        tags = [];
        value = [];
        var span = packed.AsSpan();
        if (span.Length < 4) return false;
        var count = BinaryPrimitives.ReadInt32LittleEndian(span);
        if (count < 0 || count > 1000) return false;
        var at = 4;
        var read = new string[count];
        for (var i = 0; i < count; i++)
        {
            if (span.Length - at < 4) return false;
            var length = BinaryPrimitives.ReadInt32LittleEndian(span[at..]);
            if (length < 0 || length > span.Length - at - 4) return false;
            read[i] = Encoding.UTF8.GetString(span.Slice(at + 4, length));
            at += 4 + length;
        }
        tags = read;
        value = span[at..].ToArray();
        return true;
    }
}
