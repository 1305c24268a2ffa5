using Masthead.Features.FightingFund;

namespace Masthead.Features.Membership;

/// <summary>
/// The geometry of the chart of share capital over time: a step line of the total at the end of each month,
/// from the month of the first entry to today, in an SVG user space like the fund's chart.
/// </summary>
public sealed class CapitalChart
{
    public const int Width = 640;
    public const int Height = 260;
    public const int PlotLeft = 76;
    public const int PlotRight = Width - 16;
    public const int PlotTop = 16;
    public const int PlotBottom = Height - 36;

    public sealed record Point(DateOnly MonthEnd, long CapitalPence, double X, double Y);

    public sealed record Label(string Text, double X);

    public IReadOnlyList<Point> Points { get; }
    public IReadOnlyList<FundChart.Gridline> Gridlines { get; }
    public IReadOnlyList<Label> Labels { get; }
    public long TopPounds { get; }

    public CapitalChart(IReadOnlyDictionary<DateOnly, long> dailyChanges, DateOnly today)
    {
        var first = dailyChanges.Count == 0 ? today : dailyChanges.Keys.Min();
        var months = new List<DateOnly>();
        for (var m = new DateOnly(first.Year, first.Month, 1); m <= today; m = m.AddMonths(1)) months.Add(m);
        var totals = new List<(DateOnly End, long Pence)>();
        long running = 0;
        var ordered = dailyChanges.OrderBy(d => d.Key).ToList();
        var i = 0;
        foreach (var start in months)
        {
            var end = start.AddMonths(1).AddDays(-1);
            if (end > today) end = today;
            while (i < ordered.Count && ordered[i].Key <= end) running += ordered[i++].Value;
            totals.Add((end, running));
        }
        var highest = Math.Max(100, totals.Max(t => t.Pence));
        var step = FundChart.NiceStep((highest + 99) / 100);
        TopPounds = ((highest + 99) / 100 + step - 1) / step * step;
        var slot = (double)(PlotRight - PlotLeft) / totals.Count;
        Points = totals.Select((t, n) => new Point(t.End, t.Pence, PlotLeft + (n + 0.5) * slot, YOf(t.Pence))).ToList();
        Gridlines = Enumerable.Range(0, (int)(TopPounds / step) + 1).Select(n => new FundChart.Gridline(n * step, YOf(n * step * 100))).ToList();
        // At most five labels; the last month always, without crowding the one before it.
        var every = Math.Max(1, (int)Math.Ceiling(totals.Count / 5.0));
        var labelled = Enumerable.Range(0, Points.Count).Where(n => n % every == 0).ToList();
        if (labelled[^1] != Points.Count - 1)
        {
            if (labelled.Count > 1 && Points.Count - 1 - labelled[^1] < every) labelled.RemoveAt(labelled.Count - 1);
            labelled.Add(Points.Count - 1);
        }
        Labels = labelled.Select(n => new Label(Points[n].MonthEnd.ToString("MMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB")),
            n == Points.Count - 1 && Points.Count > 1 ? PlotRight : Points[n].X)).ToList();
    }

    public double YOf(long pence) => PlotBottom - Math.Clamp((double)pence / (TopPounds * 100), 0, 1) * (PlotBottom - PlotTop);

    public string LinePoints => string.Join(' ', Points.Select(p => $"{FundChart.N(p.X)},{FundChart.N(p.Y)}"));

    public string AreaPoints => $"{FundChart.N(Points[0].X)},{PlotBottom} {LinePoints} {FundChart.N(Points[^1].X)},{PlotBottom}";
}
