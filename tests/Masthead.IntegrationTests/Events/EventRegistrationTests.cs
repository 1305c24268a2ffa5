using System.Net;
using Masthead.Features.Events;
using Masthead.Features.Publishing;
using Masthead.Infrastructure.Email;
using Masthead.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Masthead.IntegrationTests.Events;

public sealed class EventRegistrationTests_Sqlite(SqliteApp app) : EventRegistrationTests<SqliteApp>(app);
[Trait("Needs", "PostgreSQL")]
public sealed class EventRegistrationTests_Postgres(PostgresApp app) : EventRegistrationTests<PostgresApp>(app);

/// <summary>Readers register, wait, cancel and are promoted; places are never oversold.</summary>
public abstract class EventRegistrationTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : MastheadApp
{
    [Trait("Needs", "Smtp")]
    [Fact]
    public async Task A_reader_registers_through_the_page_and_gets_a_confirmation_with_a_calendar_file_in_London_time()
    {
        // A date in British Summer Time: 19:00 in London is 18:00 UTC.
        var today = app.Today();
        var summer = new DateOnly(today.Year + 1, 7, 9);
        var e = await app.NewEventAtAsync(app.London(summer, 19), capacity: 50);
        var email = SmtpInbox.NewAddress("reader");
        var client = app.CreateClient();

        var page = await client.GetDocumentAsync(e.Path);
        Assert.Contains("19:00 to 21:00", page.QuerySelector(".event__facts")!.TextContent);
        Assert.Contains("50 of 50 left", page.QuerySelector(".event__facts")!.TextContent);
        Assert.Null(page.QuerySelector(".event__description script"));
        Assert.NotNull(page.QuerySelector(".event__description em"));
        using var jsonLd = System.Text.Json.JsonDocument.Parse(page.QuerySelector("script[type='application/ld+json']")!.TextContent);
        Assert.Equal("Event", jsonLd.RootElement.GetProperty("@type").GetString());
        Assert.Equal($"{summer:yyyy-MM-dd}T19:00:00+01:00", jsonLd.RootElement.GetProperty("startDate").GetString());
        Assert.Equal("https://schema.org/MixedEventAttendanceMode", jsonLd.RootElement.GetProperty("eventAttendanceMode").GetString());

        var posted = await client.PostFormAsync(e.Path, new() { ["Name"] = "Rosa Reader", ["Email"] = email });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var after = await client.GetDocumentAsync(posted.Headers.Location!.OriginalString);
        Assert.Contains("You're registered", after.QuerySelector(".notice")!.TextContent);
        Assert.Contains("49 of 50 left", after.QuerySelector(".event__facts")!.TextContent);

        var mail = Assert.Single(await SmtpInbox.WaitForAsync(email, 1, app));
        Assert.Contains(e.Title, mail.Subject);
        Assert.Contains(summer.ToString("dddd d MMMM yyyy"), mail.TextBody);
        Assert.Contains("19:00 to 21:00 (London time)", mail.TextBody);
        var registration = await app.WithDbAsync(db => db.Registrations.AsNoTracking().SingleAsync(r => r.Email == email));
        Assert.Contains($"/cancel?token={registration.CancelToken}", mail.TextBody);

        var attachment = Assert.Single(mail.Message.Attachments.OfType<MimeKit.MimePart>());
        Assert.Equal("text/calendar", attachment.ContentType.MimeType);
        Assert.Equal($"{e.Slug}.ics", attachment.FileName);
        using var content = new MemoryStream();
        await attachment.Content!.DecodeToAsync(content);
        var calendar = EventBuilder.ParseCalendar(System.Text.Encoding.UTF8.GetString(content.ToArray()));
        var entry = Assert.Single(calendar.Events);
        Assert.Equal(e.Title, entry.Summary);
        Assert.Equal("Europe/London", entry.DtStart!.TzId);
        Assert.Equal(new DateTime(summer.Year, 7, 9, 19, 0, 0), entry.DtStart.Value);
        Assert.Equal(new DateTime(summer.Year, 7, 9, 18, 0, 0, DateTimeKind.Utc), entry.DtStart.AsUtc);
        Assert.Equal(new DateTime(summer.Year, 7, 9, 20, 0, 0, DateTimeKind.Utc), entry.DtEnd!.AsUtc);
    }

