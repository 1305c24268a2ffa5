using Masthead.Data;
using Masthead.Features.Donations;
using Masthead.Features.FightingFund;
using Masthead.Infrastructure.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Masthead.IntegrationTests.CommandLine;

/// <summary>The executable's verbs, run in-process against a new SQLite file, reading what they print.</summary>
public sealed class CommandLineTests : CommandLineTest
{

    [Fact]
    public async Task Help_documents_every_verb()
    {
        var (exit, output, _) = await RunAsync("--help");
        Assert.Equal(0, exit);
        foreach (var verb in new[] { "serve", "migrate", "import articles PATH", "users add EMAIL --role ROLE", "fund print-list --date YYYY-MM-DD [--out FILE]" })
        {
            Assert.Contains(verb, output);
        }
    }

    [Fact]
    public async Task Migrate_creates_an_empty_production_database_with_the_staff_roles()
    {
        var (exit, output, _) = await RunAsync(["migrate", .. Host]);

        Assert.Equal(0, exit);
        Assert.Contains("up to date", output);
        await using var db = OpenDatabase();
        Assert.Empty(await db.Articles.ToListAsync());
        Assert.Empty(await db.Users.ToListAsync());
        Assert.Equal(Roles.All.Order(), (await db.Roles.Select(r => r.Name!).ToListAsync()).Order());
    }

    [Fact]
    public async Task Users_add_prints_a_one_time_password_that_signs_in_and_must_be_changed()
    {
        var (exit, output, _) = await RunAsync(["users", "add", "finance@paper.test", "--role", "Finance", "--role", "Editor", .. Host]);

        Assert.Equal(0, exit);
        var password = output.Split('\n').Single(l => l.StartsWith("One-time password: "))["One-time password: ".Length..].Trim();
        await using var db = OpenDatabase();
        var user = await db.Users.SingleAsync(u => u.Email == "finance@paper.test");
        Assert.True(user.MustChangePassword);
        Assert.NotEqual(password, user.PasswordHash);
        var hasher = new PasswordHasher<StaffUser>();
        Assert.Equal(PasswordVerificationResult.Success, hasher.VerifyHashedPassword(user, user.PasswordHash!, password));
        var roles = await db.UserRoles.Where(ur => ur.UserId == user.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).ToListAsync();
        Assert.Equal(["Editor", "Finance"], roles.Order());

        var again = await RunAsync(["users", "add", "finance@paper.test", "--role", "Finance", .. Host]);
        Assert.Equal(1, again.Exit);
        Assert.Contains("already a staff account", again.Error);
    }

    [Fact]
    public async Task Users_add_refuses_an_unknown_role()
    {
        var (exit, _, error) = await RunAsync(["users", "add", "x@paper.test", "--role", "Overlord", .. Host]);
        Assert.Equal(2, exit);
        Assert.Contains("Unknown role Overlord", error);
    }

    [Fact]
    public async Task Import_articles_reports_bad_files_by_name_and_line_and_imports_good_ones()
    {
        var articles = Directory.CreateDirectory(Path.Combine(Folder, "articles")).FullName;
        File.WriteAllText(Path.Combine(articles, "bad.md"), "---\ntitle: A piece\nauthor: Someone\nsection: News\npublished: yesterday\n---\nBody");

        var failed = await RunAsync(["import", "articles", articles, .. Host]);
        Assert.Equal(1, failed.Exit);
        Assert.Contains("bad.md:5:", failed.Error);
        Assert.Contains("Nothing was imported", failed.Error);

        File.WriteAllText(Path.Combine(articles, "bad.md"), "---\ntitle: A piece\nauthor: Someone\nsection: News\npublished: 2026-11-01T09:00:00Z\n---\nBody");
        var imported = await RunAsync(["import", "articles", articles, .. Host]);
        Assert.Equal(0, imported.Exit);
        Assert.Contains("Imported 1 new and 0 updated", imported.Out);
        await using var db = OpenDatabase();
        Assert.Equal("A piece", (await db.Articles.SingleAsync()).Title);
    }

    [Fact]
    public async Task Fund_print_list_writes_the_days_list_to_a_file()
    {
        Assert.Equal(0, (await RunAsync(["migrate", .. Host])).Exit);
        var day = new DateOnly(2026, 3, 14);
        await using (var db = OpenDatabase())
        {
            db.FundPeriods.Add(new FundPeriod { Start = new DateOnly(2026, 3, 1), End = new DateOnly(2026, 3, 31), TargetPence = 1_800_000, CreatedBy = "test" });
            db.Ledger.AddRange(
                Gift("cli:1", 12_000, new DateOnly(2026, 3, 2), "Earlier Donor", ThankAs.FullName, null),
                Gift("cli:2", 2_050, day, "Jo Bloggs", ThankAs.FullName, "Leeds"),
                Gift("cli:3", 1_000, day, "Morag Campbell", ThankAs.Anonymous, "Guernsey"),
                Gift("cli:4", 500, day, "Quiet Giver", null, null));
            await db.SaveChangesAsync();
        }
        var file = Path.Combine(Folder, "list.txt");

        var (exit, output, _) = await RunAsync(["fund", "print-list", "--date", "2026-03-14", "--out", file, .. Host]);

        Assert.Equal(0, exit);
        Assert.Contains("list.txt", output);
        var text = await File.ReadAllTextAsync(file);
        Assert.Contains("Gifts received on Saturday 14 March 2026", text);
        Assert.Contains("That day: £35.50", text);
        Assert.Contains("Running total: £155.50 of our £18,000 target", text);
        Assert.Contains("£20.50, Jo Bloggs, Leeds\n£10, anonymous, Guernsey\n", text.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("Quiet Giver", text);
        Assert.DoesNotContain("Earlier Donor", text);

        var printed = await RunAsync(["fund", "print-list", "--date", "2026-03-14", .. Host]);
        Assert.Equal(text, printed.Out);
    }

    private static LedgerEntry Gift(string id, long pence, DateOnly day, string name, ThankAs? thankAs, string? town) => new()
    {
        ExternalId = id,
        Kind = EntryKind.Donation,
        AmountPence = pence,
        FundDate = day,
        ReceivedAt = day.ToDateTime(new TimeOnly(12, 0)),
        DonorName = name,
        DonorTown = town,
        ShowTown = town is not null,
        ThankAs = thankAs,
        RecordedBy = "test",
    };

    [Theory]
    [InlineData(new[] { "fund", "print-list" }, "Give the day of the list as a date")]
    [InlineData(new[] { "fund", "print-list", "--date", "14/03/2026" }, "\"14/03/2026\" is not a date")]
    public async Task Fund_print_list_refuses_a_bad_or_missing_date(string[] args, string message)
    {
        var (exit, _, error) = await RunAsync([.. args, .. Host]);
        Assert.Equal(2, exit);
        Assert.Contains(message, error);
    }

    [Fact]
    public async Task An_unknown_verb_points_to_help()
    {
        var (exit, _, error) = await RunAsync("users", "remove", "x@paper.test");
        Assert.Equal(2, exit);
        Assert.Contains("--help", error);
    }
}
