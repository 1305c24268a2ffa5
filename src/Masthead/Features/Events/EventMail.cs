using System.Text;
using Masthead.Features.Publishing;
using Masthead.Infrastructure;
using Masthead.Infrastructure.Email;
using Microsoft.Extensions.Options;

namespace Masthead.Features.Events;

/// <summary>Writes the mail a registration sends: confirmation (with a calendar file), waiting list, promotion, reminder.</summary>
public sealed class EventMail(IOptions<PaperOptions> paper, PaperClock clock, EventCalendar calendar)
{
    /// <summary>The configured base address every link in these emails is built on, whenever and by whatever they are sent.</summary>
    public string SiteRoot => SiteUrls.Root(paper.Value);

    public OutboxEmail Registered(Event e, Registration r) => Compose(e, r, $"event-registered:{r.Id}",
        $"You're registered: {e.Title}",
        $"""
        Dear {r.Name},

        Your place is booked for {e.Title}.

        {Details(e)}

        The calendar file attached adds it to your diary.
        """, attachCalendar: true);

    public OutboxEmail Waiting(Event e, Registration r, int position) => Compose(e, r, $"event-waiting:{r.Id}",
        $"You're on the waiting list: {e.Title}",
        $"""
        Dear {r.Name},

        {e.Title} is full, so we have put you on the waiting list, number {position} in the queue.
        If a place comes up we will give it to the first person waiting and email them straight away.

        {Details(e)}
        """, attachCalendar: false);

    public OutboxEmail Promoted(Event e, Registration r) => Compose(e, r, $"event-promoted:{r.Id}",
        $"A place came up: you're registered for {e.Title}",
        $"""
        Dear {r.Name},

        Good news: a place came up and it is yours. You are now registered for {e.Title}.

        {Details(e)}

        The calendar file attached adds it to your diary. If you can no longer come, please cancel so the place
        goes to the next person waiting.
        """, attachCalendar: true);

    public OutboxEmail Reminder(Event e, Registration r) => Compose(e, r, $"event-reminder:{r.Id}",
        $"Tomorrow: {e.Title}",
        $"""
        Dear {r.Name},

        A reminder that {e.Title} is tomorrow.

        {Details(e)}
        """, attachCalendar: false);

    /// <summary>When, where, how to watch, and how to cancel: the block every message carries.</summary>
    private string Details(Event e)
    {
        var text = new StringBuilder();
        text.AppendLine($"When: {When(e)}");
        text.AppendLine($"Where: {(e.IsOnline ? "Online" : e.Venue)}");
        if (e.StreamUrl is not null) text.AppendLine($"Watch live: {e.StreamUrl}");
        return text.ToString().TrimEnd();
    }

    public string When(Event e) => EventTimes.Describe(clock, paper.Value, e);

    private OutboxEmail Compose(Event e, Registration r, string key, string subject, string opening, bool attachCalendar)
    {
        var name = paper.Value.Name;
        var text = $"""
            {opening}

            Event page: {SiteRoot}{e.Path}
            Can't come? Cancel here and your place goes to the next person waiting: {CancelUrl(e, r)}

            In solidarity,
            {name}
            """;
        var mail = new OutboxEmail
        {
            Key = key,
            ToAddress = r.Email,
            ToName = r.Name,
            Subject = subject.Length > 300 ? subject[..300] : subject,
            TextBody = text,
            CreatedAt = clock.UtcNow,
            NextAttemptAt = clock.UtcNow,
        };
        if (attachCalendar)
        {
            mail.Attachments.Add(new OutboxAttachment
            {
                FileName = EventCalendar.FileName(e),
                ContentType = EventCalendar.AttachmentContentType,
                Content = Encoding.UTF8.GetBytes(calendar.Build([e], SiteRoot)),
            });
        }
        return mail;
    }

    public string CancelUrl(Event e, Registration r) => $"{SiteRoot}{e.Path}/cancel?token={r.CancelToken}";
}