    [Trait("Needs", "Smtp")]
    [Fact]
    public async Task When_every_place_is_taken_people_wait_in_order_and_a_cancellation_promotes_the_first_and_emails_them()
    {
        var e = await app.NewEventAsync(TimeSpan.FromDays(5), capacity: 2);
        var emails = Enumerable.Range(0, 5).Select(i => SmtpInbox.NewAddress($"queue{i}")).ToList();
        var results = new List<EventRegistrations.Result>();
        foreach (var email in emails) results.Add(await app.RegisterAsync(e, email));

        Assert.Equal([EventRegistrations.Outcome.Registered, EventRegistrations.Outcome.Registered, EventRegistrations.Outcome.Waiting,
            EventRegistrations.Outcome.Waiting, EventRegistrations.Outcome.Waiting], results.Select(r => r.Outcome));
        Assert.Equal([1, 2, 3], results.Skip(2).Select(r => r.Position!.Value));
        var waitingMail = Assert.Single(await SmtpInbox.WaitForAsync(emails[3], 1, app));
        Assert.Contains("waiting list", waitingMail.Subject);
        Assert.Contains("number 2 in the queue", waitingMail.TextBody);
        Assert.Empty(waitingMail.Message.Attachments);

        // The page says it is full and offers the waiting list.
        var client = app.CreateClient();
        var page = await client.GetDocumentAsync(e.Path);
        Assert.Contains("Full: join the waiting list", page.QuerySelector(".event__facts")!.TextContent);
        Assert.Equal("Join the waiting list", page.QuerySelector(".event-register button")!.TextContent.Trim());

        // The second registered person cancels through the link in their email.
        var token = results[1].Registration!.CancelToken;
        var ask = await client.GetDocumentAsync($"{e.Path}/cancel?token={token}");
        Assert.Equal("Cancel my place", ask.QuerySelector("form button")!.TextContent.Trim());
        Assert.Equal(RegistrationStatus.Registered, await StatusAsync(emails[1]));
        var antiforgery = ask.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        Task<HttpResponseMessage> PostCancelAsync() => client.PostAsync($"{e.Path}/cancel", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Token"] = token,
            ["__RequestVerificationToken"] = antiforgery,
        }));
        var cancelled = await PostCancelAsync();
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Contains("Your place is cancelled", (await cancelled.ReadDocumentAsync()).QuerySelector(".notice")!.TextContent);

        Assert.Equal(RegistrationStatus.Cancelled, await StatusAsync(emails[1]));
        Assert.Equal(RegistrationStatus.Registered, await StatusAsync(emails[2]));
        Assert.Equal(RegistrationStatus.Waiting, await StatusAsync(emails[3]));
        var promoted = await SmtpInbox.WaitForAsync(emails[2], 2, app);
        var promotion = Assert.Single(promoted, m => m.Subject.StartsWith("A place came up", StringComparison.Ordinal));
        Assert.Single(promotion.Message.Attachments);
        var queue = await app.WithServiceAsync<EventRegistrations, int>(async r =>
            await r.PositionAsync(await app.WithDbAsync(db => db.Registrations.AsNoTracking().SingleAsync(x => x.Email == emails[4]))));
        Assert.Equal(2, queue);

        // The same link again changes nothing more.
        var again = await PostCancelAsync();
        Assert.Contains("already cancelled", (await again.ReadDocumentAsync()).QuerySelector(".notice")!.TextContent);
        Assert.Equal(RegistrationStatus.Waiting, await StatusAsync(emails[3]));
        Assert.Equal(2, await app.WithDbAsync(db => db.Registrations.CountAsync(r => r.EventId == e.Id && r.Status == RegistrationStatus.Registered)));
    }

    [Fact]
    public async Task Registering_twice_with_the_same_address_says_so_and_holds_one_place()
    {
        var e = await app.NewEventAsync(TimeSpan.FromDays(3), capacity: 10);
        var email = SmtpInbox.NewAddress("twice");
        var client = app.CreateClient();
        await client.PostFormAsync(e.Path, new() { ["Name"] = "Sam Twice", ["Email"] = email });
        var second = await client.PostFormAsync(e.Path, new() { ["Name"] = "Sam Twice", ["Email"] = "  " + email.ToUpperInvariant() });
        var page = await client.GetDocumentAsync(second.Headers.Location!.OriginalString);

        Assert.Contains("already registered", page.QuerySelector(".notice")!.TextContent);
        Assert.Equal(1, await app.WithDbAsync(db => db.Registrations.CountAsync(r => r.EventId == e.Id)));
        Assert.Equal(1, await app.WithDbAsync(db => db.Outbox.CountAsync(m => m.ToAddress == email)));
    }

    [Theory]
    [InlineData("", "reader@example.org", "Tell us your name.")]
    [InlineData("Rosa", "not-an-email", "Enter an email address like name@example.org.")]
    [InlineData("Rosa", "", "Give an email address for your confirmation.")]
    [InlineData("LONG", "reader@example.org", "Names are at most 200 characters.")]
    public async Task Bad_input_gets_a_clear_message_and_changes_nothing(string name, string email, string message)
    {
        var e = await app.NewEventAsync(TimeSpan.FromDays(3), capacity: 10);
        if (name == "LONG") name = new string('x', 100_000);
        var response = await app.CreateClient().PostFormAsync(e.Path, new() { ["Name"] = name, ["Email"] = email });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ReadDocumentAsync();
        Assert.Contains(message, page.QuerySelector(".event-register")!.TextContent);
        Assert.Equal(0, await app.WithDbAsync(db => db.Registrations.CountAsync(r => r.EventId == e.Id)));
    }

    [Fact]
    public async Task A_forged_cancellation_token_is_refused_and_cancels_nothing()
    {
        var e = await app.NewEventAsync(TimeSpan.FromDays(3), capacity: 10);
        var email = SmtpInbox.NewAddress("forged");
        var real = await app.RegisterAsync(e, email);
        var client = app.CreateClient();
        var forged = real.Registration!.CancelToken[..^2] + (real.Registration.CancelToken.EndsWith("AA", StringComparison.Ordinal) ? "BB" : "AA");

        var get = await client.GetAsync($"{e.Path}/cancel?token={forged}");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Contains("This cancellation link is not valid", (await get.ReadDocumentAsync()).QuerySelector(".form-error")!.TextContent);
        var page = await client.GetDocumentAsync($"{e.Path}/cancel?token={real.Registration.CancelToken}");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var post = await client.PostAsync($"{e.Path}/cancel", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Token"] = forged,
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        // A real token for another event's address does not work on this one either.
        var other = await app.NewEventAsync(TimeSpan.FromDays(3));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{other.Path}/cancel?token={real.Registration.CancelToken}")).StatusCode);

        Assert.Equal(RegistrationStatus.Registered, await StatusAsync(email));
    }

    [Fact]
    public async Task A_spike_of_parallel_registrations_never_registers_more_than_the_places_and_queues_the_rest_in_order()
    {
        const int places = 7, people = 40;
        var e = await app.NewEventAsync(TimeSpan.FromDays(4), capacity: places);
        var emails = Enumerable.Range(0, people).Select(i => $"spike{i}-{Guid.NewGuid():N}@readers.test").ToList();

        var results = await Task.WhenAll(emails.Select(email => Task.Run(() => app.RegisterAsync(e, email))));

        Assert.Equal(places, results.Count(r => r.Outcome == EventRegistrations.Outcome.Registered));
        Assert.Equal(people - places, results.Count(r => r.Outcome == EventRegistrations.Outcome.Waiting));
        var rows = await app.WithDbAsync(db => db.Registrations.AsNoTracking().Where(r => r.EventId == e.Id).OrderBy(r => r.Id).ToListAsync());
        Assert.Equal(places, rows.Count(r => r.Status == RegistrationStatus.Registered));
        // Everyone waiting was told a distinct place in the queue, and the queue follows the order they arrived in.
        var waiting = results.Where(r => r.Outcome == EventRegistrations.Outcome.Waiting).OrderBy(r => r.Registration!.Id).ToList();
        Assert.Equal(Enumerable.Range(1, people - places), waiting.Select(r => r.Position!.Value));
        // Every registered row arrived before every waiting row.
        Assert.True(rows.Where(r => r.Status == RegistrationStatus.Registered).Max(r => r.Id) < rows.Where(r => r.Status == RegistrationStatus.Waiting).Min(r => r.Id));

        // Cancellations promote the head of the queue, one for one.
        foreach (var r in results.Where(r => r.Outcome == EventRegistrations.Outcome.Registered).Take(3))
            Assert.Equal(EventRegistrations.CancelOutcome.Cancelled, await app.WithServiceAsync<EventRegistrations, EventRegistrations.CancelOutcome>(s => s.CancelAsync(r.Registration!.CancelToken)));
        var after = await app.WithDbAsync(db => db.Registrations.AsNoTracking().Where(r => r.EventId == e.Id).ToListAsync());
        Assert.Equal(places, after.Count(r => r.Status == RegistrationStatus.Registered));
        Assert.Equal(waiting.Take(3).Select(r => r.Registration!.Id).Order(), after.Where(r => r.PromotedAt != null).Select(r => r.Id).Order());
    }

    [Fact]
    public async Task The_page_follows_the_clock_register_then_watch_live_then_the_recording()
    {
        var e = await app.NewEventAsync(TimeSpan.FromHours(1), capacity: 5, lasts: TimeSpan.FromHours(1));
        var client = app.CreateClient();

        var upcoming = await client.GetDocumentAsync(e.Path);
        Assert.NotNull(upcoming.QuerySelector(".event-register form"));
        Assert.Null(upcoming.QuerySelector(".event-watch"));

        // An instance whose clock is in the middle of the event, and one after it ends.
        await using var during = app.Sibling();
        during.Clock.SetUtcNow(new DateTimeOffset(e.StartsAt.AddMinutes(10), TimeSpan.Zero));
        await during.InitializeAsync();
        var live = await during.CreateClient().GetDocumentAsync(e.Path);
        Assert.Equal("Live now", live.QuerySelector(".event-badge")!.TextContent);
        var watch = live.QuerySelector(".event-watch--live a")!;
        Assert.Equal("Watch live", watch.TextContent);
        Assert.Equal("https://stream.example/live", watch.GetAttribute("href"));
        Assert.Null(live.QuerySelector(".event-register"));
        Assert.Equal(EventRegistrations.Outcome.Closed, (await during.RegisterAsync(e, SmtpInbox.NewAddress("late"))).Outcome);
        // The form on a page opened before the start and sent after it is told so, and nothing is kept.
        var late = SmtpInbox.NewAddress("late-form");
        var opened = app.CreateClient(new() { BaseAddress = app.ClientOptions.BaseAddress, HandleCookies = false, AllowAutoRedirect = false });
        var before = await opened.GetAsync(e.Path);
        var token = (await before.ReadDocumentAsync()).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var post = new HttpRequestMessage(HttpMethod.Post, e.Path)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Name"] = "Late Comer", ["Email"] = late, ["__RequestVerificationToken"] = token }),
        };
        post.Headers.Add("Cookie", string.Join("; ", before.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])));
        var refused = await during.CreateClient().SendAsync(post);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("Registration has closed", (await refused.ReadDocumentAsync()).QuerySelector("[role=alert]")!.TextContent);
        Assert.Equal(0, await app.WithDbAsync(db => db.Registrations.CountAsync(r => r.Email == late)));
        Assert.Equal(0, await app.WithDbAsync(db => db.Outbox.CountAsync(m => m.ToAddress == late)));

        await using var later = app.Sibling();
        later.Clock.SetUtcNow(new DateTimeOffset(e.EndsAt.AddMinutes(5), TimeSpan.Zero));
        await later.InitializeAsync();
        var past = await later.CreateClient().GetDocumentAsync(e.Path);
        Assert.Contains("recording will appear here", past.QuerySelector(".event-watch")!.TextContent);

        var campaigns = await later.SignedInClientAsync(Roles.Campaigns);
        var form = await campaigns.GetDocumentAsync($"/campaigns/events/{e.Id}/edit");
        var fields = form.QuerySelectorAll("form.form input[name^='Input.'], form.form textarea[name^='Input.']")
            .ToDictionary(i => i.GetAttribute("name")!, i => i.TagName == "TEXTAREA" ? i.TextContent : i.GetAttribute("value") ?? "");
        fields["Input.RecordingUrl"] = "https://video.example/the-meeting";
        var saved = await campaigns.PostFormAsync($"/campaigns/events/{e.Id}/edit", fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var withRecording = await later.CreateClient().GetDocumentAsync(e.Path);
        var recording = withRecording.QuerySelector(".event-watch a")!;
        Assert.Equal("Watch the event", recording.TextContent);
        Assert.Equal("https://video.example/the-meeting", recording.GetAttribute("href"));
        var stored = await app.WithDbAsync(db => db.Events.AsNoTracking().SingleAsync(x => x.Id == e.Id));
        Assert.Equal(e.StartsAt, stored.StartsAt, TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Cards_and_sitemap_entries_come_from_the_events_in_the_papers_zone()
    {
        var today = app.Today();
        var winter = new DateOnly(today.Year + 1, 1, 14);
        var upcoming = await app.NewEventAtAsync(app.London(winter, 18, 30), capacity: 20);
        var past = await app.NewEventAsync(TimeSpan.FromDays(-3), recording: "https://video.example/past", venue: null);
        var pastNoRecording = await app.NewEventAsync(TimeSpan.FromDays(-2));
        var live = await app.NewEventAsync(TimeSpan.FromMinutes(-30));

        await using var scope = app.Services.CreateAsyncScope();
        var sources = scope.ServiceProvider.GetServices<IArticleCardSource>().ToList();
        async Task<ArticleCard?> Card(string path)
        {
            foreach (var s in sources) if (await s.FindAsync(path, default) is { } card) return card;
            return null;
        }

        var card = await Card(upcoming.Path);
        Assert.NotNull(card);
        Assert.Equal("event", card.Kind);
        Assert.Equal(upcoming.Title, card.Title);
        Assert.Equal($"{winter:dddd d MMMM yyyy}, 18:30 · Hall of the People, Leeds", card.Detail);
        Assert.Equal("Register", card.ActionText);
        Assert.Equal(upcoming.Path, card.Url);
        Assert.Equal("Watch live", (await Card(live.Path))!.ActionText);
        Assert.Equal("Watch the event", (await Card(past.Path))!.ActionText);
        Assert.EndsWith("· Online", (await Card(past.Path))!.Detail);
        Assert.Equal("About the event", (await Card(pastNoRecording.Path))!.ActionText);
        Assert.Null(await Card("/events/no-such-event"));
        Assert.Null(await Card("/articles/" + upcoming.Slug));

        var entries = new List<SitemapEntry>();
        foreach (var s in scope.ServiceProvider.GetServices<ISitemapSource>()) entries.AddRange(await s.EntriesAsync(default));
        Assert.Contains(entries, x => x.Path == "/events");
        var entry = Assert.Single(entries, x => x.Path == upcoming.Path);
        Assert.Equal(upcoming.UpdatedAt, entry.LastModifiedUtc!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Contains(entries, x => x.Path == past.Path);
    }

    [Fact]
    public async Task The_listing_shows_upcoming_soonest_first_and_past_events_with_their_recordings()
    {
        var later = await app.NewEventAsync(TimeSpan.FromDays(20));
        var sooner = await app.NewEventAsync(TimeSpan.FromDays(2));
        var past = await app.NewEventAsync(TimeSpan.FromDays(-4), recording: "https://video.example/rec");
        var page = await app.CreateClient().GetDocumentAsync("/events");

        var upcomingTitles = page.QuerySelectorAll("#upcoming-heading + .event-list .event-item__title").Select(t => t.TextContent.Trim()).ToList();
        Assert.True(upcomingTitles.IndexOf(sooner.Title) < upcomingTitles.IndexOf(later.Title));
        Assert.DoesNotContain(past.Title, upcomingTitles);
        var pastItem = page.QuerySelectorAll(".event-list--past .event-item").Single(i => i.TextContent.Contains(past.Title));
        Assert.Equal("https://video.example/rec", pastItem.QuerySelector("a[href^='https://video']")!.GetAttribute("href"));
        Assert.NotNull(page.QuerySelector("nav.sections a[href='/events']"));
    }

    [Fact]
    public async Task The_event_page_lists_the_articles_featuring_it()
    {
        var e = await app.NewEventAsync(TimeSpan.FromDays(3));
        var unfeatured = await app.NewEventAsync(TimeSpan.FromDays(4));
        var (author, section) = await app.NewAuthorAndSectionAsync();
        var article = await app.PublishAsync(author, section, $"Why {e.Title} matters", $"Come along.\n\n{e.Path}\n\nBring a friend.");

        // An event no article features has no such list.
        Assert.Null((await app.CreateClient().GetDocumentAsync(unfeatured.Path)).QuerySelector("#featured-heading"));

        var page = await app.CreateClient().GetDocumentAsync(e.Path);
        Assert.Equal("Featured in", page.QuerySelector("#featured-heading")!.TextContent);
        var link = Assert.Single(page.QuerySelectorAll("#featured-heading + .more__list a"));
        Assert.Equal(article.Title, link.TextContent);
        Assert.Equal($"/articles/{article.Slug}", link.GetAttribute("href"));
    }

    private Task<RegistrationStatus> StatusAsync(string email) =>
        app.WithDbAsync(db => db.Registrations.AsNoTracking().Where(r => r.Email == email).Select(r => r.Status).SingleAsync());
}
