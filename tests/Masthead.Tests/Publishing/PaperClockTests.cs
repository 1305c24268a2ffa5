using Masthead.Features.Publishing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Masthead.Tests.Publishing;

public sealed class PaperClockTests
{
    private static PaperClock At(string utc) =>
        new(new FakeTimeProvider(DateTimeOffset.Parse(utc)), Options.Create(new PaperOptions()));

    [Fact]
    public void Late_evening_in_summer_is_already_tomorrow_in_london()
    {
        var clock = At("2026-07-31T23:30:00Z");
        Assert.Equal(new DateOnly(2026, 8, 1), clock.Today());
    }

    [Fact]
    public void Late_evening_in_winter_is_still_today_in_london()
    {
        var clock = At("2026-12-31T23:30:00Z");
        Assert.Equal(new DateOnly(2026, 12, 31), clock.Today());
    }

    [Fact]
    public void An_editor_scheduling_for_nine_in_the_morning_means_nine_london_time()
    {
        var clock = At("2026-06-01T00:00:00Z");
        Assert.Equal(new DateTime(2026, 6, 2, 8, 0, 0, DateTimeKind.Utc), clock.LocalToUtc(new DateTime(2026, 6, 2, 9, 0, 0)));
        Assert.Equal(new DateTime(2026, 12, 2, 9, 0, 0, DateTimeKind.Utc), clock.LocalToUtc(new DateTime(2026, 12, 2, 9, 0, 0)));
    }

    [Fact]
    public void Shown_times_carry_the_london_offset_either_side_of_the_clock_change()
    {
        var clock = At("2026-03-29T00:00:00Z");
        Assert.Equal(TimeSpan.Zero, clock.ToLocalOffset(new DateTime(2026, 3, 29, 0, 59, 0, DateTimeKind.Utc)).Offset);
        Assert.Equal(TimeSpan.FromHours(1), clock.ToLocalOffset(new DateTime(2026, 3, 29, 1, 0, 0, DateTimeKind.Utc)).Offset);
        Assert.Equal(2, clock.ToLocalOffset(new DateTime(2026, 3, 29, 1, 0, 0, DateTimeKind.Utc)).Hour);
    }
}
