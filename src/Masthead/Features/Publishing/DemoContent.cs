using Masthead.Data;
using Masthead.Features.Donations;
using Masthead.Features.FightingFund;
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
        var files = Directory.GetFiles(folder, "*.md").Length;
        var outcome = await services.GetRequiredService<ArticleImporter>().ImportAsync(folder,
            (article, i) => article with { PublishedUtc = now.AddHours(-5 * (files - i)).AddMinutes(-7 * i) }, ct);
        if (!outcome.Succeeded) throw new InvalidOperationException("Demo content is broken: " + string.Join("; ", outcome.Problems));

        var users = services.GetRequiredService<UserManager<StaffUser>>();
        var editor = new StaffUser { UserName = StaffEmail, Email = StaffEmail, EmailConfirmed = true, DisplayName = "Demo editor" };
        var created = await users.CreateAsync(editor, StaffPassword);
        if (created.Succeeded) created = await users.AddToRolesAsync(editor, Roles.All);
        if (!created.Succeeded) throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));

        await SeedDonationsAsync(services, ct);
        await Campaigns.StatementsDemo.SeedAsync(services, ct);
        await Events.DemoEvents.SeedAsync(services, ct);
        await Supporters.SupporterDemo.SeedAsync(services, ct);
        await Membership.MembershipDemo.SeedAsync(services, ct);
    }

    /// <summary>A handful of gifts this month, through the same recorder as real money, so the fund shows figures from data.</summary>
    private static async Task SeedDonationsAsync(IServiceProvider services, CancellationToken ct)
    {
        await services.GetRequiredService<FundPeriods>().EnsureMonthAsync(ct);
        var clock = services.GetRequiredService<PaperClock>();
        var recorder = services.GetRequiredService<DonationRecorder>();
        var today = clock.Today();
        (long Pence, string Name, string Town, ThankAs? As, bool ShowTown)[] gifts =
        [
            (5_000, "Jo Bloggs", "Leeds", ThankAs.FullName, true),
            (2_000, "Morag Campbell", "Guernsey", ThankAs.Anonymous, true),
            (50_000, "Ravi Patel", "Leicester", ThankAs.Initials, false),
            (1_050, "Sam Oduya", "Hackney", null, false),
            (250_000, "Bakers' Union Branch 12", "Sheffield", ThankAs.FullName, true),
            (1_500, "Ellen Kowalski", "Cardiff", ThankAs.Initials, true),
            (7_500, "Tom Reid", "Glasgow", ThankAs.FullName, false),
        ];
        var n = 0;
        foreach (var g in gifts)
        {
            n++;
            // Spread from the 1st of the month to today, so they all count in this month's appeal.
            var day = today.AddDays(-(today.Day - 1) * (gifts.Length - n) / (gifts.Length - 1));
            var receivedAt = clock.LocalToUtc(day.ToDateTime(new TimeOnly(9 + n, 15)));
            if (receivedAt > clock.UtcNow) receivedAt = clock.UtcNow;
            await recorder.RecordAsync(new DonationRecorder.Money($"demo:{n}", EntryKind.Donation, PaymentMethod.Card, g.Pence, "GBP",
                receivedAt, g.Name, DonorTown: g.Town, ThankAs: g.As, ShowTown: g.ShowTown, Reference: $"demo-{n}"), "demo", ct);
        }
    }

    private static Author Author(string name, string bio, params (string Label, string Url)[] links) => new()
    {
        Name = name,
        Slug = Slug.From(name),
        Bio = bio,
        Links = links.Select((l, i) => new AuthorLink { Label = l.Label, Url = l.Url, Position = i }).ToList(),
    };
}
