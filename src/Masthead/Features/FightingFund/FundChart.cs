using System.Globalization;

namespace Masthead.Features.FightingFund;

/// <summary>
/// The geometry of the fund page's chart: the running total at the end of each day of a period so far,
/// drawn against the target, in an SVG user space of <see cref="Width"/> × <see cref="Height"/>.
/// Money stays in integer pence; only the drawing coordinates are fractional.
/// </summary>
public sealed class FundChart
{
    public const int Width = 640;
    public const int Height = 300;
    public const int PlotLeft = 76;
    public const int PlotRight = Width - 16;
    public const int PlotTop = 16;
    public const int PlotBottom = Height - 36;

    /// <summary>No more than this many steps between gridlines, so their labels stay readable.</summary>
    public const int MaxSteps = 5;

    public sealed record Day(DateOnly Date, long DayPence, long CumulativePence, double X, double Y);

    public sealed record Gridline(long Pounds, double Y)
    {
        /// <summary>Short, so it stays legible on a phone: "£5k" for whole thousands, else "£250".</summary>
        public string Label => Pounds >= 1_000 && Pounds % 1_000 == 0 ? $"{Money.Pounds(Pounds / 1_000)}k" : Money.Pounds(Pounds);
    }

    public sealed record DayLabel(DateOnly Date, double X)
    {
        public string Label => Date.ToString("d MMM", CultureInfo.GetCultureInfo("en-GB"));
    }

    public DateOnly Start { get; }
    public DateOnly End { get; }
    public long TargetPence { get; }

    /// <summary>The days from the start to today (or the end, if the period is over), with their running totals.</summary>
    public IReadOnlyList<Day> Days { get; }

    public int DaysInPeriod => End.DayNumber - Start.DayNumber + 1;

    /// <summary>The value at the top of the chart, a whole number of gridline steps at or above the target and the total.</summary>
    public long TopPounds { get; }
    public long StepPounds { get; }
    public IReadOnlyList<Gridline> Gridlines { get; }
    public IReadOnlyList<DayLabel> DayLabels { get; }
    public double TargetY => YOf(TargetPence);

    /// <summary>Width of one day's slot; each day's point sits in the middle of its slot.</summary>
    public double DayWidth => (double)(PlotRight - PlotLeft) / DaysInPeriod;

    public FundChart(DateOnly start, DateOnly end, long targetPence, DateOnly today, IReadOnlyDictionary<DateOnly, long> dailyPence)
    {
        if (end < start) throw new ArgumentException("A period ends on or after its start.", nameof(end));
        (Start, End, TargetPence) = (start, end, targetPence);

        var days = new List<(DateOnly Date, long DayPence, long Cumulative)>();
        long running = 0;
        var last = today < end ? today : end;
        for (var d = start; d <= last; d = d.AddDays(1))
        {
            var dayPence = dailyPence.GetValueOrDefault(d);
            running += dayPence;
            days.Add((d, dayPence, running));
        }

        var highestPence = Math.Max(targetPence, days.Count == 0 ? 0 : days.Max(d => d.Cumulative));
        StepPounds = NiceStep(CeilDiv(Math.Max(highestPence, 100), 100));
        TopPounds = CeilDiv(CeilDiv(Math.Max(highestPence, 100), 100), StepPounds) * StepPounds;
        Days = days.Select(d => new Day(d.Date, d.DayPence, d.Cumulative, XOf(d.Date), YOf(d.Cumulative))).ToList();
        Gridlines = Enumerable.Range(0, (int)(TopPounds / StepPounds) + 1)
            .Select(i => new Gridline(i * StepPounds, YOf(i * StepPounds * 100))).ToList();
        DayLabels = LabelledDays().Select(d => new DayLabel(d, XOf(d))).ToList();
    }

    /// <summary>The smallest of 1, 2, 5, 10, 20, 50… pounds that reaches <paramref name="pounds"/> in at most <see cref="MaxSteps"/> steps.</summary>
    public static long NiceStep(long pounds)
    {
        for (long scale = 1; ; scale *= 10)
        {
            foreach (var m in new long[] { 1, 2, 5 })
            {
                if (CeilDiv(pounds, m * scale) <= MaxSteps) return m * scale;
            }
        }
    }

    public double XOf(DateOnly day) => PlotLeft + (day.DayNumber - Start.DayNumber + 0.5) * DayWidth;

    /// <summary>Height for an amount, clamped to the plot (a fund briefly below zero is drawn on the axis).</summary>
    public double YOf(long pence)
    {
        var share = Math.Clamp((double)pence / (TopPounds * 100), 0, 1);
        return PlotBottom - share * (PlotBottom - PlotTop);
    }

    /// <summary>The cumulative line's points, "x,y x,y …".</summary>
    public string LinePoints => string.Join(' ', Days.Select(d => $"{N(d.X)},{N(d.Y)}"));

    /// <summary>The area under the line, closed along the axis.</summary>
    public string AreaPoints => Days.Count == 0 ? ""
        : $"{N(Days[0].X)},{PlotBottom} {LinePoints} {N(Days[^1].X)},{PlotBottom}";

    /// <summary>A coordinate for SVG: invariant culture, at most two decimals.</summary>
    public static string N(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>The first day, every seventh after it, and the last — dropping the one before the last if they would crowd.</summary>
    private List<DateOnly> LabelledDays()
    {
        var labels = new List<DateOnly>();
        for (var i = 0; i < DaysInPeriod; i += 7) labels.Add(Start.AddDays(i));
        if (labels[^1] != End)
        {
            if (labels.Count > 1 && End.DayNumber - labels[^1].DayNumber < 4) labels.RemoveAt(labels.Count - 1);
            labels.Add(End);
        }
        return labels;
    }

    private static long CeilDiv(long a, long b) => (a + b - 1) / b;
}
