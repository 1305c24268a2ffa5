using Masthead.Features.Publishing;

namespace Masthead.Features.Events;

/// <summary>An event's times in the paper's own zone, the way a reader says them.</summary>
public static class EventTimes
{
    /// <summary>"Thursday 3 December 2026, 19:00 to 21:00 (London time)"; an event over several days names both.</summary>
    public static string Describe(PaperClock clock, PaperOptions paper, Event e)
    {
        var start = clock.ToLocal(e.StartsAt);
        var end = clock.ToLocal(e.EndsAt);
        var span = start.Date == end.Date
            ? $"{start:dddd d MMMM yyyy}, {start:HH:mm} to {end:HH:mm}"
            : $"{start:dddd d MMMM yyyy, HH:mm} to {end:dddd d MMMM yyyy, HH:mm}";
        return $"{span} ({ZoneName(paper)} time)";
    }

    /// <summary>The short form cards use: "Thursday 3 December, 19:00", with the year when it is not this one.</summary>
    public static string Short(PaperClock clock, Event e)
    {
        var start = clock.ToLocal(e.StartsAt);
        return start.Year == clock.ToLocal(clock.UtcNow).Year ? $"{start:dddd d MMMM, HH:mm}" : $"{start:dddd d MMMM yyyy, HH:mm}";
    }

    /// <summary>"London" for Europe/London: the city readers know the zone by.</summary>
    public static string ZoneName(PaperOptions paper) => paper.TimeZone.Split('/')[^1].Replace('_', ' ');
}
