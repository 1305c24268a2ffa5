using Masthead.Data;
using Masthead.Features.Donations;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Masthead.IntegrationTests.CommandLine;

/// <summary><c>fund status</c>, <c>fund open</c> and <c>donations import</c>, run in-process against a new SQLite file.</summary>
public sealed class FundCommandLineTests : CommandLineTest
{

    /// <summary>Today in the paper's zone, as the command line sees it.</summary>
    private static readonly DateOnly Today =
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeBySystemTimeZoneId(DateTime.UtcNow, "Europe/London"));

    private string WriteFile(string name, string text)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private Task<(int Exit, string Out, string Error)> OpenPeriodAsync(DateOnly start, DateOnly end, string target) =>
        RunAsync(["fund", "open", "--start", $"{start:yyyy-MM-dd}", "--end", $"{end:yyyy-MM-dd}", "--target", target, .. Host]);

    [Fact]
    public async Task Help_documents_the_fund_and_donations_verbs()
    {
        var (_, output, _) = await RunAsync("--help");
        Assert.Contains("fund status", output);
        Assert.Contains("fund open --start YYYY-MM-DD --end YYYY-MM-DD --target POUNDS", output);
        Assert.Contains("donations import FILE.csv", output);
    }

    [Fact]
    public async Task Fund_open_then_status_prints_the_widgets_figures()
    {
        var none = await RunAsync(["fund", "status", .. Host]);
        Assert.Equal(1, none.Exit);
        Assert.Contains("No fund period is open today", none.Out);

        var (start, end) = (Today.AddDays(-3), Today.AddDays(4));
        var opened = await OpenPeriodAsync(start, end, "500");
        Assert.Equal(0, opened.Exit);
        Assert.Contains($"Opened fund period {start:yyyy-MM-dd} to {end:yyyy-MM-dd} with a target of £500", opened.Out);

        var csv = WriteFile("gifts.csv", $"date,amount,reference,name\n{Today:yyyy-MM-dd},120.99,SO 1,Ann Lee\n{Today.AddDays(-1):dd/MM/yyyy},\"£200.50\",SO 2,\n");
        Assert.Equal(0, (await RunAsync(["donations", "import", csv, .. Host])).Exit);

        var (exit, output, _) = await RunAsync(["fund", "status", .. Host]);
        Assert.Equal(0, exit);
        Assert.Contains($"Fighting fund {start:yyyy-MM-dd} to {end:yyyy-MM-dd}", output);
        Assert.Contains("Raised: £321", output);          // £321.49 shown rounded down
        Assert.Contains("We need: £179", output);         // target less the raised figure as shown
        Assert.Contains("Target: £500", output);
        Assert.Contains("5 days remaining", output);      // today counts

        var more = WriteFile("more.csv", $"date,amount,reference\n{Today:yyyy-MM-dd},200,SO 3\n");
        Assert.Equal(0, (await RunAsync(["donations", "import", more, .. Host])).Exit);
        Assert.Contains("Target reached, £21 over", (await RunAsync(["fund", "status", .. Host])).Out);
    }

    [Fact]
    public async Task Fund_open_refuses_an_overlap_and_bad_options()
    {
        Assert.Equal(0, (await OpenPeriodAsync(new DateOnly(2092, 5, 1), new DateOnly(2092, 5, 31), "18000")).Exit);

        var overlap = await OpenPeriodAsync(new DateOnly(2092, 5, 31), new DateOnly(2092, 6, 30), "18000");
        Assert.Equal(1, overlap.Exit);
        Assert.Contains("overlap the period 1 May 2092 – 31 May 2092", overlap.Error);

        var bad = await RunAsync(["fund", "open", "--start", "01/06/2092", "--end", "2092-06-30", "--target", "lots", .. Host]);
        Assert.Equal(1, bad.Exit);
        Assert.Contains("--start: give a date as YYYY-MM-DD", bad.Error);
        Assert.Contains("--target: give the target in whole pounds", bad.Error);
        await using var db = OpenDatabase();
        Assert.Equal(1, await db.FundPeriods.CountAsync());
    }

    [Fact]
    public async Task Donations_import_prints_bad_rows_by_file_and_line_and_writes_nothing()
    {
        var path = WriteFile("statement.csv", $"""
            date,amount,reference
            {Today:yyyy-MM-dd},10,GOOD 1
            {Today:yyyy-MM-dd},ten,BAD AMOUNT
            {Today:yyyy-MM-dd},5,
            """);

        var (exit, _, error) = await RunAsync(["donations", "import", path, .. Host]);

        Assert.Equal(1, exit);
        Assert.Contains($"{path}:3: “ten” is not an amount", error);
        Assert.Contains($"{path}:4: the reference is missing", error);
        Assert.Contains("Nothing was imported: 2 problem(s).", error);
        await using var db = OpenDatabase();
        Assert.Empty(await db.Ledger.ToListAsync());
    }

    [Fact]
    public async Task Donations_import_records_once_and_a_second_run_adds_nothing()
    {
        var path = WriteFile("statement.csv", $"date,amount,reference,name\n{Today:yyyy-MM-dd},\"£1,025.50\",TFR 9,\"Hall, Tom\"\n{Today:yyyy-MM-dd},25,TFR 9,\n{Today:yyyy-MM-dd},25,tfr9,\n");

        var first = await RunAsync(["donations", "import", path, .. Host]);
        Assert.Equal(0, first.Exit);
        Assert.Contains("Imported 2 payment(s) totalling £1,050.50; skipped 1 already in the ledger.", first.Out);

        var second = await RunAsync(["donations", "import", path, .. Host]);
        Assert.Equal(0, second.Exit);
        Assert.Contains("Imported 0 payment(s) totalling £0; skipped 3", second.Out);

        await using var db = OpenDatabase();
        var entries = await db.Ledger.OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([102550L, 2500L], entries.Select(e => e.AmountPence));
        Assert.All(entries, e => Assert.Equal(PaymentMethod.BankTransfer, e.Method));
        Assert.Equal("Hall, Tom", entries[0].DonorName);
        Assert.StartsWith("command line", entries[0].RecordedBy);
        var audit = await db.MoneyAudit.SingleAsync(a => a.Action == "Imported bank statement");
        Assert.Contains("statement.csv: 2 payment(s) totalling £1,050.50", audit.Details);
    }

    [Fact]
    public async Task Donations_import_of_a_missing_file_says_so()
    {
        var (exit, _, error) = await RunAsync(["donations", "import", Path.Combine(Folder, "nope.csv"), .. Host]);
        Assert.Equal(1, exit);
        Assert.Contains("no such file", error);
    }
}
