using Masthead.Data;
using Masthead.Features.Newsroom;
using Masthead.Infrastructure.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Publishing;

/// <summary>
/// Fills a new Development database with the demo paper: the articles under DemoContent/ (imported
/// with the same importer as `import articles`), the authors' biographies and links, and one staff account.
/// </summary>
public static class DemoContent
{
    public const string StaffEmail = "editor@masthead.test";
    public const string StaffPassword = "read-all-about-it";

    public static async Task SeedIfEmptyAsync(IServiceProvider services, string contentRoot, CancellationToken ct = default)
    {
        var db = services.GetRequiredService<MastheadDb>();
        if (await db.Articles.AnyAsync(ct) || await db.Users.AnyAsync(ct)) return;

        var sections = new[] { "Britain", "World", "Features", "Opinion", "Culture" };
        db.Sections.AddRange(sections.Select((name, i) => new Section { Name = name, Slug = Slug.From(name), Position = i }));
        db.Authors.AddRange(
            Author("Ruth Okafor", "Ruth Okafor is our industrial correspondent. She has reported on picket lines, pay talks and depot ballots for fifteen years.",
                ("Mastodon", "https://mastodon.example/@ruthokafor"), ("Bluesky", "https://bsky.example/ruthokafor")),
            Author("Tomás Herrera", "Tomás Herrera writes features about the people and places that make up the co-operative movement, and about the arts outside London.",
                ("Mastodon", "https://mastodon.example/@tomash")),
            Author("Amina Diallo", "Amina Diallo is our international editor, covering labour and social movements across Africa, Latin America and Europe.",
                ("Bluesky", "https://bsky.example/aminadiallo"), ("Website", "https://aminadiallo.example")),
            Author("The Editorial Board", "The paper's editorial board speaks for the paper. Its members are elected by the co-operative's management committee."));
        db.SiteSettings.Add(new SiteSetting { Key = SiteSettings.CooperativeBlurb, Value = SiteSettings.DefaultCooperativeBlurb });
        await db.SaveChangesAsync(ct);

        // Demo articles are dated back from now, a few hours apart, so the front page looks like today's paper.
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var folder = Path.Combine(contentRoot, "DemoContent");
        if (!Directory.Exists(folder)) folder = Path.Combine(AppContext.BaseDirectory, "DemoContent");
        var outcome = await services.GetRequiredService<ArticleImporter>().ImportAsync(folder,
            (article, i) => article with { PublishedUtc = now.AddHours(-5 * (8 - i)).AddMinutes(-7 * i) }, ct);
        if (!outcome.Succeeded) throw new InvalidOperationException("Demo content is broken: " + string.Join("; ", outcome.Problems));

        var users = services.GetRequiredService<UserManager<StaffUser>>();
        var editor = new StaffUser { UserName = StaffEmail, Email = StaffEmail, EmailConfirmed = true, DisplayName = "Demo editor" };
        var created = await users.CreateAsync(editor, StaffPassword);
        if (created.Succeeded) created = await users.AddToRolesAsync(editor, Roles.All);
        if (!created.Succeeded) throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
    }

    private static Author Author(string name, string bio, params (string Label, string Url)[] links) => new()
    {
        Name = name,
        Slug = Slug.From(name),
        Bio = bio,
        Links = links.Select((l, i) => new AuthorLink { Label = l.Label, Url = l.Url, Position = i }).ToList(),
    };
}
