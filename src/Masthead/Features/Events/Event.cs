using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Masthead.Features.Events;

/// <summary>Where an event stands at a given instant: its page and card change with it.</summary>
public enum EventState
{
    Upcoming,
    Live,
    Past,
}

/// <summary>A meeting, rally or broadcast readers register for, watch live, or watch again afterwards.</summary>
public sealed class Event
{
    public const int TitleMax = 200;
    public const int SlugMax = 120;
    public const int DescriptionMax = 20_000;
    public const int VenueMax = 300;
    public const int UrlMax = 500;
    public const int CapacityMax = 100_000;

    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string Title { get; set; }
    /// <summary>Markdown, rendered and sanitised like an article body.</summary>
    public string Description { get; set; } = "";
    /// <summary>Where people gather; empty for an event that is online only.</summary>
    public string? Venue { get; set; }
    public string? StreamUrl { get; set; }
    /// <summary>Added by staff once the event has happened.</summary>
    public string? RecordingUrl { get; set; }
    /// <summary>Places to register for; null means no limit.</summary>
    public int? Capacity { get; set; }
    public DateTime StartsAt { get; set; }
    public DateTime EndsAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>
    /// Bumped by every change to the event's registrations before anything is read: the update takes the
    /// event's row lock (PostgreSQL) or the write lock (SQLite), so changes to one event's places queue up.
    /// </summary>
    public long RegistrationsVersion { get; set; }

    public bool IsOnline => string.IsNullOrWhiteSpace(Venue);

    public string Path => $"/events/{Slug}";

    public EventState StateAt(DateTime utcNow) =>
        utcNow < StartsAt ? EventState.Upcoming : utcNow < EndsAt ? EventState.Live : EventState.Past;

    internal sealed class Configuration : IEntityTypeConfiguration<Event>
    {
        public void Configure(EntityTypeBuilder<Event> b)
        {
            b.HasIndex(e => e.Slug).IsUnique();
            b.HasIndex(e => e.StartsAt);
            b.Property(e => e.Slug).HasMaxLength(SlugMax);
            b.Property(e => e.Title).HasMaxLength(TitleMax);
            b.Property(e => e.Description).HasMaxLength(DescriptionMax);
            b.Property(e => e.Venue).HasMaxLength(VenueMax);
            b.Property(e => e.StreamUrl).HasMaxLength(UrlMax);
            b.Property(e => e.RecordingUrl).HasMaxLength(UrlMax);
        }
    }
}
