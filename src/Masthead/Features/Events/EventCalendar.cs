using System.Text;
using AngleSharp.Html.Parser;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Masthead.Features.Publishing;
using Microsoft.Extensions.Options;

namespace Masthead.Features.Events;

/// <summary>
/// Events as iCalendar (RFC 5545): the attachment of a confirmation email, one event's "add to calendar"
/// file and the site-wide feed. Times are written as wall-clock times in the paper's zone with that zone's
/// VTIMEZONE, so a calendar shows 19:00 London time on either side of a clock change.
/// </summary>
public sealed class EventCalendar(IOptions<PaperOptions> paper, PaperClock clock, ArticleBody body)
{
    public const string ContentType = "text/calendar; charset=utf-8";
    public const string AttachmentContentType = "text/calendar; charset=utf-8; method=PUBLISH";

    public string Build(IReadOnlyCollection<Event> events, string siteRoot, string? name = null)
    {
        var zone = paper.Value.TimeZone;
        var calendar = new Calendar { ProductId = $"-//{paper.Value.Name}//Masthead events//EN", Method = "PUBLISH" };
        if (name is not null) calendar.AddProperty("X-WR-CALNAME", name);
        if (events.Count > 0)
            calendar.AddTimeZone(zone, clock.ToLocal(events.Min(e => e.StartsAt)).AddDays(-1), includeHistoricalData: false);
        var host = new Uri(siteRoot).Host;
        foreach (var e in events)
        {
            var url = siteRoot + e.Path;
            var description = new StringBuilder(PlainText(e.Description));
            if (e.StreamUrl is not null) description.Append($"\n\nWatch live: {e.StreamUrl}");
            if (e.RecordingUrl is not null) description.Append($"\n\nWatch the event: {e.RecordingUrl}");
            description.Append($"\n\n{url}");
            calendar.Events.Add(new CalendarEvent
            {
                Uid = $"event-{e.Id}@{host}",
                Summary = e.Title,
                Description = description.ToString().Trim(),
                Location = e.IsOnline ? "Online" : e.Venue,
                Url = new Uri(url),
                DtStart = new CalDateTime(clock.ToLocal(e.StartsAt), zone),
                DtEnd = new CalDateTime(clock.ToLocal(e.EndsAt), zone),
                DtStamp = new CalDateTime(e.UpdatedAt, CalDateTime.UtcTzId),
            });
        }
        return new CalendarSerializer(calendar).SerializeToString() ?? "";
    }

    /// <summary>The description's words without markup: rendered and sanitised first, so nothing an editor pasted survives as code.</summary>
    private string PlainText(string markdown) =>
        new HtmlParser().ParseDocument(body.ToHtml(markdown)).Body?.TextContent.Trim() ?? "";

    public static string FileName(Event e) => $"{e.Slug}.ics";
}
