using System.Globalization;
using System.Text;
using Masthead.Data;
using Masthead.Features.Publishing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Masthead.Features.FightingFund;

/// <summary>
/// The fighting fund's daily list for the printed paper: one day's gifts (by paper-time date), the running
/// total of their period to the end of that day, and the donors who asked to be thanked. The same text is
/// downloaded by Finance at /finance/print-list and written by `fund print-list`.
/// </summary>
public sealed class PrintList(MastheadDb db, IOptions<PaperOptions> paper)
{
    private static readonly CultureInfo Uk = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>Reads a date typed as YYYY-MM-DD; null with a message a person can act on otherwise.</summary>
    public static (DateOnly? Date, string? Problem) ParseDate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return (null, "Give the day of the list as a date, YYYY-MM-DD (for example 2026-03-14).");
        return DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? (date, null)
            : (null, $"\"{text.Trim()}\" is not a date: write it as YYYY-MM-DD (for example 2026-03-14).");
    }

    public static string FileName(DateOnly day) => $"fighting-fund-{day:yyyy-MM-dd}.txt";

    public async Task<string> BuildAsync(DateOnly day, CancellationToken ct = default)
    {
        var period = await db.FundPeriods.AsNoTracking()
            .Where(p => p.Start <= day && p.End >= day).OrderByDescending(p => p.Start).FirstOrDefaultAsync(ct);
        var dayPence = await db.Ledger.Where(e => e.FundDate == day && e.CountsTowardFund).SumAsync(e => (long?)e.AmountPence, ct) ?? 0;
        var thanks = await ThankYou.ListAsync(db, day, day, ct);

        var text = new StringBuilder();
        text.AppendLine($"{paper.Value.Name.ToUpper(Uk)} FIGHTING FUND");
        text.AppendLine($"Gifts received on {day.ToString("dddd d MMMM yyyy", Uk)}");
        text.AppendLine();
        text.AppendLine($"That day: {Money.Pence(dayPence)}");
        if (period is null)
        {
            text.AppendLine("No fund period covers this day.");
        }
        else
        {
            var runningPence = await db.Ledger.Where(e => e.FundDate >= period.Start && e.FundDate <= day && e.CountsTowardFund)
                .SumAsync(e => (long?)e.AmountPence, ct) ?? 0;
            text.AppendLine($"Running total: {Money.Pence(runningPence)} of our {Money.Pence(period.TargetPence)} target"
                + $" for {period.Start.ToString("d MMMM", Uk)} to {period.End.ToString("d MMMM yyyy", Uk)}");
        }
        text.AppendLine();
        if (thanks.Count == 0)
        {
            text.AppendLine("None of that day's donors asked to be thanked in the paper.");
        }
        else
        {
            text.AppendLine("Many thanks to:");
            foreach (var thank in thanks) text.AppendLine(thank.Line);
        }
        return text.ToString();
    }
}
