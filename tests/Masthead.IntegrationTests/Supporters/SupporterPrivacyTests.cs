using System.Collections.Concurrent;
using System.Globalization;
using Masthead.Features.Supporters;
using Masthead.Infrastructure.Payments;
using Masthead.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Masthead.IntegrationTests.Supporters;

/// <summary>A supporter's name and email never reach a public page, a feed, the logs or a webhook's recorded message.</summary>
public sealed class SupporterPrivacyTests : IAsyncLifetime
{
    private sealed class LogCapture : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();
        public ILogger CreateLogger(string category) => new Logger(this, category);
        public void Dispose() { }

        private sealed class Logger(LogCapture owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel level) => true;
            public void Log<TState>(LogLevel level, EventId id, TState state, Exception? e, Func<TState, Exception?, string> format) =>
                owner.Lines.Enqueue($"{category}: {format(state, e)} {e}");
        }
    }

    private readonly LogCapture _logs = new();
    private readonly SqliteApp _app = new();

    public async Task InitializeAsync()
    {
        _app.ExtraServices.Add(s => s.AddSingleton<ILoggerProvider>(_logs));
        await _app.InitializeAsync();
    }

    public Task DisposeAsync() => _app.DisposeAsync();

    [Trait("Needs", "Smtp")]
    [Fact]
    public async Task A_supporters_name_and_email_stay_out_of_public_pages_feeds_logs_and_webhook_notes()
    {
        const string name = "Zebedee Quartermain";
        var email = SmtpInbox.NewAddress("zq-private");
        var scheme = await _app.NewSchemeAsync(900);
        var client = _app.CreateClient();

        var started = await client.PostFormAsync("/support", new() { ["SchemeId"] = scheme.Id.ToString(CultureInfo.InvariantCulture), ["Name"] = name, ["Email"] = email });
        var checkout = started.Headers.Location!.ToString();
        var sandboxPage = await (await client.GetAsync(checkout)).Content.ReadAsStringAsync();
        var thanks = (await client.PostFormAsync(checkout, [])).Headers.Location!.ToString();
        var supporter = await _app.WithDbAsync(db => db.Supporters.AsNoTracking().SingleAsync(s => s.Email == email));
        Assert.Equal(SupporterState.Active, supporter.State);
        // A failed payment, and an event about a subscription no one knows, take the other paths that log and record notes.
        var staff = await _app.SignedInClientAsync(Roles.Finance);
        await staff.PostFormAsync($"/supporters/{supporter.Id}?handler=SandboxFail", [], formPage: $"/supporters/{supporter.Id}");
        var now = _app.Clock.GetUtcNow();
        await client.DeliverAsync(StripeEvents.Event("invoice.paid", SupporterFixtures.Invoice(StripeEvents.NewId("in"), StripeEvents.NewId("sub"), 900, now), now), now);
        await SmtpInbox.WaitForAsync(email, 2, _app);

        var seen = new List<(string Where, string Text)> { (checkout, sandboxPage) };
        foreach (var url in new[] { "/", "/fund", "/support", thanks, "/feed.xml", "/sitemap.xml", "/fighting-fund/embed", "/api/fighting-fund",
                     "/donate", "/search?q=supporter", "/my/signin" })
        {
            seen.Add((url, await (await _app.CreateClient().GetAsync(url)).Content.ReadAsStringAsync()));
        }
        var notes = await _app.WithDbAsync(db => db.WebhookEvents.AsNoTracking().Select(e => e.Note ?? "").ToListAsync());
        seen.AddRange(notes.Select(n => ("webhook note", n)));
        seen.AddRange(_logs.Lines.Select(l => ("log", l)));

        Assert.Contains(seen, s => s.Where == "log" && s.Text.Contains($"supporter {supporter.Id}")); // the capture works
        foreach (var (where, text) in seen)
        {
            Assert.False(text.Contains(email, StringComparison.OrdinalIgnoreCase), $"{where} shows the supporter's email");
            Assert.False(text.Contains(email.Split('@')[0], StringComparison.OrdinalIgnoreCase), $"{where} shows the supporter's address");
            Assert.False(text.Contains("Quartermain", StringComparison.OrdinalIgnoreCase), $"{where} shows the supporter's name");
        }
    }
}
