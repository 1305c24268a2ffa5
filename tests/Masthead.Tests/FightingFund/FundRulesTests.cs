using Masthead.Features.FightingFund;
using Masthead.Features.Publishing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Masthead.Tests.FightingFund;

/// <summary>The widget's rules at any instant, through the paper's clock in Europe/London.</summary>
public sealed class FundRulesTests
{
    private static readonly DateOnly NovStart = new(2026, 11, 1);
    private static readonly DateOnly NovEnd = new(2026, 11, 30);

    private static PaperClock ClockAt(string instant) =>
        new(new FakeTimeProvider(DateTimeOffset.Parse(instant)), Options.Create(new PaperOptions()));

    private static FundFigures November(long raisedPence, string instant, long targetPence = 1_800_000) =>
        new(NovStart, NovEnd, targetPence, raisedPence, ClockAt(instant).Today());

    [Fact]
    public void The_reference_pages_figures_add_up_to_the_target()
    {
        var f = November(994_499, "2026-11-18T12:00:00Z");
        Assert.Equal(9_944, f.RaisedPounds);
        Assert.Equal(8_056, f.NeededPounds);
        Assert.Equal(13, f.DaysRemaining);
        Assert.Equal("£9,944", Money.Pounds(f.RaisedPounds));
        Assert.Equal(f.TargetPounds, f.RaisedPounds + f.NeededPounds);
    }

    [Theory]
    [InlineData(99, 0, 18_000)]
    [InlineData(100, 1, 17_999)]
    [InlineData(1_799_999, 17_999, 1)]
    [InlineData(333_333, 3_333, 14_667)]
    public void Raised_rounds_down_to_whole_pounds_and_need_is_the_rest(long raisedPence, long raised, long needed)
    {
        var f = November(raisedPence, "2026-11-10T09:00:00Z");
        Assert.Equal(raised, f.RaisedPounds);
        Assert.Equal(needed, f.NeededPounds);
        Assert.Equal(1_800_000 - raisedPence, f.NeededPence);
    }

    [Fact]
    public void Over_target_the_fund_says_by_how_much_and_needs_nothing()
    {
        var f = November(1_850_075, "2026-11-29T09:00:00Z");
        Assert.True(f.TargetReached);
        Assert.Equal(0, f.NeededPounds);
        Assert.Equal(0, f.NeededPence);
        Assert.Equal(500, f.OverPounds);
        Assert.Equal(100, f.PercentRaised);
        Assert.Equal("Target reached, £500 over", FundWidgetView.From(f).NeededSentence);
    }

    [Fact]
    public void Exactly_on_target_is_reached_with_nothing_over()
    {
        var f = November(1_800_000, "2026-11-29T09:00:00Z");
        Assert.True(f.TargetReached);
        Assert.Equal("Target reached", FundWidgetView.From(f).NeededSentence);
    }

    [Fact]
    public void Refunds_exceeding_gifts_round_toward_minus_infinity()
    {
        var f = November(-150, "2026-11-10T09:00:00Z");
        Assert.Equal(-2, f.RaisedPounds);
        Assert.Equal(18_002, f.NeededPounds);
    }

    [Theory]
    [InlineData("2026-11-01T00:00:00Z", 30, "30 days remaining")]
    [InlineData("2026-11-29T23:59:59Z", 2, "2 days remaining")]
    [InlineData("2026-11-30T00:00:00Z", 1, "1 day remaining")]
    [InlineData("2026-11-30T23:59:59Z", 1, "1 day remaining")]
    [InlineData("2026-12-01T00:00:00Z", 0, "0 days remaining")]
    public void Days_remaining_counts_today_and_ends_at_the_period_end(string instant, int days, string text)
    {
        var f = November(0, instant);
        Assert.Equal(days, f.DaysRemaining);
        Assert.Equal(text, f.DaysRemainingText);
    }

