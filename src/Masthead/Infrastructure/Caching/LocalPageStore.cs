using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Masthead.Infrastructure.Caching;

/// <summary>
/// Cached pages in this process's memory, found by key and dropped by tag, up to the output cache's size limit
/// (<see cref="OutputCacheOptions.SizeLimit"/>, 100 MB by default). ASP.NET Core's own memory store does the same but is
/// internal, so it cannot be the first level of <see cref="PageCache"/>.
/// </summary>
public sealed class LocalPageStore : IDisposable
{
    private readonly MemoryCache _pages;
    private readonly Dictionary<string, Dictionary<string, Page>> _byTag = new(StringComparer.Ordinal);

    public LocalPageStore(IOptions<OutputCacheOptions> options) =>
        _pages = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.SizeLimit });

    /// <summary>One stored page; the tag index points at this very object, so a late eviction callback for an older copy unlinks nothing newer.</summary>
    private sealed record Page(byte[] Value, string[] Tags);

    public byte[]? Get(string key) => _pages.TryGetValue(key, out Page? page) ? page?.Value : null;

    public void Set(string key, byte[] value, string[]? tags, TimeSpan validFor)
    {
        if (validFor <= TimeSpan.Zero) return;
        var page = new Page(value, tags ?? []);
        lock (_byTag)
        {
            foreach (var tag in page.Tags)
            {
                if (!_byTag.TryGetValue(tag, out var keys)) _byTag[tag] = keys = new(StringComparer.Ordinal);
                keys[key] = page;
            }
        }
        using var entry = _pages.CreateEntry(key);
        entry.Value = page;
        entry.Size = Math.Max(1, value.Length);
        entry.AbsoluteExpirationRelativeToNow = validFor;
        entry.RegisterPostEvictionCallback(static (key, value, _, state) => ((LocalPageStore)state!).Unlink((string)key, (Page)value!), this);
    }

    public void EvictByTag(string tag)
    {
        Dictionary<string, Page>? keys;
        lock (_byTag)
        {
            if (!_byTag.Remove(tag, out keys)) return;
        }
        foreach (var (key, page) in keys)
        {
            // Only the copy the tag was given to: a newer one stored under the same key since may not carry this tag.
            if (_pages.TryGetValue(key, out Page? current) && ReferenceEquals(current, page)) _pages.Remove(key);
        }
    }

    private void Unlink(string key, Page page)
    {
        lock (_byTag)
        {
            foreach (var tag in page.Tags)
            {
                if (!_byTag.TryGetValue(tag, out var keys)) continue;
                if (keys.TryGetValue(key, out var linked) && ReferenceEquals(linked, page)) keys.Remove(key);
                if (keys.Count == 0) _byTag.Remove(tag);
            }
        }
    }

    public void Dispose() => _pages.Dispose();
}
