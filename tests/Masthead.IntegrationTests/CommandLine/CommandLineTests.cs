using Masthead.Data;
using Masthead.Infrastructure.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Masthead.IntegrationTests.CommandLine;

[CollectionDefinition(nameof(ConsoleCollection), DisableParallelization = true)]
public sealed class ConsoleCollection;

/// <summary>The executable's verbs, run in-process against a new SQLite file, reading what they print.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class CommandLineTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("masthead-cli-").FullName;
    private string Database => Path.Combine(_folder, "cli.db");
    private string[] Host => [$"--ConnectionStrings:Masthead=Data Source={Database}", "--environment", "Production"];

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var (oldOut, oldError) = (Console.Out, Console.Error);
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            var exit = await Masthead.Infrastructure.CommandLine.RunAsync(args);
            return (exit, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }

    private SqliteMastheadDb OpenDatabase() =>
        new(new DbContextOptionsBuilder<SqliteMastheadDb>().UseSqlite($"Data Source={Database}").Options);

    [Fact]
    public async Task Help_documents_every_verb()
    {
        var (exit, output, _) = await RunAsync("--help");
        Assert.Equal(0, exit);
        foreach (var verb in new[] { "serve", "migrate", "import articles PATH", "users add EMAIL --role ROLE" })
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
        var articles = Directory.CreateDirectory(Path.Combine(_folder, "articles")).FullName;
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
    public async Task An_unknown_verb_points_to_help()
    {
        var (exit, _, error) = await RunAsync("users", "remove", "x@paper.test");
        Assert.Equal(2, exit);
        Assert.Contains("--help", error);
    }
}