    [Fact]
    public void The_last_minute_of_a_summer_period_in_london_is_already_the_next_day_in_utc()
    {
        // 23:59 on 31 July in London is 22:59 UTC; 23:30 UTC is 00:30 on 1 August in London.
        var july = new FundFigures(new(2026, 7, 1), new(2026, 7, 31), 1_800_000, 0, ClockAt("2026-07-31T22:59:00Z").Today());
        Assert.Equal(1, july.DaysRemaining);
        var after = july with { Today = ClockAt("2026-07-31T23:30:00Z").Today() };
        Assert.Equal(0, after.DaysRemaining);
        Assert.Equal(new DateOnly(2026, 8, 1), ClockAt("2026-07-31T23:30:00Z").DateOf(new DateTime(2026, 7, 31, 23, 30, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public void Money_given_at_midnight_in_winter_counts_on_the_london_date()
    {
        var clock = ClockAt("2026-12-31T23:59:59Z");
        Assert.Equal(new DateOnly(2026, 12, 31), clock.DateOf(new DateTime(2026, 12, 31, 23, 59, 59, DateTimeKind.Utc)));
        Assert.Equal(new DateOnly(2027, 1, 1), clock.DateOf(new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc)));
    }

    [Theory]
    [InlineData("2026-03-29T00:59:59Z", "2026-03-29")] // GMT: the clocks go forward at 01:00 UTC
    [InlineData("2026-03-28T23:30:00Z", "2026-03-28")]
    [InlineData("2026-10-24T23:30:00Z", "2026-10-25")] // BST until 01:00 UTC on 25 October
    [InlineData("2026-10-25T23:30:00Z", "2026-10-25")] // GMT again
    public void The_clock_changes_move_the_paper_date_correctly(string instant, string date) =>
        Assert.Equal(DateOnly.Parse(date), ClockAt(instant).DateOf(DateTimeOffset.Parse(instant).UtcDateTime));

    [Fact]
    public void February_in_a_leap_year_has_twenty_nine_days()
    {
        var feb = new FundFigures(new(2028, 2, 1), new(2028, 2, 29), 1_800_000, 0, ClockAt("2028-02-28T12:00:00Z").Today());
        Assert.Equal(2, feb.DaysRemaining);
        Assert.Equal(1, (feb with { Today = new(2028, 2, 29) }).DaysRemaining);
        Assert.Equal(new DateOnly(2028, 2, 29), FundPeriods.MonthOf(new DateOnly(2028, 2, 10)).End);
        Assert.Equal(new DateOnly(2027, 2, 28), FundPeriods.MonthOf(new DateOnly(2027, 2, 10)).End);
    }

    [Theory]
    [InlineData("2026-12-31", "2026-12-01", "2026-12-31")]
    [InlineData("2027-01-01", "2027-01-01", "2027-01-31")]
    [InlineData("2026-04-30", "2026-04-01", "2026-04-30")]
    public void Each_calendar_month_is_one_period(string day, string start, string end)
    {
        var month = FundPeriods.MonthOf(DateOnly.Parse(day));
        Assert.Equal((DateOnly.Parse(start), DateOnly.Parse(end)), (month.Start, month.End));
    }

    [Fact]
    public void Before_a_period_starts_all_its_days_remain()
    {
        var f = November(0, "2026-10-31T12:00:00Z");
        Assert.Equal(30, f.DaysRemaining);
    }

    [Theory]
    [InlineData(0, "£0")]
    [InlineData(5, "£0.05")]
    [InlineData(2000, "£20")]
    [InlineData(2050, "£20.50")]
    [InlineData(102_550, "£1,025.50")]
    [InlineData(-2050, "-£20.50")]
    public void Pence_are_shown_as_people_write_money(long pence, string text) => Assert.Equal(text, Money.Pence(pence));

    [Fact]
    public void Singular_day_label_on_the_last_day()
    {
        Assert.Equal("Day remaining", FundWidgetView.From(November(0, "2026-11-30T10:00:00Z")).DaysLabel);
        Assert.Equal("Days remaining", FundWidgetView.From(November(0, "2026-11-29T10:00:00Z")).DaysLabel);
    }
}
