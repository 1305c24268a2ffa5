using System.Net;
using Masthead.Features.Events;
using Masthead.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Masthead.IntegrationTests.Events;

public sealed class EventDeskTests_Sqlite(SqliteApp app) : EventDeskTests<SqliteApp>(app);
[Trait("Needs", "PostgreSQL")]
public sealed class EventDeskTests_Postgres(PostgresApp app) : EventDeskTests<PostgresApp>(app);

/// <summary>The Campaigns desk creates and edits events and exports registrations; the calendar feed lists what is coming.</summary>
public abstract class EventDeskTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : MastheadApp
{
    private static Dictionary<string, string> Form(string title, string starts, string ends, string capacity = "", string slug = "") => new()
    {
        ["Input.Title"] = title,
        ["Input.Slug"] = slug,
        ["Input.Description"] = "An evening of **reports** from the branches.",
        ["Input.Starts"] = starts,
        ["Input.Ends"] = ends,
        ["Input.Venue"] = "",
        ["Input.StreamUrl"] = "https://stream.example/branches",
        ["Input.RecordingUrl"] = "",
        ["Input.Capacity"] = capacity,
    };

    [Fact]
    public async Task Campaigns_staff_create_an_event_whose_time_is_read_in_London_on_both_sides_of_the_clock_change()
    {
        var campaigns = await app.SignedInClientAsync(Roles.Campaigns);
        var year = app.Today().Year + 1;
        var title = $"Branch reports {Guid.NewGuid():N}"[..30];
        var created = await campaigns.PostFormAsync("/campaigns/events/new",
            Form(title, $"{year}-06-02T19:30", $"{year}-06-02T21:00", "80"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);

        var e = await app.WithDbAsync(db => db.Events.AsNoTracking().SingleAsync(x => x.Title == title));
        Assert.Equal(new DateTime(year, 6, 2, 18, 30, 0, DateTimeKind.Utc), e.StartsAt);
        Assert.True(e.IsOnline);
        Assert.Equal(80, e.Capacity);
        var desk = await campaigns.GetDocumentAsync(created.Headers.Location!.OriginalString);
        Assert.Equal(title, desk.QuerySelector("h1")!.TextContent);

        var winter = await campaigns.PostFormAsync($"/campaigns/events/{e.Id}/edit",
            Form(title, $"{year}-12-02T19:30", $"{year}-12-02T21:00", "80", e.Slug));
        Assert.Equal(HttpStatusCode.Redirect, winter.StatusCode);
        e = await app.WithDbAsync(db => db.Events.AsNoTracking().SingleAsync(x => x.Id == e.Id));
        Assert.Equal(new DateTime(year, 12, 2, 19, 30, 0, DateTimeKind.Utc), e.StartsAt);

        var page = await app.CreateClient().GetDocumentAsync(e.Path);
        Assert.Contains("19:30 to 21:00 (London time)", page.QuerySelector(".event__facts")!.TextContent);
    }

    [Theory]
    [InlineData("", "T19:00", "T21:00", "", "Give the event a title.")]
    [InlineData("Rally", "T19:00", "T18:00", "", "The event must end after it starts.")]
    [InlineData("Rally", "T19:00", "T21:00", "0", "Capacity is a whole number of places")]
    [InlineData("Rally", "", "T21:00", "", "Say when the event starts.")]
    [InlineData("Rally", "SPRING", "T21:00", "", "That time does not exist here")]
    public async Task Bad_event_forms_get_a_clear_message_and_create_nothing(string title, string starts, string ends, string capacity, string message)
    {
        var campaigns = await app.SignedInClientAsync(Roles.Campaigns);
        var day = $"{app.Today().Year + 1}-05-05";
        // 01:30 on the last Sunday of March does not exist in London: the clocks jump from 01:00 to 02:00.
        var spring = LastSunday(app.Today().Year + 1, 3);
        var before = await app.WithDbAsync(db => db.Events.CountAsync());
        var form = Form(title, starts == "SPRING" ? $"{spring:yyyy-MM-dd}T01:30" : starts == "" ? "" : day + starts,
            starts == "SPRING" ? $"{spring:yyyy-MM-dd}T03:00" : day + ends, capacity);
        form["Input.Description"] = "x";

        var response = await campaigns.PostFormAsync("/campaigns/events/new", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, (await response.ReadDocumentAsync()).QuerySelector("form.form")!.TextContent);
        Assert.Equal(before, await app.WithDbAsync(db => db.Events.CountAsync()));
    }

    [Trait("Needs", "Smtp")]
    [Fact]
    public async Task Capacity_cannot_drop_below_the_registered_and_raising_it_promotes_the_people_waiting()
    {
        var e = await app.NewEventAsync(TimeSpan.FromDays(6), capacity: 2);
        var emails = Enumerable.Range(0, 4).Select(i => SmtpInbox.NewAddress($"cap{i}")).ToList();
        foreach (var email in emails) await app.RegisterAsync(e, email);
        var campaigns = await app.SignedInClientAsync(Roles.Campaigns);
        var local = (await app.WithDbAsync(db => db.Events.AsNoTracking().SingleAsync(x => x.Id == e.Id)));
        string Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(utc, TimeZoneInfo.FindSystemTimeZoneById("Europe/London")).ToString("yyyy-MM-ddTHH:mm");

        var lower = await campaigns.PostFormAsync($"/campaigns/events/{e.Id}/edit", Form(e.Title, Local(local.StartsAt), Local(local.EndsAt), "1", e.Slug));
        Assert.Equal(HttpStatusCode.BadRequest, lower.StatusCode);
        Assert.Contains("2 people are registered already", (await lower.ReadDocumentAsync()).QuerySelector("form.form")!.TextContent);

        var raise = await campaigns.PostFormAsync($"/campaigns/events/{e.Id}/edit", Form(e.Title, Local(local.StartsAt), Local(local.EndsAt), "3", e.Slug));
        Assert.Equal(HttpStatusCode.Redirect, raise.StatusCode);
        var statuses = await app.WithDbAsync(db => db.Registrations.AsNoTracking().Where(r => r.EventId == e.Id).OrderBy(r => r.Id).Select(r => r.Status).ToListAsync());
        Assert.Equal([RegistrationStatus.Registered, RegistrationStatus.Registered, RegistrationStatus.Registered, RegistrationStatus.Waiting], statuses);
        Assert.Contains(await SmtpInbox.WaitForAsync(emails[2], 2, app), m => m.Subject.StartsWith("A place came up", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Registrations_export_as_CSV_in_queue_order_with_formulas_defused()
    {
        var e = await app.NewEventAsync(TimeSpan.FromDays(6), capacity: 1);
        await app.RegisterAsync(e, "first@readers.test", "Tomás First");
        await app.RegisterAsync(e, "second@readers.test", CsvDownload.Formula);
        await app.RegisterAsync(e, "third@readers.test", "Third Person");
        var campaigns = await app.SignedInClientAsync(Roles.Campaigns);

        var page = await campaigns.GetDocumentAsync($"/campaigns/events/{e.Id}");
        Assert.Contains("1 registered", page.QuerySelector("main")!.TextContent);
        Assert.Contains("2 waiting", page.QuerySelector("main")!.TextContent);

        var lines = await CsvDownload.ReadAsync(await campaigns.GetAsync($"/campaigns/events/{e.Id}/registrations.csv"), $"{e.Slug}-registrations.csv");
        Assert.Equal("Status,Queue,Name,Email,Registered at,Promoted at,Cancelled at", lines[0]);
        Assert.StartsWith("Registered,,Tomás First,first@readers.test,", lines[1]);
        Assert.Equal(lines[2], CsvDownload.AssertDefused(lines));
        Assert.StartsWith($"Waiting,1,{CsvDownload.Defused},second@readers.test,", lines[2]);
        Assert.StartsWith("Waiting,2,Third Person,third@readers.test,", lines[3]);
        Assert.Equal(4, lines.Length);

        var editor = await app.SignedInClientAsync(Roles.Editor);
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.GetAsync($"/campaigns/events/{e.Id}/registrations.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await app.CreateClient().GetAsync($"/campaigns/events/{e.Id}/registrations.csv")).StatusCode);
    }

    [Fact]
    public async Task The_calendar_feed_lists_events_to_come_at_the_right_London_times_and_leaves_past_ones_out()
    {
        var year = app.Today().Year + 1;
        var winter = await app.NewEventAtAsync(app.London(new DateOnly(year, 2, 10), 19));
        var summer = await app.NewEventAtAsync(app.London(new DateOnly(year, 4, 10), 19));
        var past = await app.NewEventAsync(TimeSpan.FromDays(-1));

        var response = await app.CreateClient().GetAsync("/events.ics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType!.MediaType);
        var calendar = EventBuilder.ParseCalendar(await response.Content.ReadAsStringAsync());

        Assert.DoesNotContain(calendar.Events, x => x.Summary == past.Title);
        var w = Assert.Single(calendar.Events, x => x.Summary == winter.Title);
        var s = Assert.Single(calendar.Events, x => x.Summary == summer.Title);
        Assert.Equal(new DateTime(year, 2, 10, 19, 0, 0, DateTimeKind.Utc), w.DtStart!.AsUtc);
        // After the clocks go forward, 19:00 in London is 18:00 UTC.
        Assert.Equal(new DateTime(year, 4, 10, 18, 0, 0, DateTimeKind.Utc), s.DtStart!.AsUtc);
        Assert.Equal(19, s.DtStart.Value.Hour);
        Assert.Equal("Hall of the People, Leeds", s.Location);
        Assert.EndsWith(summer.Path, s.Url!.ToString());
        Assert.DoesNotContain("<script>", s.Description);

        var one = EventBuilder.ParseCalendar(await app.CreateClient().GetStringAsync($"{summer.Path}/calendar.ics"));
        Assert.Equal(s.DtStart.AsUtc, Assert.Single(one.Events).DtStart!.AsUtc);
    }

    [Fact]
    public async Task Registration_posts_are_rate_limited_per_address_and_the_refused_ones_change_nothing()
    {
        await using var limited = Activator.CreateInstance<TApp>();
        limited.WithSetting("Events:FormPostsPerAddress", "3");
        await limited.InitializeAsync();
        var e = await limited.NewEventAsync(TimeSpan.FromDays(2), capacity: 100);
        var client = limited.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
            statuses.Add((await client.PostFormAsync(e.Path, new() { ["Name"] = $"Flood {i}", ["Email"] = $"flood{i}-{Guid.NewGuid():N}@readers.test" })).StatusCode);

        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(3, await limited.WithDbAsync(db => db.Registrations.CountAsync(r => r.EventId == e.Id)));
    }

    private static DateOnly LastSunday(int year, int month)
    {
        var d = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        while (d.DayOfWeek != DayOfWeek.Sunday) d = d.AddDays(-1);
        return d;
    }
}
