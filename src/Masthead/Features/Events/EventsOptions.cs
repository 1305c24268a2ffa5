using System.ComponentModel.DataAnnotations;

namespace Masthead.Features.Events;

/// <summary>Bound from the <c>Events</c> configuration section.</summary>
public sealed class EventsOptions
{
    public const string SectionName = "Events";

    /// <summary>
    /// How often each instance looks anyway for reminders nobody told it about (set on another instance). Reminders
    /// set on this instance wake it, and it sleeps until the first one is due.
    /// </summary>
    public TimeSpan ReminderInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How often each instance looks anyway for events nobody told it about (saved on another instance), to refresh their
    /// cards in cached articles as they start and end. Events saved on this instance wake it, and it sleeps until the
    /// next start or end.
    /// </summary>
    public TimeSpan CardRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long before the start the reminder goes: a day.</summary>
    public TimeSpan ReminderLead { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Registration and cancellation forms one address may send in ten minutes.</summary>
    [Range(1, 100_000)]
    public int FormPostsPerAddress { get; set; } = 20;
}
