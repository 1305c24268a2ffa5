using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Masthead.Features.Events;

public enum RegistrationStatus
{
    Registered = 1,
    Waiting = 2,
    Cancelled = 3,
}

/// <summary>One person's place at an event, or their place in its waiting list (first come, first promoted).</summary>
public sealed class Registration
{
    public const int NameMax = 200;
    public const int EmailMax = 254;

    public long Id { get; set; }
    public int EventId { get; set; }
    public Event Event { get; set; } = null!;
    public required string Name { get; set; }
    /// <summary>Trimmed and lower-cased, so one address holds one place per event.</summary>
    public required string Email { get; set; }
    public RegistrationStatus Status { get; set; }
    /// <summary>The secret in the cancellation link each email carries.</summary>
    public required string CancelToken { get; set; }
    /// <summary>
    /// The site's base address when the person registered, kept for the record only: every email, even one sent
    /// later by a background job, is built on the configured <c>Paper:BaseUrl</c>, never on this.
    /// </summary>
    public required string SiteRoot { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? PromotedAt { get; set; }
    public DateTime? CancelledAt { get; set; }
    /// <summary>When the reminder falls due; null when none is to be sent (registered less than a day before, or waiting).</summary>
    public DateTime? ReminderDueAt { get; set; }
    /// <summary>Set by the one instance that claims the reminder; never cleared, so it is queued once.</summary>
    public DateTime? ReminderSentAt { get; set; }

    internal sealed class Configuration : IEntityTypeConfiguration<Registration>
    {
        public void Configure(EntityTypeBuilder<Registration> b)
        {
            b.ToTable("EventRegistrations");
            b.HasOne(r => r.Event).WithMany().HasForeignKey(r => r.EventId).OnDelete(DeleteBehavior.Restrict);
            b.HasIndex(r => new { r.EventId, r.Status, r.Id });
            // One live registration per address per event; a cancelled one does not stop registering again.
            b.HasIndex(r => new { r.EventId, r.Email }).IsUnique().HasFilter("\"Status\" <> 3");
            b.HasIndex(r => r.CancelToken).IsUnique();
            b.HasIndex(r => new { r.ReminderSentAt, r.ReminderDueAt });
            b.Property(r => r.Name).HasMaxLength(NameMax);
            b.Property(r => r.Email).HasMaxLength(EmailMax);
            b.Property(r => r.CancelToken).HasMaxLength(64);
            b.Property(r => r.SiteRoot).HasMaxLength(300);
        }
    }
}
