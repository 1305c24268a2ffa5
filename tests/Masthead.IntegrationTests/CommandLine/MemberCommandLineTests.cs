using Masthead.Features.Membership;
using Microsoft.EntityFrameworkCore;

namespace Masthead.IntegrationTests.CommandLine;

/// <summary><c>members import</c> and <c>members export</c>, run in-process against a new SQLite file.</summary>
public sealed class MemberCommandLineTests : CommandLineTest
{
    private const string Header = "number,kind,name,address,postcode,email,email_purposes,registered_society,admitted_on,ceased_on,ceased_reason,shares,amount_paid\n";

    private string WriteFile(string name, string text)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Help_documents_the_members_verbs()
    {
        var (_, output, _) = await RunAsync("--help");
        Assert.Contains("members export [--as-at YYYY-MM-DD] FILE.csv", output);
        Assert.Contains("members import FILE.csv", output);
    }

    [Fact]
    public async Task A_register_imported_then_exported_as_at_a_date_shows_that_days_holdings()
    {
        var csv = WriteFile("old-register.csv", Header + """
            1,person,Ada Byrne,"3 Canal St; Todmorden",OL14 5AA,ada@example.org,meetings accounts,no,2019-04-01,,,250,250.00
            2,organisation,Bakers' Union Branch 12,1 Union Rd,S1 1AA,,,no,2020-02-01,,,1000,
            3,person,Tom Reid,1 Hill Rd,G1 1AA,,,,2018-01-01,2024-05-01,death,40,40
            4,person,"=HYPERLINK(""http://evil.example"",""x"")",2 Hill Rd,G1 1AA,,,,2021-01-01,,,10,
            """);

        var imported = await RunAsync(["members", "import", csv, .. Host]);

        Assert.Equal(0, imported.Exit);
        Assert.Contains("Imported 4 member(s)", imported.Out);
        var early = Path.Combine(Folder, "early.csv");
        var exported = await RunAsync(["members", "export", "--as-at", "2019-12-31", early, .. Host]);
        Assert.Equal(0, exported.Exit);
        Assert.Contains("as at 2019-12-31", exported.Out);
        var lines = File.ReadAllLines(early);
        Assert.Equal(3, lines.Length); // header, Ada, Tom: the union joined in 2020
        Assert.Equal("1,person,Ada Byrne,3 Canal St; Todmorden,OL14 5AA,ada@example.org,meetings accounts,no,2019-04-01,,,250,250.00", lines[1]);
        Assert.Equal("3,person,Tom Reid,1 Hill Rd,G1 1AA,,,no,2018-01-01,,,40,40.00", lines[2]);

        var later = Path.Combine(Folder, "later.csv");
        Assert.Equal(0, (await RunAsync(["members", "export", "--as-at", "2024-06-01", later, .. Host])).Exit);
        var after = File.ReadAllLines(later);
        Assert.Equal("3,person,Tom Reid,1 Hill Rd,G1 1AA,,,no,2018-01-01,2024-05-01,death,0,0.00", after[3]);
        Assert.StartsWith("2,organisation,Bakers' Union Branch 12,", after[2]);
        Assert.StartsWith("4,person,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",2 Hill Rd,", after[4]);
        Assert.Equal([0xEF, 0xBB, 0xBF], File.ReadAllBytes(later)[..3]);

        // The export brings the register across to another Masthead: the same members, the formula as it was typed.
        string[] copy = [$"--ConnectionStrings:Masthead=Data Source={Path.Combine(Folder, "copy.db")}", "--environment", "Production"];
        Assert.Equal(0, (await RunAsync(["members", "import", later, .. copy])).Exit);
        await using var original = OpenDatabase();
        await using var brought = new Masthead.Data.SqliteMastheadDb(new DbContextOptionsBuilder<Masthead.Data.SqliteMastheadDb>()
            .UseSqlite($"Data Source={Path.Combine(Folder, "copy.db")}").Options);
        Assert.Equal(await original.Members.OrderBy(m => m.Number).Select(m => new { m.Number, m.Name, m.Address }).ToListAsync(),
            await brought.Members.OrderBy(m => m.Number).Select(m => new { m.Number, m.Name, m.Address }).ToListAsync());
        Assert.Equal("=HYPERLINK(\"http://evil.example\",\"x\")", (await brought.Members.SingleAsync(m => m.Number == 4)).Name);
    }

    [Fact]
    public async Task A_file_with_a_broken_row_is_refused_by_line_and_leaves_the_register_unchanged()
    {
        Assert.Equal(0, (await RunAsync(["members", "import", WriteFile("first.csv", Header + "5,person,Ann Lee,1 Road,AB1 1AA,,,,2020-01-01,,,10,\n"), .. Host])).Exit);
        var csv = WriteFile("broken.csv", Header + """
            6,person,Bea Good,2 Road,AB1 1AA,,,,2020-01-01,,,10,
            7,person,Cal Bad,,AB1 1AA,,,,2020-01-01,,,0,
            5,person,Dee Clash,4 Road,AB1 1AA,,,,2020-01-01,,,10,
            8,person,"Eve "Broken,5 Road,AB1 1AA,,,,2020-01-01,,,10,
            """);

        var (exit, _, error) = await RunAsync(["members", "import", csv, .. Host]);

        Assert.Equal(1, exit);
        Assert.Contains($"{csv}:3: give the postal address", error);
        Assert.Contains($"{csv}:3: a current member holds at least one share", error);
        Assert.Contains($"{csv}:5: the quotes on this line don't match", error);
        Assert.Contains("Nothing was imported", error);
        await using var db = OpenDatabase();
        Assert.Equal(["Ann Lee"], await db.Members.Select(m => m.Name).ToListAsync());

        var clash = WriteFile("clash.csv", Header + "6,person,Bea Good,2 Road,AB1 1AA,,,,2020-01-01,,,10,\n5,person,Dee Clash,4 Road,AB1 1AA,,,,2020-01-01,,,10,\n");
        var refused = await RunAsync(["members", "import", clash, .. Host]);
        Assert.Equal(1, refused.Exit);
        Assert.Contains($"{clash}:3: member number 5 is already in the register", refused.Error);
        Assert.Equal(1, await db.Members.CountAsync());
        Assert.Equal(10, await db.ShareEntries.SumAsync(e => e.Shares));
    }

    [Fact]
    public async Task Export_refuses_a_date_it_cannot_read()
    {
        var (exit, _, error) = await RunAsync(["members", "export", "--as-at", "31/12/2024", Path.Combine(Folder, "x.csv"), .. Host]);
        Assert.Equal(2, exit);
        Assert.Contains("--as-at: give a date as YYYY-MM-DD", error);
    }
}
