using System.Diagnostics;
using System.Net;
using Masthead.Features.Campaigns;
using Masthead.Infrastructure.Redis;
using Masthead.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Masthead.IntegrationTests.Scale;

/// <summary>Redis helps; it is never needed. Lost mid-flight or never there, the site serves and limits on its own, and says so once.</summary>
public sealed class RedisOutageTests
{
    private static MastheadApp Instance(FakeLoggerProvider logs, RenderCounter renders, int signInPosts) =>
        new SqliteApp()
            .WithSetting("Readers:SignInPostsPerTenMinutes", signInPosts.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Also(app => app.ExtraServices.Add(s => s.AddSingleton<ILoggerProvider>(logs)))
            .Also(app => app.ExtraServices.Add(renders.AddTo));

    private static List<FakeLogRecord> Said(FakeLoggerProvider logs, LogLevel level) =>
        logs.Collector.GetSnapshot().Where(r => r.Category == typeof(RedisLink).FullName && r.Level == level).ToList();

    private static Task<HttpStatusCode> PostAsync(MastheadApp app, string email) =>
        app.CreateClient().PostFormAsync("/my/signin", new() { ["Email"] = email }).ContinueWith(t => t.Result.StatusCode);

    [Fact]
    [Trait("Needs", "Redis")]
    public async Task Redis_lost_mid_flight_leaves_pages_served_and_posts_limited_here_logged_once_and_used_again_when_back()
    {
        await using var redis = await PrivateRedis.StartAsync();
        var prefix = TestRedis.NewPrefix();
        var logs = new FakeLoggerProvider();
        var renders = new RenderCounter();
        await using var app = Instance(logs, renders, signInPosts: 3).WithRedis(prefix, redis.Address);
        await app.InitializeAsync();
        var (author, section) = await app.NewAuthorAndSectionAsync();
        var article = await app.PublishAsync(author, section, "Served through an outage");
        var client = app.CreateClient();
        var email = $"outage-{Guid.NewGuid():N}@masthead.test";

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/articles/{article.Slug}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, await PostAsync(app, email));
        Assert.NotEmpty(await TestRedis.KeysAsync(prefix, "page:*", redis.Address));
        Assert.NotEmpty(await TestRedis.KeysAsync(prefix, "limit:*", redis.Address));
        var rendered = renders.Count;

        await redis.StopAsync();

        // Pages: the cached one from memory, without waiting on Redis; a new one rendered; a change still evicts here.
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 30; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/articles/{article.Slug}")).StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"30 cached pages took {clock.Elapsed} with Redis down");
        Assert.Equal(rendered, renders.Count);
        var during = await app.PublishAsync(author, section, "Published while Redis was away");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/articles/{during.Slug}")).StatusCode);
        await app.EditAsync(article.Id, x => new("Edited while Redis was away", x.Slug, x.Standfirst, x.Body, x.AuthorId, x.SectionId, ""));
        Assert.Contains("Edited while Redis was away", await client.GetStringAsync($"/articles/{article.Slug}"));

        // Posts: counted here now, from zero; the limit still holds.
        for (var post = 1; post <= 3; post++) Assert.Equal(HttpStatusCode.OK, await PostAsync(app, email));
        Assert.Equal(HttpStatusCode.TooManyRequests, await PostAsync(app, email));

        Assert.Single(Said(logs, LogLevel.Warning));

        // Back: after at most RedisLink.RetryAfter and a reconnect, counts and pages go to Redis again.
        await redis.StartAgainAsync();
        await Eventually.WaitForAsync(async () =>
        {
            await app.WithServiceAsync<SignLimits, bool>(l => l.TryTakeAsync(Guid.NewGuid().ToString("N")).AsTask());
            return (await TestRedis.KeysAsync(prefix, "limit:*", redis.Address)).Count;
        }, keys => keys > 0, seconds: 30);
        var after = await app.PublishAsync(author, section, "Published once Redis was back");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/articles/{after.Slug}")).StatusCode);
        Assert.NotEmpty(await TestRedis.KeysAsync(prefix, "page:*", redis.Address));
        Assert.Single(Said(logs, LogLevel.Warning));
        Assert.Single(Said(logs, LogLevel.Information));
    }

    [Fact]
    public async Task An_instance_whose_redis_cannot_be_reached_starts_and_serves_on_its_own_and_says_so_once()
    {
        var logs = new FakeLoggerProvider();
        var renders = new RenderCounter();
        await using var app = Instance(logs, renders, signInPosts: 2).WithRedis(TestRedis.NewPrefix(), $"127.0.0.1:{TestRedis.FreePort()}", patient: false);
        await app.InitializeAsync();
        var client = app.CreateClient();
        var email = $"alone-{Guid.NewGuid():N}@masthead.test";

        Assert.True(app.PageCache().IsShared);
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        Assert.Equal(1, renders.Count); // cached here
        Assert.Equal(HttpStatusCode.OK, await PostAsync(app, email));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(app, email));
        Assert.Equal(HttpStatusCode.TooManyRequests, await PostAsync(app, email));
        Assert.Single(Said(logs, LogLevel.Warning));
    }

    [Fact]
    public async Task Without_redis_the_page_cache_is_this_instances_own_and_can_drop_pages_here_only()
    {
        var logs = new FakeLoggerProvider();
        var renders = new RenderCounter();
        await using var app = Instance(logs, renders, signInPosts: 2);
        await app.InitializeAsync();
        var client = app.CreateClient();

        Assert.Same(app.PageCache(), app.Services.GetRequiredService<IOutputCacheStore>());
        Assert.False(app.PageCache().IsShared);
        await client.GetAsync("/");
        await client.GetAsync("/");
        Assert.Equal(1, renders.Count);
        await app.PageCache().EvictLocalByTagAsync(Masthead.Features.Publishing.PublicPages.CacheTag);
        await client.GetAsync("/");
        Assert.Equal(2, renders.Count);
        Assert.Empty(Said(logs, LogLevel.Warning));
    }
}

internal static class AppSetup
{
    public static MastheadApp Also(this MastheadApp app, Action<MastheadApp> change)
    {
        change(app);
        return app;
    }
}
