using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Masthead.Features.Readers;
using Masthead.IntegrationTests.Campaigns;
using Masthead.IntegrationTests.Events;
using Masthead.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Masthead.IntegrationTests.Security;

public sealed class BaseUrlTests_Sqlite(SqliteApp app) : BaseUrlTests<SqliteApp>(app);
[Trait("Needs", "PostgreSQL")]
public sealed class BaseUrlTests_Postgres(PostgresApp app) : BaseUrlTests<PostgresApp>(app);

/// <summary>
/// Every absolute link, mailed or published, is built on the configured Paper:BaseUrl, whatever Host header the
/// request that caused it named (a client chooses that header: a sign-in link must never lead to evil.example).
/// </summary>
public abstract class BaseUrlTests<TApp> : IClassFixture<TApp>, IAsyncLifetime where TApp : MastheadApp
{
    /// <summary>Configured with a trailing slash, as a person might write it; links never get a double slash.</summary>
    private const string Configured = "https://news.masthead.test/";
    private const string Base = "https://news.masthead.test";
    private const string Evil = "evil.example";

    private readonly MastheadApp _app;

    /// <summary>Knows every address, so any reader may ask for a sign-in link.</summary>
    private sealed class EveryAddress : IReaderAccountPart
    {
        public string Title => "Everything";
        public string Path => "/my/everything";
        public int Order => 1;
        public Task<bool> KnowsAsync(string email, CancellationToken ct) => Task.FromResult(true);
    }

    protected BaseUrlTests(TApp fixture)
    {
        // An instance of its own over the fixture's database, whose public address differs from the clients'.
        _app = fixture.Sibling().WithSetting("Paper:BaseUrl", Configured);
        _app.ExtraServices.Add(s => s.AddScoped<IReaderAccountPart, EveryAddress>());
    }

    public Task InitializeAsync() => _app.InitializeAsync();
    public Task DisposeAsync() => _app.DisposeAsync();

    /// <summary>A client whose every request names the attacker's host.</summary>
    private HttpClient EvilClient()
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Host = Evil;
        return client;
    }

    [Trait("Needs", "Smtp")]
    [Fact]
    public async Task A_sign_in_asked_for_with_a_forged_host_mails_a_link_on_the_base_url()
    {
        var email = SmtpInbox.NewAddress("reader");
        var asked = await EvilClient().PostFormAsync("/my/signin", new() { ["Email"] = email });
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);

        var mail = Assert.Single(await SmtpInbox.WaitForAsync(email, 1, _app));
        Assert.Contains($"{Base}{ReaderAccess.SignInPath}/link?token=", mail.TextBody);
        Assert.DoesNotContain(Evil, mail.TextBody);
    }

    [Trait("Needs", "Smtp")]
    [Fact]
    public async Task A_statement_signed_with_a_forged_host_mails_its_confirmation_on_the_base_url()
    {
        var statement = await Statements.NewAsync(_app);
        var email = SmtpInbox.NewAddress("signer");
        Assert.Equal(HttpStatusCode.SeeOther, (await Statements.SignAsync(EvilClient(), statement, Statements.Form(email))).StatusCode);

        var mail = Assert.Single(await SmtpInbox.WaitForAsync(email, 1, _app));
        Assert.Contains($"{Base}{statement.Path}/confirm/", mail.TextBody);
        Assert.Contains($"{Base}{statement.Path}/withdraw/", mail.TextBody);
        Assert.DoesNotContain(Evil, mail.TextBody);
    }

    [Trait("Needs", "Smtp")]
    [Fact]
    public async Task An_event_registration_with_a_forged_host_mails_links_on_the_base_url()
    {
        var e = await _app.NewEventAsync(TimeSpan.FromDays(10), capacity: 20);
        var email = SmtpInbox.NewAddress("reader");
        var posted = await EvilClient().PostFormAsync(e.Path, new() { ["Name"] = "Rosa Reader", ["Email"] = email });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);

        var mail = Assert.Single(await SmtpInbox.WaitForAsync(email, 1, _app));
        Assert.Contains($"Event page: {Base}{e.Path}", mail.TextBody);
        Assert.Contains($"{Base}{e.Path}/cancel?token=", mail.TextBody);
        Assert.DoesNotContain(Evil, mail.TextBody);
        Assert.DoesNotContain(Evil, (await EvilClient().GetStringAsync($"{e.Path}/calendar.ics")));
    }

    [Fact]
    public async Task Feeds_the_sitemap_and_robots_txt_use_the_base_url_whatever_the_host()
    {
        var (author, section) = await _app.NewAuthorAndSectionAsync();
        var article = await _app.PublishAsync(author, section, $"Base address story {Guid.NewGuid():N}");
        var client = EvilClient();

        foreach (var feed in new[] { "/feed.xml", $"/section/{section.Slug}/feed.xml", $"/author/{author.Slug}/feed.xml" })
        {
            var xml = await client.GetStringAsync(feed);
            Assert.DoesNotContain(Evil, xml);
            var item = XDocument.Parse(xml).Root!.Element("channel")!.Elements("item").First(i => i.Element("title")!.Value == article.Title);
            Assert.Equal($"{Base}/articles/{article.Slug}", item.Element("link")!.Value);
        }

        var sitemap = await client.GetStringAsync("/sitemap.xml");
        Assert.DoesNotContain(Evil, sitemap);
        Assert.Contains($"<loc>{Base}/articles/{article.Slug}</loc>", sitemap);
        Assert.Contains($"Sitemap: {Base}/sitemap.xml", await client.GetStringAsync("/robots.txt"));
        Assert.DoesNotContain(Evil, await client.GetStringAsync("/events.ics"));
    }

    [Fact]
    public async Task Canonical_links_and_json_ld_use_the_base_url_whatever_the_host()
    {
        var (author, section) = await _app.NewAuthorAndSectionAsync();
        var article = await _app.PublishAsync(author, section, $"Canonical story {Guid.NewGuid():N}");
        var e = await _app.NewEventAsync(TimeSpan.FromDays(10));
        var statement = await Statements.NewAsync(_app);
        var client = EvilClient();

        var pages = new[] { "/", $"/section/{section.Slug}", $"/author/{author.Slug}", "/fund", $"/articles/{article.Slug}", e.Path, statement.Path };
        foreach (var path in pages)
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain(Evil, await response.Content.ReadAsStringAsync());
            var page = await response.ReadDocumentAsync();
            Assert.Equal(Base + (path == "/" ? "/" : path), page.QuerySelector("link[rel=canonical]")!.GetAttribute("href"));
        }

        var articlePage = await client.GetDocumentAsync($"/articles/{article.Slug}");
        using var jsonLd = JsonDocument.Parse(articlePage.QuerySelector("script[type='application/ld+json']")!.TextContent);
        Assert.Equal($"{Base}/articles/{article.Slug}", jsonLd.RootElement.GetProperty("url").GetString());
        Assert.Equal($"{Base}/author/{author.Slug}", jsonLd.RootElement.GetProperty("author").GetProperty("url").GetString());
        Assert.Equal($"{Base}/", jsonLd.RootElement.GetProperty("publisher").GetProperty("url").GetString());
    }
}
