using System.Text;
using Ical.Net;
using Masthead.BrowserTests.Infrastructure;
using Masthead.Features.Events;
using Masthead.Features.Publishing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;
using static Microsoft.Playwright.Assertions;

namespace Masthead.BrowserTests;

public sealed class EventTests(PaperFixture paper) : PaperTest(paper)
{
    [Fact]
    public async Task A_reader_registers_and_the_emailed_calendar_file_has_the_London_time()
    {
        // A date in British Summer Time, when 19:00 in London is 18:00 UTC.
        var date = new DateOnly(DateTime.UtcNow.Year + 1, 7, 9);
        var e = await CreateEventAsync(date, new TimeOnly(19, 0), capacity: 40);
        var email = $"browser-reader-{Guid.NewGuid():N}@readers.test";
        var page = await OpenPageAsync(390, 844);

        await page.GotoAsync("/events");
        await page.GetByRole(AriaRole.Link, new() { Name = e.Title }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(e.Title);
        await Expect(page.Locator(".event__facts")).ToContainTextAsync("19:00 to 21:00 (London time)");
        await page.GetByLabel("Your name").FillAsync("Browser Reader");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Email" }).FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("You're registered");
        await Expect(page.Locator(".event__facts")).ToContainTextAsync("39 of 40 left");

        var mail = await Inbox.WaitForFirstAsync(email);
        Assert.Contains(e.Title, mail.Subject);
        var ics = mail.Attachments.OfType<MimePart>().Single(p => p.ContentType.MimeType == "text/calendar");
        using var bytes = new MemoryStream();
        await ics.Content!.DecodeToAsync(bytes);
        var entry = Calendar.Load(Encoding.UTF8.GetString(bytes.ToArray()))!.Events.Single();
        Assert.Equal(e.Title, entry.Summary);
        Assert.Equal("Europe/London", entry.DtStart!.TzId);
        Assert.Equal(date.ToDateTime(new TimeOnly(19, 0)), entry.DtStart.Value);
        Assert.Equal(DateTime.SpecifyKind(date.ToDateTime(new TimeOnly(18, 0)), DateTimeKind.Utc), entry.DtStart.AsUtc);
    }

    [Fact]
    public async Task When_the_event_has_passed_staff_add_the_recording_and_readers_see_it()
    {
        var e = await CreateEventAsync(DateOnly.FromDateTime(DateTime.UtcNow.AddDays(3)), new TimeOnly(18, 30), capacity: null);
        var reader = await OpenPageAsync();
        await reader.GotoAsync(e.Path);
        await Expect(reader.GetByRole(AriaRole.Button, new() { Name = "Register" })).ToBeVisibleAsync();

        // The event is moved to yesterday: it has passed.
        var desk = await OpenNewsroomAsync();
        await desk.GotoAsync("/campaigns/events");
        await desk.GetByRole(AriaRole.Row).Filter(new() { HasText = e.Title }).GetByRole(AriaRole.Link, new() { Name = "Edit" }).ClickAsync();
        var yesterday = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd");
        await desk.GetByLabel("Starts").FillAsync($"{yesterday}T18:30");
        await desk.GetByLabel("Ends").FillAsync($"{yesterday}T20:00");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Save the event" }).ClickAsync();
        await Expect(desk.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved the event");

        await reader.ReloadAsync();
        await Expect(reader.GetByText("This event has taken place")).ToBeVisibleAsync();
        await Expect(reader.GetByText("The recording will appear here once it is ready.")).ToBeVisibleAsync();
        await Expect(reader.GetByRole(AriaRole.Button, new() { Name = "Register" })).ToHaveCountAsync(0);

        await desk.GetByRole(AriaRole.Link, new() { Name = "Add the recording link" }).ClickAsync();
        await desk.GetByLabel("Recording link").FillAsync("https://video.example/branch-meeting");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Save the event" }).ClickAsync();
        await Expect(desk.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved the event");

        await reader.ReloadAsync();
        var watch = reader.GetByRole(AriaRole.Link, new() { Name = "Watch the event" });
        await Expect(watch).ToHaveAttributeAsync("href", "https://video.example/branch-meeting");
        await reader.GotoAsync("/events");
        await Expect(reader.Locator(".event-list--past").GetByRole(AriaRole.Link, new() { Name = e.Title })).ToBeVisibleAsync();
    }

    public static TheoryData<string, int> Views => new()
    {
        { "/events", 390 }, { "/events", 1280 },
        { "/events/peoples-assembly-on-housing", 390 }, { "/events/peoples-assembly-on-housing", 1280 },
        { "/events/strike-school-gig-economy", 1280 },
    };

    [Theory]
    [MemberData(nameof(Views))]
    public async Task Event_pages_are_styled_and_fit_the_screen(string path, int width)
    {
        var page = await OpenPageAsync(width, width < 600 ? 844 : 900);
        await page.GotoAsync(path);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        await page.EvaluateAsync("() => document.fonts.ready");
        // The events stylesheet applied: the listing's date blocks and the event's facts are laid out, not bare text.
        var styled = path == "/events" ? page.Locator(".event-item__date").First : page.Locator(".event__facts");
        await Expect(styled).ToHaveCSSAsync("display", path == "/events" ? "block" : "grid");
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"{path} is {overflow}px wider than a {width}px screen.");

        var folder = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"events{path.Replace('/', '-')}-{width}.png"), FullPage = true });
    }

    [Theory]
    [InlineData("/campaigns/events", 390)]
    [InlineData("/campaigns/events/1", 1280)]
    [InlineData("/campaigns/events/1/edit", 390)]
    public async Task The_event_desk_fits_the_screen(string path, int width)
    {
        var page = await OpenNewsroomAsync();
        await page.SetViewportSizeAsync(width, width < 600 ? 844 : 900);
        await page.GotoAsync(path);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        var folder = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"desk{path.Replace('/', '-')}-{width}.png"), FullPage = true });
        var widest = overflow <= 0 ? "" : await page.EvaluateAsync<string>(
            "() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth).map(e => e.tagName + '.' + e.className).slice(0, 8).join(', ')");
        Assert.True(overflow <= 0, $"{path} is {overflow}px wider than a {width}px screen: {widest}");
    }

    private async Task<Event> CreateEventAsync(DateOnly date, TimeOnly time, int? capacity)
    {
        await using var scope = Paper.Host.Services.CreateAsyncScope();
        var clock = scope.ServiceProvider.GetRequiredService<PaperClock>();
        var start = clock.LocalToUtc(date.ToDateTime(time));
        var tag = Guid.NewGuid().ToString("N")[..8];
        var (saved, problem) = await scope.ServiceProvider.GetRequiredService<EventRegistrations>().SaveEventAsync(null,
            new($"branch-meeting-{tag}", $"Branch meeting {tag}", "Reports from the branches, then **questions** from the floor.",
                "Trades Hall, Leeds", "https://stream.example/branch", null, capacity, start, start.AddHours(2)));
        Assert.Null(problem);
        return saved!;
    }
}
