using System.Net;
using System.Net.Http.Json;
using Masthead.Features.Publishing;
using Masthead.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Masthead.IntegrationTests.Newsroom;

public sealed class NewsroomTests_Sqlite(SqliteApp app) : NewsroomTests<SqliteApp>(app);
[Trait("Needs", "PostgreSQL")]
public sealed class NewsroomTests_Postgres(PostgresApp app) : NewsroomTests<PostgresApp>(app);

public abstract class NewsroomTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : MastheadApp
{
    private static Dictionary<string, string> ArticleForm(string title, Author author, Section section, string intent,
        string body = "Body of the piece.", string slug = "", string publishAt = "") => new()
        {
            ["Input.Title"] = title,
            ["Input.Slug"] = slug,
            ["Input.Standfirst"] = "What this piece is about.",
            ["Input.Body"] = body,
            ["Input.AuthorId"] = author.Id.ToString(),
            ["Input.SectionId"] = section.Id.ToString(),
            ["Input.Tags"] = "one, two",
            ["Input.PublishAt"] = publishAt,
            ["intent"] = intent,
        };

    private Task<Article?> FindAsync(string title) =>
        app.WithDbAsync(db => db.Articles.AsNoTracking().FirstOrDefaultAsync(a => a.Title == title));

    [Fact]
    public async Task An_editor_saves_a_draft_publishes_it_and_unpublishes_it_with_every_change_kept()
    {
        var (author, section) = await app.NewAuthorAndSectionAsync();
        var editor = await app.SignedInClientAsync(Roles.Editor);
        var reader = app.CreateClient();
        var title = $"Council backs the rent freeze {Guid.NewGuid():N}";

        var saved = await editor.PostFormAsync("/newsroom/articles/new", ArticleForm(title, author, section, "SaveDraft"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var article = (await FindAsync(title))!;
        Assert.Equal($"/newsroom/articles/{article.Id}", saved.Headers.Location!.OriginalString);
        Assert.Equal(ArticleStatus.Draft, article.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/articles/{article.Slug}")).StatusCode);

        var editUrl = $"/newsroom/articles/{article.Id}";
        await editor.PostFormAsync(editUrl, ArticleForm(title, author, section, "Publish", slug: article.Slug));
        var live = await reader.GetDocumentAsync($"/articles/{article.Slug}");
        Assert.Equal(title, live.QuerySelector("h1")!.TextContent.Trim());

        await editor.PostFormAsync(editUrl, ArticleForm(title, author, section, "Unpublish", slug: article.Slug));
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/articles/{article.Slug}")).StatusCode);

        var page = await editor.GetDocumentAsync(editUrl);
        var revisions = page.QuerySelectorAll(".revisions tbody tr").Select(r => r.Children[1].TextContent).ToList();
        Assert.Equal(["Unpublished", "Published", "Saved draft"], revisions);
        Assert.All(page.QuerySelectorAll(".revisions tbody tr"), r => Assert.StartsWith("staff-", r.Children[2].TextContent));
    }

    [Fact]
    public async Task A_missing_headline_is_answered_with_the_form_and_a_message_and_nothing_is_saved()
    {
        var (author, section) = await app.NewAuthorAndSectionAsync();
        var editor = await app.SignedInClientAsync(Roles.Editor);
        var body = $"Orphan body {Guid.NewGuid():N}";

        var response = await editor.PostFormAsync("/newsroom/articles/new", ArticleForm("", author, section, "Publish", body: body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ReadDocumentAsync();
        Assert.Contains("Give the article a headline.", page.QuerySelector("[data-valmsg-for='Input.Title']")!.TextContent);
        Assert.Equal(body, page.QuerySelector("textarea[name='Input.Body']")!.TextContent.Trim());
        Assert.False(await app.WithDbAsync(db => db.Articles.AnyAsync(a => a.Body == body)));
    }

    [Fact]
    public async Task A_clashing_slug_an_overlong_headline_and_a_missing_author_are_each_explained()
    {
        var (author, section) = await app.NewAuthorAndSectionAsync();
        var existing = await app.PublishAsync(author, section, $"Existing piece {Guid.NewGuid():N}");
        var editor = await app.SignedInClientAsync(Roles.Editor);

        var clash = await editor.PostFormAsync("/newsroom/articles/new", ArticleForm("Another piece", author, section, "SaveDraft", slug: existing.Slug));
        Assert.Equal(HttpStatusCode.BadRequest, clash.StatusCode);
        Assert.Contains($"already uses the address /articles/{existing.Slug}", (await clash.ReadDocumentAsync()).QuerySelector("[data-valmsg-for='Input.Slug']")!.TextContent);

        var tooLong = await editor.PostFormAsync("/newsroom/articles/new", ArticleForm(new string('x', 5000), author, section, "SaveDraft"));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("at most 200 characters", (await tooLong.ReadDocumentAsync()).QuerySelector("[data-valmsg-for='Input.Title']")!.TextContent);

        var form = ArticleForm("No author chosen", author, section, "SaveDraft");
        form["Input.AuthorId"] = "0";
        var noAuthor = await editor.PostFormAsync("/newsroom/articles/new", form);
        Assert.Equal(HttpStatusCode.BadRequest, noAuthor.StatusCode);
        Assert.Contains("Choose the author.", (await noAuthor.ReadDocumentAsync()).QuerySelector("[data-valmsg-for='Input.AuthorId']")!.TextContent);
        Assert.Null(await FindAsync("No author chosen"));
    }

    [Fact]
    public async Task A_form_without_its_anti_forgery_token_is_refused()
    {
        var (author, section) = await app.NewAuthorAndSectionAsync();
        var editor = await app.SignedInClientAsync(Roles.Editor);
        var title = $"Forged {Guid.NewGuid():N}";

        var response = await editor.PostAsync("/newsroom/articles/new", new FormUrlEncodedContent(ArticleForm(title, author, section, "Publish")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(await FindAsync(title));
    }

    [Fact]
    public async Task A_scheduled_article_is_published_by_the_background_job_when_its_time_comes()
    {
        var (author, section) = await app.NewAuthorAndSectionAsync();
        var editor = await app.SignedInClientAsync(Roles.Editor);
        var title = $"Scheduled for tomorrow {Guid.NewGuid():N}";
        var clock = app.Services.GetRequiredService<PaperClock>();
        var when = clock.ToLocal(clock.UtcNow.AddHours(2));

        var response = await editor.PostFormAsync("/newsroom/articles/new",
            ArticleForm(title, author, section, "Schedule", publishAt: when.ToString("yyyy-MM-ddTHH:mm")));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var article = (await FindAsync(title))!;
        Assert.Equal(ArticleStatus.Scheduled, article.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync($"/articles/{article.Slug}")).StatusCode);

        app.Clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));

        var published = await Eventually.WaitForAsync(() => FindAsync(title), a => a!.Status == ArticleStatus.Published);
        Assert.Equal(article.PublishAt, published!.PublishedAt);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync($"/articles/{article.Slug}")).StatusCode);
    }

    [Fact]
    public async Task A_schedule_in_the_past_is_refused()
    {
        var (author, section) = await app.NewAuthorAndSectionAsync();
        var editor = await app.SignedInClientAsync(Roles.Editor);
        var clock = app.Services.GetRequiredService<PaperClock>();

        var response = await editor.PostFormAsync("/newsroom/articles/new", ArticleForm($"Too late {Guid.NewGuid():N}", author, section, "Schedule",
            publishAt: clock.ToLocal(clock.UtcNow.AddHours(-1)).ToString("yyyy-MM-ddTHH:mm")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Choose a time in the future", (await response.ReadDocumentAsync()).QuerySelector("[data-valmsg-for='Input.PublishAt']")!.TextContent);
    }

    [Fact]
    public async Task The_preview_renders_markdown_sanitised_and_needs_the_pages_token()
    {
        var editor = await app.SignedInClientAsync(Roles.Editor);
        var page = await editor.GetDocumentAsync("/newsroom/articles/new");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var request = new HttpRequestMessage(HttpMethod.Post, "/newsroom/preview")
        {
            Content = JsonContent.Create(new { markdown = "## Heading\n\n*emphasis* <script>alert(1)</script>" }),
        };
        request.Headers.Add("X-CSRF-TOKEN", token);
        var response = await editor.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = (await response.Content.ReadFromJsonAsync<Dictionary<string, string>>())!["html"];
        Assert.Contains("<h2", html);
        Assert.Contains("<em>emphasis</em>", html);
        Assert.DoesNotContain("<script", html);

        var forged = await editor.PostAsJsonAsync("/newsroom/preview", new { markdown = "hi" });
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account()
    {
        var email = await app.CreateStaffAsync(Roles.Editor);
        var client = app.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            var wrong = await client.PostFormAsync("/signin", new() { ["Email"] = email, ["Password"] = "not-the-password-at-all" });
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        }

        var right = await client.PostFormAsync("/signin", new() { ["Email"] = email, ["Password"] = MastheadApp.StaffPassword });

        Assert.Equal(HttpStatusCode.BadRequest, right.StatusCode);
        Assert.Contains("locked", (await right.ReadDocumentAsync()).QuerySelector("[role=alert]")!.TextContent);
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var editor = await app.SignedInClientAsync(Roles.Editor);
        Assert.Equal(HttpStatusCode.OK, (await editor.GetAsync("/newsroom")).StatusCode);

        var signOut = await editor.PostFormAsync("/signout", [], formPage: "/newsroom");

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        var after = await editor.GetAsync("/newsroom");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/signin", after.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Editors_manage_authors_with_their_links()
    {
        var editor = await app.SignedInClientAsync(Roles.Editor);
        var name = $"Rosa Writer {Guid.NewGuid().ToString("N")[..6]}";

        var bad = await editor.PostFormAsync("/newsroom/authors/new", new() { ["Input.Name"] = name, ["Input.Links"] = "Mastodon without an address" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Line 1", (await bad.ReadDocumentAsync()).QuerySelector("[data-valmsg-for='Input.Links']")!.TextContent);

        var good = await editor.PostFormAsync("/newsroom/authors/new", new()
        {
            ["Input.Name"] = name,
            ["Input.Bio"] = "Writes about housing.",
            ["Input.ShortName"] = "Rosa",
            ["Input.Links"] = "Mastodon | https://mastodon.example/@rosa\nBluesky | https://bsky.example/rosa",
        });
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);

        var author = await app.WithDbAsync(db => db.Authors.AsNoTracking().SingleAsync(a => a.Name == name));
        var page = await app.CreateClient().GetDocumentAsync($"/author/{author.Slug}");
        var follow = string.Join(' ', page.QuerySelector(".follow")!.TextContent.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries));
        Assert.True(follow.StartsWith("Follow Rosa at Mastodon, Bluesky and through Rosa's feed"), follow);
    }

    [Fact]
    public async Task Editors_add_sections_that_appear_in_the_navigation_and_cannot_remove_one_with_articles()
    {
        var editor = await app.SignedInClientAsync(Roles.Editor);
        var name = $"Sport {Guid.NewGuid().ToString("N")[..6]}";

        var added = await editor.PostFormAsync("/newsroom/sections?handler=Save", new() { ["Input.Name"] = name, ["Input.Position"] = "50" }, "/newsroom/sections");
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var section = await app.WithDbAsync(db => db.Sections.AsNoTracking().SingleAsync(s => s.Name == name));
        var home = await app.CreateClient().GetDocumentAsync("/");
        Assert.Contains(home.QuerySelectorAll("nav[aria-label=Sections] a"), a => a.TextContent == name);

        var clash = await editor.PostFormAsync("/newsroom/sections?handler=Save", new() { ["Input.Name"] = "Other", ["Input.Slug"] = section.Slug }, "/newsroom/sections");
        Assert.Equal(HttpStatusCode.BadRequest, clash.StatusCode);

        var (author, _) = await app.NewAuthorAndSectionAsync();
        await app.PublishAsync(author, section, $"Match report {Guid.NewGuid():N}");
        var remove = await editor.PostFormAsync($"/newsroom/sections?handler=Delete&id={section.Id}", [], "/newsroom/sections");
        Assert.Equal(HttpStatusCode.Conflict, remove.StatusCode);
        Assert.True(await app.WithDbAsync(db => db.Sections.AnyAsync(s => s.Id == section.Id)));
    }

    [Fact]
    public async Task An_admin_changes_the_cooperative_blurb_in_every_footer()
    {
        var admin = await app.SignedInClientAsync(Roles.Admin);
        var blurb = $"Owned by its readers since 1945 — {Guid.NewGuid():N}";

        var response = await admin.PostFormAsync("/newsroom/settings", new() { ["CooperativeBlurb"] = blurb });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var home = await app.CreateClient().GetDocumentAsync("/");
        Assert.Equal(blurb, home.QuerySelector(".site-footer__blurb")!.TextContent);
    }

    [Theory]
    [InlineData("Finance", "/finance")]
    [InlineData("Membership", "/membership")]
    [InlineData("Campaigns", "/campaigns")]
    [InlineData("Editor", "/newsroom")]
    public async Task Staff_start_on_a_desk_their_role_opens(string role, string desk)
    {
        var email = await app.CreateStaffAsync(role);
        var client = app.CreateClient();

        var signedIn = await client.PostFormAsync("/signin", new() { ["Email"] = email, ["Password"] = MastheadApp.StaffPassword });

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(desk, signedIn.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(desk)).StatusCode);
    }
}
