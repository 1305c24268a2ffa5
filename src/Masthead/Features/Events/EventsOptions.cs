using System.ComponentModel.DataAnnotations;

namespace Masthead.Features.Events;

/// <summary>Bound from the <c>Events</c> configuration section.</summary>
public sealed class EventsOptions
{
    public const string SectionName = "Events";

    /// <summary>How often each instance looks for reminders that are due.</summary>
    public TimeSpan ReminderInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often each instance looks for events that have just started or ended, to refresh their cards in cached articles.</summary>
    public TimeSpan CardRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long before the start the reminder goes: a day.</summary>
    public TimeSpan ReminderLead { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Registration and cancellation forms one address may send in ten minutes.</summary>
    [Range(1, 100_000)]
    public int FormPostsPerAddress { get; set; } = 20;
}
