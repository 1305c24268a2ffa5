using System.Net;
using Masthead.Features.Campaigns;
using Masthead.Features.Publishing;
using Masthead.IntegrationTests.Infrastructure;

namespace Masthead.IntegrationTests.Scale;

/// <summary>
/// Two instances on one PostgreSQL database and one Redis, as behind a load balancer: a page one renders the other
/// serves without rendering, and a limit reached through one holds on the other, and after both are replaced.
/// </summary>
[Trait("Needs", "PostgreSQL")]
[Trait("Needs", "Redis")]
public sealed class SharedRedisTests : IAsyncLifetime
{
    private readonly string _prefix = TestRedis.NewPrefix();
    // Owns the database and is never started itself, so instances can come and go over the same database.
    private readonly PostgresApp _database = new();
    private readonly List<MastheadApp> _instances = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var instance in _instances) await instance.DisposeAsync();
        await _database.DisposeAsync();
    }

    private async Task<MastheadApp> StartInstanceAsync(RenderCounter? renders = null, int signInPosts = 3)
    {
        var instance = _database.Sibling().WithRedis(_prefix)
            .WithSetting("Readers:SignInPostsPerTenMinutes", signInPosts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (renders is not null) instance.ExtraServices.Add(renders.AddTo);
        _instances.Add(instance);
        await instance.InitializeAsync();
        return instance;
    }

    [Fact]
    public async Task A_page_rendered_by_one_instance_is_served_by_the_other_from_the_shared_cache()
    {
        var aRenders = new RenderCounter();
        var bRenders = new RenderCounter();
        var a = await StartInstanceAsync(aRenders);
        var (author, section) = await a.NewAuthorAndSectionAsync();
        var article = await a.PublishAsync(author, section, "Rendered once for every instance");
        // B starts after the publication, so its first look at the content version finds nothing to evict.
        var b = await StartInstanceAsync(bRenders);
        var path = $"/articles/{article.Slug}";

        var fromA = await a.CreateClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, fromA.StatusCode);
        Assert.Equal(1, aRenders.Count);
        var fromB = await b.CreateClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, fromB.StatusCode);

        Assert.Equal(0, bRenders.Count);
        Assert.NotNull(fromB.Headers.Age); // the output cache's answer, not a fresh render
        Assert.Equal(fromA.Headers.ETag, fromB.Headers.ETag);
        Assert.Equal(await fromA.Content.ReadAsStringAsync(), await fromB.Content.ReadAsStringAsync());
        Assert.NotEmpty(await TestRedis.KeysAsync(_prefix, "page:*"));

        // An edit on A drops the page from A and from Redis; B, told to drop its own copy (as another instance's news
        // of a change does), renders the new version instead of finding the old one in Redis.
        await a.EditAsync(article.Id, x => new(x.Title + " and edited", x.Slug, x.Standfirst, x.Body, x.AuthorId, x.SectionId, ""));
        await b.PageCache().EvictLocalByTagAsync(PublicPages.CacheTag);
        var edited = await b.CreateClient().GetStringAsync(path);
        Assert.Contains("Rendered once for every instance and edited", edited);
        Assert.True(bRenders.Count >= 1);
    }

    [Fact]
    public async Task A_limit_reached_through_one_instance_holds_on_the_other_and_after_both_are_replaced()
    {
        var a = await StartInstanceAsync();
        var b = await StartInstanceAsync();
        var email = $"limited-{Guid.NewGuid():N}@masthead.test";

        for (var post = 1; post <= 3; post++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await a.CreateClient().PostFormAsync("/my/signin", new() { ["Email"] = email })).StatusCode);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, (await b.CreateClient().PostFormAsync("/my/signin", new() { ["Email"] = email })).StatusCode);

        // The per-email limit on signing statements (3 in ten minutes) is shared the same way.
        var signer = Guid.NewGuid().ToString("N");
        for (var sign = 1; sign <= 3; sign++) Assert.True(await a.WithServiceAsync<SignLimits, bool>(l => l.TryTakeAsync(signer).AsTask()));
        Assert.False(await b.WithServiceAsync<SignLimits, bool>(l => l.TryTakeAsync(signer).AsTask()));

        // A deploy: both instances go, two new ones come, within the window.
        foreach (var instance in _instances) await instance.DisposeAsync();
        _instances.Clear();
        var c = await StartInstanceAsync();
        var d = await StartInstanceAsync();
        Assert.Equal(HttpStatusCode.TooManyRequests, (await c.CreateClient().PostFormAsync("/my/signin", new() { ["Email"] = email })).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await d.CreateClient().PostFormAsync("/my/signin", new() { ["Email"] = email })).StatusCode);
        Assert.False(await c.WithServiceAsync<SignLimits, bool>(l => l.TryTakeAsync(signer).AsTask()));
    }
}
