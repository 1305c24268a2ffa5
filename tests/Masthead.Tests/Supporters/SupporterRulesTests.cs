using Masthead.Features.Supporters;

namespace Masthead.Tests.Supporters;

public sealed class SupporterRulesTests
{
    private static readonly DateTime T0 = new(2026, 3, 10, 9, 0, 0, DateTimeKind.Utc);

    private static Supporter Pending(long pence = 1_000) => new()
    {
        Name = "Ada",
        Email = "ada@example.org",
        Provider = Supporter.StripeProvider,
        MonthlyPence = pence,
        State = SupporterState.Pending,
        StateAt = T0.AddHours(1), // created after the provider's clock says: must not matter
    };

    [Theory]
    [InlineData("active", SupporterState.Active)]
    [InlineData("trialing", SupporterState.Active)]
    [InlineData("past_due", SupporterState.PastDue)]
    [InlineData("unpaid", SupporterState.PastDue)]
    [InlineData("canceled", SupporterState.Cancelled)]
    [InlineData("incomplete_expired", SupporterState.Cancelled)]
    [InlineData("incomplete", null)]
    [InlineData("paused", null)]
    [InlineData(null, null)]
    public void Stripe_statuses_map_to_supporter_states(string? status, SupporterState? expected) =>
        Assert.Equal(expected, SupporterRules.FromStripeStatus(status));

    [Fact]
    public void A_pending_supporter_becomes_active_whatever_the_clocks_and_joins_then()
    {
        var s = Pending();
        Assert.True(SupporterRules.Apply(s, SupporterState.Active, T0));
        Assert.Equal((SupporterState.Active, T0, (DateTime?)T0), (s.State, s.StateAt, s.JoinedAt));
    }

    [Fact]
    public void Older_news_changes_nothing_and_newer_news_wins()
    {
        var s = Pending();
        SupporterRules.Apply(s, SupporterState.Active, T0.AddMinutes(10), 1_500);
        Assert.False(SupporterRules.Apply(s, SupporterState.PastDue, T0.AddMinutes(5), 900));
        Assert.Equal((SupporterState.Active, 1_500L), (s.State, s.MonthlyPence));
        Assert.True(SupporterRules.Apply(s, SupporterState.PastDue, T0.AddMinutes(20), 1_500));
        Assert.Equal(SupporterState.PastDue, s.State);
        Assert.Equal(T0.AddMinutes(10), s.JoinedAt);
    }

    [Fact]
    public void Cancelled_is_final_even_when_an_earlier_or_later_update_arrives_after_it()
    {
        var s = Pending();
        SupporterRules.Apply(s, SupporterState.Active, T0);
        Assert.True(SupporterRules.Apply(s, SupporterState.Cancelled, T0.AddDays(3)));
        Assert.False(SupporterRules.Apply(s, SupporterState.Active, T0.AddDays(1), 5_000));
        Assert.False(SupporterRules.Apply(s, SupporterState.Active, T0.AddDays(9), 5_000));
        Assert.Equal((SupporterState.Cancelled, 1_000L, (DateTime?)T0.AddDays(3)), (s.State, s.MonthlyPence, s.CancelledAt));
    }

    [Fact]
    public void The_same_news_twice_is_no_change()
    {
        var s = Pending();
        SupporterRules.Apply(s, SupporterState.Active, T0, 1_000);
        Assert.False(SupporterRules.Apply(s, SupporterState.Active, T0, 1_000));
    }

    [Theory]
    [InlineData(false, 1_000, 1_000, null)]
    [InlineData(false, 1_000, 1_500, "The Sustainer scheme is £10 a month.")]
    [InlineData(true, 300, 300, null)]
    [InlineData(true, 300, 299, "The Sustainer scheme starts at £3 a month.")]
    [InlineData(true, 300, 100_000, null)]
    [InlineData(true, 300, 100_001, "Monthly support online is at most £1,000; for more, please get in touch.")]
    public void Amounts_follow_the_scheme(bool open, long schemePence, long pence, string? problem)
    {
        var scheme = new SupporterScheme { Name = "Sustainer", MonthlyPence = schemePence, OpenAmount = open };
        Assert.Equal(problem, SupporterRules.AmountProblem(scheme, pence, 100_000));
    }

    [Fact]
    public void Monthly_income_counts_those_still_giving_including_past_due()
    {
        var income = SupporterRules.MonthlyIncome([
            (SupporterState.Active, 500), (SupporterState.Active, 1_250), (SupporterState.PastDue, 800),
            (SupporterState.Cancelled, 10_000), (SupporterState.Pending, 7_000)]);
        Assert.Equal(2_550, income);
    }

    [Fact]
    public void Joins_and_cancellations_fall_in_their_calendar_months_and_older_ones_are_left_out()
    {
        var today = new DateOnly(2026, 3, 15);
        var months = SupporterRules.JoinsAndCancellations([
            (new DateOnly(2026, 3, 1), null),
            (new DateOnly(2026, 3, 31), new DateOnly(2026, 3, 31)),
            (new DateOnly(2026, 1, 31), new DateOnly(2026, 2, 1)),
            (new DateOnly(2025, 12, 31), new DateOnly(2026, 1, 1)), // joined before the window, cancelled inside it
            (null, null)], today, 3);
        Assert.Equal([new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 1), new DateOnly(2026, 3, 1)], months.Select(m => m.Start));
        Assert.Equal([1, 0, 2], months.Select(m => m.Joined));
        Assert.Equal([1, 1, 1], months.Select(m => m.Cancelled));
    }

    [Fact]
    public void The_chart_puts_joins_above_the_axis_and_cancellations_below_in_proportion()
    {
        var chart = new SupporterChart([
            new(new DateOnly(2026, 1, 1), 4, 0), new(new DateOnly(2026, 2, 1), 2, 1), new(new DateOnly(2026, 3, 1), 0, 4)]);
        Assert.Equal(4, chart.Top);
        var half = chart.AxisY - SupporterChart.PlotTop;
        Assert.Equal(half, chart.Bars[0].JoinHeight, 6);
        Assert.Equal(half / 2, chart.Bars[1].JoinHeight, 6);
        Assert.Equal(half / 4, chart.Bars[1].CancelHeight, 6);
        Assert.Equal(half, chart.Bars[2].CancelHeight, 6);
        Assert.Equal(chart.AxisY - half, chart.Bars[0].JoinY, 6);
        Assert.True(chart.Bars[0].X < chart.Bars[1].X && chart.Bars[2].X + chart.Bars[2].Width <= SupporterChart.PlotRight);
        Assert.Equal("Jan 26", chart.Bars[0].Label);
        Assert.Equal("Mar", chart.Bars[2].Label);
        Assert.Equal("Feb", chart.Bars[1].Label);
    }

    [Fact]
    public void An_empty_year_still_draws_an_axis()
    {
        var chart = new SupporterChart([new(new DateOnly(2025, 12, 1), 0, 0), new(new DateOnly(2026, 1, 1), 0, 0)]);
        Assert.Equal(1, chart.Top);
        Assert.Equal(0, chart.Bars[0].JoinHeight);
        Assert.Equal(["Dec 25", "Jan 26"], chart.Bars.Select(b => b.Label));
    }
}
