using Masthead.Features.Membership;

namespace Masthead.Tests.Membership;

/// <summary>The chart of share capital: the total at the end of each month, from the first entry to today.</summary>
public sealed class CapitalChartTests
{
    [Fact]
    public void Each_point_is_the_capital_at_the_end_of_its_month()
    {
        var changes = new Dictionary<DateOnly, long>
        {
            [new DateOnly(2026, 1, 15)] = 10_000,
            [new DateOnly(2026, 3, 2)] = 5_000,
            [new DateOnly(2026, 3, 31)] = -2_000,
        };
        var chart = new CapitalChart(changes, new DateOnly(2026, 4, 10));

        Assert.Equal([new DateOnly(2026, 1, 31), new DateOnly(2026, 2, 28), new DateOnly(2026, 3, 31), new DateOnly(2026, 4, 10)], chart.Points.Select(p => p.MonthEnd));
        Assert.Equal([10_000L, 10_000L, 13_000L, 13_000L], chart.Points.Select(p => p.CapitalPence));
        Assert.Equal(150, chart.TopPounds); // £150 in three steps of £50, at or above the highest month
        Assert.All(chart.Points, p => Assert.InRange(p.Y, CapitalChart.PlotTop, CapitalChart.PlotBottom));
    }

    [Fact]
    public void Labels_are_few_and_the_last_month_is_never_crowded()
    {
        var changes = new Dictionary<DateOnly, long> { [new DateOnly(2024, 9, 1)] = 50_000 };
        var chart = new CapitalChart(changes, new DateOnly(2026, 11, 30));

        Assert.InRange(chart.Labels.Count, 2, 6);
        Assert.Equal("Nov 2026", chart.Labels[^1].Text);
        var gaps = chart.Labels.Zip(chart.Labels.Skip(1), (a, b) => b.X - a.X);
        Assert.All(gaps, g => Assert.True(g > 80, $"Labels {g} apart would overlap."));
    }

    [Fact]
    public void An_empty_register_draws_one_point_at_zero()
    {
        var chart = new CapitalChart(new Dictionary<DateOnly, long>(), new DateOnly(2026, 11, 30));
        var point = Assert.Single(chart.Points);
        Assert.Equal(0, point.CapitalPence);
    }
}
