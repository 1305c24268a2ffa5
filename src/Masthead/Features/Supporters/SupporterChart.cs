using System.Globalization;
using Masthead.Features.FightingFund;

namespace Masthead.Features.Supporters;

/// <summary>
/// The geometry of the staff chart of supporters joining (bars above the axis) and cancelling (below) each month,
/// in an SVG user space of <see cref="Width"/> × <see cref="Height"/>, drawn on the server like the fund's chart.
/// </summary>
public sealed class SupporterChart
{
    public const int Width = 640;
    public const int Height = 280;
    public const int PlotLeft = 48;
    public const int PlotRight = Width - 12;
    public const int PlotTop = 16;
    public const int PlotBottom = Height - 32;

    public sealed record Bar(SupporterRules.Month Month, double X, double Width, double JoinY, double JoinHeight, double CancelHeight, bool First)
    {
        /// <summary>"Mar"; with the year on the first bar and on each January: "Dec 25", "Jan 26".</summary>
        public string Label => Month.Start.ToString(First || Month.Start.Month == 1 ? "MMM yy" : "MMM", CultureInfo.GetCultureInfo("en-GB"));
    }

    public IReadOnlyList<Bar> Bars { get; }
    /// <summary>The largest count either way, rounded up to a whole number of gridline steps.</summary>
    public int Top { get; }
    public int Step { get; }
    /// <summary>Where zero is: joins rise above it, cancellations hang below.</summary>
    public double AxisY { get; }
    public IReadOnlyList<(int Count, double Y)> Gridlines { get; }

    public SupporterChart(IReadOnlyList<SupporterRules.Month> months)
    {
        if (months.Count == 0) throw new ArgumentException("The chart needs at least one month.", nameof(months));
        var highest = Math.Max(1, months.Max(m => Math.Max(m.Joined, m.Cancelled)));
        Step = (int)FundChart.NiceStep(highest);
        Top = (highest + Step - 1) / Step * Step;
        AxisY = (PlotTop + PlotBottom) / 2.0;
        var half = AxisY - PlotTop;
        var slot = (double)(PlotRight - PlotLeft) / months.Count;
        Bars = months.Select((m, i) =>
        {
            var up = half * m.Joined / Top;
            var down = half * m.Cancelled / Top;
            return new Bar(m, PlotLeft + i * slot + slot * 0.15, slot * 0.7, AxisY - up, up, down, i == 0);
        }).ToList();
        Gridlines = Enumerable.Range(-(Top / Step), 2 * (Top / Step) + 1)
            .Select(k => (Math.Abs(k * Step), AxisY - half * k * Step / Top)).ToList();
    }

    public static string N(double value) => FundChart.N(value);
}
