using Masthead.Infrastructure.Caching;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;

namespace Masthead.Tests.Infrastructure;

/// <summary>The page cache without Redis: pages by key, dropped by tag; and the form pages take in Redis.</summary>
public sealed class PageCacheTests
{
    private static PageCache Cache() => new(new LocalPageStore(Options.Create(new OutputCacheOptions())));

    [Fact]
    public async Task A_page_is_dropped_by_any_of_its_tags_and_only_the_pages_carrying_it()
    {
        var cache = Cache();
        await cache.SetAsync("/a", [1], ["public", "card:/statements/x"], TimeSpan.FromMinutes(1), default);
        await cache.SetAsync("/b", [2], ["public"], TimeSpan.FromMinutes(1), default);

        await cache.EvictLocalByTagAsync("card:/statements/x");
        Assert.Null(await cache.GetAsync("/a", default));
        Assert.Equal([2], await cache.GetAsync("/b", default));

        await cache.EvictByTagAsync("public", default);
        Assert.Null(await cache.GetAsync("/b", default));
    }

    [Fact]
    public async Task A_page_stored_again_keeps_only_its_new_tags()
    {
        var cache = Cache();
        await cache.SetAsync("/a", [1], ["old"], TimeSpan.FromMinutes(1), default);
        await cache.SetAsync("/a", [2], ["new"], TimeSpan.FromMinutes(1), default);

        await cache.EvictLocalByTagAsync("old");
        Assert.Equal([2], await cache.GetAsync("/a", default));
        await cache.EvictLocalByTagAsync("new");
        Assert.Null(await cache.GetAsync("/a", default));
    }

    [Fact]
    public void A_page_in_redis_carries_its_tags_and_anything_else_there_is_a_miss()
    {
        var packed = PageCache.Pack(["public", "card:/events/ünïcode"], [7, 8, 9]);
        Assert.True(PageCache.TryUnpack(packed, out var tags, out var value));
        Assert.Equal(["public", "card:/events/ünïcode"], tags);
        Assert.Equal([7, 8, 9], value);

        Assert.False(PageCache.TryUnpack([], out _, out _));
        Assert.False(PageCache.TryUnpack([1, 0, 0, 0, 200, 0, 0, 0, 65], out _, out _)); // a tag longer than what follows
        Assert.False(PageCache.TryUnpack([255, 255, 255, 255], out _, out _)); // a negative count
    }
}
