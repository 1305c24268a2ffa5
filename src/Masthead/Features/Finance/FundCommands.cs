using System.Globalization;
using Masthead.Features.FightingFund;

namespace Masthead.Features.Finance;

/// <summary>The command line's <c>fund status</c>, <c>fund open</c> and <c>donations import</c>, with the same rules as the Finance desk.</summary>
public static class FundCommands
{
    /// <summary>Who the audit names for work done at the command line.</summary>
    public static string By => $"command line ({Environment.UserName})";

    public static async Task<int> StatusAsync(IServiceProvider services, CancellationToken ct)
    {
        var periods = services.GetRequiredService<FundPeriods>();
        if (await periods.CurrentAsync(ct) is not { } period)
        {
            Console.WriteLine("No fund period is open today.");
            return 1;
        }
        var figures = await periods.FiguresAsync(period, ct);
        var view = FundWidgetView.From(figures);
        Console.WriteLine($"Fighting fund {figures.Start:yyyy-MM-dd} to {figures.End:yyyy-MM-dd}");
        Console.WriteLine($"Raised: {view.Raised}");
        Console.WriteLine(view.TargetReached ? view.NeededSentence : $"We need: {view.NeededSentence}");
        Console.WriteLine($"Target: {Money.Pounds(figures.TargetPounds)}");
        Console.WriteLine($"{view.DaysRemaining} {view.DaysLabel.ToLowerInvariant()}");
        return 0;
    }

    /// <summary>Opens a period from the values as typed, reporting every bad one at once, as the Finance desk's form does.</summary>
    public static async Task<int> OpenAsync(IServiceProvider services, string? startText, string? endText, string? targetText, CancellationToken ct)
    {
        var problems = new List<string>();
        DateOnly Date(string option, string? text)
        {
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
            problems.Add($"{option}: give a date as YYYY-MM-DD.");
            return default;
        }
        var (start, end) = (Date("--start", startText), Date("--end", endText));
        if (!long.TryParse(targetText, NumberStyles.None, CultureInfo.InvariantCulture, out var target))
        {
            problems.Add("--target: give the target in whole pounds, like 18000.");
            target = 0;
        }
        var periods = services.GetRequiredService<FundPeriods>();
        if (problems.Count == 0) problems.AddRange((await periods.ValidateAsync(start, end, target, null, ct)).Values);
        if (problems.Count > 0)
        {
            foreach (var problem in problems) Console.Error.WriteLine(problem);
            Console.Error.WriteLine("No period was opened.");
            return 1;
        }
        var period = await periods.OpenAsync(start, end, target, By, ct);
        Console.WriteLine($"Opened fund period {period.Start:yyyy-MM-dd} to {period.End:yyyy-MM-dd} with a target of {Money.Pounds(target)}.");
        return 0;
    }

    public static async Task<int> ImportAsync(IServiceProvider services, string path, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"{path}: no such file.");
            return 1;
        }
        if (new FileInfo(path).Length > BankStatement.MaxBytes)
        {
            Console.Error.WriteLine($"{path}: the file is larger than 1 MB; split the statement into smaller files.");
            Console.Error.WriteLine("Nothing was imported.");
            return 1;
        }
        var import = services.GetRequiredService<BankImport>();
        var statement = BankStatement.Parse(await File.ReadAllBytesAsync(path, ct), import.Today);
        if (!statement.Accepted)
        {
            foreach (var problem in statement.Problems)
                Console.Error.WriteLine(problem.Line > 0 ? $"{path}:{problem.Line}: {problem.Message}" : $"{path}: {problem.Message}");
            Console.Error.WriteLine($"Nothing was imported: {statement.Problems.Count} problem(s).");
            return 1;
        }
        var outcome = await import.ImportAsync(statement, path, By, ct);
        if (outcome.Problem is not null)
        {
            Console.Error.WriteLine(outcome.Problem);
            return 1;
        }
        Console.WriteLine($"Imported {outcome.Imported} payment(s) totalling {Money.Pence(outcome.TotalPence)}; skipped {outcome.Duplicates} already in the ledger.");
        return 0;
    }
}
