using System.Text;

namespace Masthead.Features.Membership;

/// <summary>The command line's <c>members export</c> and <c>members import</c>, with the same rules as the committee's desk.</summary>
public static class MemberCommands
{
    public static string By => $"command line ({Environment.UserName})";

    public static async Task<int> ExportAsync(IServiceProvider services, DateOnly? asAt, string file, CancellationToken ct)
    {
        var date = asAt ?? services.GetRequiredService<ShareRegister>().Today;
        var rows = await services.GetRequiredService<RegisterReports>().AsAtAsync(date, ct);
        try
        {
            using var csv = RegisterCsv.Write(rows);
            await File.WriteAllBytesAsync(file, csv.ToBytes(), ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"Could not write {file}: {e.Message}");
            return 1;
        }
        Console.WriteLine($"Wrote the register as at {date:yyyy-MM-dd} to {file}: {rows.Count(r => r.CeasedOn is null)} member(s), {rows.Count(r => r.CeasedOn is not null)} former member(s).");
        return 0;
    }

    public static async Task<int> ImportAsync(IServiceProvider services, string file, CancellationToken ct)
    {
        if (!File.Exists(file))
        {
            Console.Error.WriteLine($"{file}: no such file.");
            return 1;
        }
        if (new FileInfo(file).Length > RegisterCsv.MaxBytes)
        {
            Console.Error.WriteLine($"{file}: the file is larger than {RegisterCsv.MaxBytes / 1024 / 1024} MB.");
            return 1;
        }
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(await File.ReadAllBytesAsync(file, ct));
        }
        catch (DecoderFallbackException)
        {
            Console.Error.WriteLine($"{file}: the file is not CSV text (UTF-8).");
            return 1;
        }
        var outcome = await services.GetRequiredService<RegisterImport>().ImportAsync(text, By, ct);
        if (outcome.Problems.Count > 0)
        {
            foreach (var p in outcome.Problems) Console.Error.WriteLine(p.Line > 0 ? $"{file}:{p.Line}: {p.Message}" : $"{file}: {p.Message}");
            Console.Error.WriteLine($"Nothing was imported: {outcome.Problems.Count} problem(s).");
            return 1;
        }
        Console.WriteLine($"Imported {outcome.Imported} member(s) into the register.");
        return 0;
    }
}
