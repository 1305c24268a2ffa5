using Masthead.Features.FightingFund;

namespace Masthead.Tests.FightingFund;

public sealed class FundChartTests
{
    private static readonly DateOnly March1 = new(2026, 3, 1);
    private static readonly DateOnly March31 = new(2026, 3, 31);

    private static FundChart Chart(DateOnly today, long targetPence = 1_800_000, Dictionary<DateOnly, long>? daily = null) =>
        new(March1, March31, targetPence, today, daily ?? []);

    [Fact]
    public void There_is_a_point_for_each_day_from_the_start_to_today()
    {
        var chart = Chart(new DateOnly(2026, 3, 10));
        Assert.Equal(10, chart.Days.Count);
        Assert.Equal(March1, chart.Days[0].Date);
        Assert.Equal(new DateOnly(2026, 3, 10), chart.Days[^1].Date);
        Assert.Equal(10, chart.LinePoints.Split(' ').Length);
    }

    [Fact]
    public void After_the_period_the_points_stop_at_its_last_day() =>
        Assert.Equal(31, Chart(new DateOnly(2026, 4, 5)).Days.Count);

    [Fact]
    public void Each_point_carries_the_running_total_at_the_end_of_its_day_refunds_included()
    {
        var chart = Chart(new DateOnly(2026, 3, 5), daily: new()
        {
            [new DateOnly(2026, 3, 1)] = 2_050,
            [new DateOnly(2026, 3, 3)] = 10_000,
            [new DateOnly(2026, 3, 4)] = -2_000,
            [new DateOnly(2026, 2, 28)] = 99_999, // another period's day
        });
        Assert.Equal(new long[] { 2_050, 2_050, 12_050, 10_050, 10_050 }, chart.Days.Select(d => d.CumulativePence));
        Assert.Equal(new long[] { 2_050, 0, 10_000, -2_000, 0 }, chart.Days.Select(d => d.DayPence));
    }

    [Fact]
    public void Days_run_left_to_right_across_the_plot_one_slot_each()
    {
        var chart = Chart(March31);
        var slot = (double)(FundChart.PlotRight - FundChart.PlotLeft) / 31;
        Assert.Equal(FundChart.PlotLeft + slot / 2, chart.Days[0].X, 6);
        Assert.Equal(FundChart.PlotRight - slot / 2, chart.Days[^1].X, 6);
        Assert.All(chart.Days.Zip(chart.Days.Skip(1)), pair => Assert.Equal(slot, pair.Second.X - pair.First.X, 6));
    }

    [Fact]
    public void Gridlines_are_round_pounds_from_zero_to_the_top_of_the_plot()
    {
        var chart = Chart(new DateOnly(2026, 3, 10));
        Assert.Equal(5_000, chart.StepPounds);
        Assert.Equal(20_000, chart.TopPounds);
        Assert.Equal(new long[] { 0, 5_000, 10_000, 15_000, 20_000 }, chart.Gridlines.Select(g => g.Pounds));
        Assert.Equal(new[] { "£0", "£5k", "£10k", "£15k", "£20k" }, chart.Gridlines.Select(g => g.Label));
        Assert.Equal(FundChart.PlotBottom, chart.Gridlines[0].Y);
        Assert.Equal(FundChart.PlotTop, chart.Gridlines[^1].Y);
    }

    [Fact]
    public void Gridlines_below_a_thousand_pounds_are_labelled_in_full()
    {
        var chart = Chart(March1, targetPence: 80_000);
        Assert.Equal(new[] { "£0", "£200", "£400", "£600", "£800" }, chart.Gridlines.Select(g => g.Label));
    }

    [Fact]
    public void The_target_line_sits_at_its_share_of_the_scale()
    {
        var chart = Chart(new DateOnly(2026, 3, 10));
        var height = FundChart.PlotBottom - FundChart.PlotTop;
        Assert.Equal(FundChart.PlotBottom - height * 18_000 / 20_000.0, chart.TargetY, 6);
    }

    [Fact]
    public void Money_over_the_target_raises_the_scale_so_the_line_stays_inside()
    {
        var chart = Chart(new DateOnly(2026, 3, 2), targetPence: 1_000_000, daily: new() { [March1] = 2_600_000 });
        Assert.Equal(30_000, chart.TopPounds);
        Assert.True(chart.Days[0].Y >= FundChart.PlotTop);
        Assert.True(chart.TargetY > chart.Days[0].Y, "the target is drawn below a total that passed it");
    }

    [Fact]
    public void A_total_below_zero_is_drawn_on_the_axis()
    {
        var chart = Chart(March1, daily: new() { [March1] = -500 });
        Assert.Equal(FundChart.PlotBottom, chart.Days[0].Y);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 1)]
    [InlineData(6, 2)]
    [InlineData(10, 2)]
    [InlineData(11, 5)]
    [InlineData(18_000, 5_000)]
    [InlineData(20_001, 5_000)]
    [InlineData(25_001, 10_000)]
    [InlineData(99, 20)]
    public void The_gridline_step_is_a_round_number_giving_at_most_five_steps(long pounds, long step)
    {
        Assert.Equal(step, FundChart.NiceStep(pounds));
        Assert.True((pounds + step - 1) / step <= FundChart.MaxSteps);
    }

    [Fact]
    public void Day_labels_mark_the_first_day_every_week_and_the_last()
    {
        var chart = Chart(March1);
        Assert.Equal(new[] { "1 Mar", "8 Mar", "15 Mar", "22 Mar", "31 Mar" }, chart.DayLabels.Select(l => l.Label));
        Assert.Equal(chart.XOf(March31), chart.DayLabels[^1].X);
    }

    [Fact]
    public void A_short_period_labels_its_first_and_last_days()
    {
        var chart = new FundChart(March1, new DateOnly(2026, 3, 3), 10_000, March1, new Dictionary<DateOnly, long>());
        Assert.Equal(new[] { "1 Mar", "3 Mar" }, chart.DayLabels.Select(l => l.Label));
    }

    [Fact]
    public void The_area_closes_along_the_axis()
    {
        var chart = Chart(new DateOnly(2026, 3, 2), daily: new() { [March1] = 100_000 });
        var points = chart.AreaPoints.Split(' ');
        Assert.Equal(4, points.Length);
        Assert.EndsWith($",{FundChart.PlotBottom}", points[0]);
        Assert.EndsWith($",{FundChart.PlotBottom}", points[^1]);
    }
}
