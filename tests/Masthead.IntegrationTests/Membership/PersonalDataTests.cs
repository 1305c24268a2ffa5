using System.Collections.Concurrent;
using System.Net;
using Masthead.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Masthead.IntegrationTests.Membership;

/// <summary>
/// An applicant's and member's personal data — name, email, postal address — stays with the roles that need it:
/// never on public pages or feeds, never in the application's logs or in error messages.
/// </summary>
public sealed class PersonalDataTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private sealed class CapturedLogs : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();
        public ILogger CreateLogger(string category) => new Logger(this, category);
        public void Dispose() { }

        private sealed class Logger(CapturedLogs logs, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel level) => true;
            public void Log<TState>(LogLevel level, EventId id, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                logs.Lines.Enqueue($"{category}: {formatter(state, exception)} {exception}");
        }
    }

    [Fact]
    public async Task Personal_data_of_applicants_and_members_is_in_no_public_page_feed_log_or_error()
    {
        var logs = new CapturedLogs();
        var site = app.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddLogging(l => l.AddProvider(logs).SetMinimumLevel(LogLevel.Trace))));
        site.ClientOptions.AllowAutoRedirect = false;
        site.ClientOptions.BaseAddress = new Uri("https://localhost");
        var tag = Guid.NewGuid().ToString("N")[..8];
        var (name, street, postcode, email) = ($"Philippa Quimby{tag}", $"{tag} Larkspur Terrace", "QX9 9QX", $"pq-{tag}@private.test");
        var secrets = new[] { name, street, postcode, email, "Quimby" };

        var reader = site.CreateClient();
        var bad = await reader.PostFormAsync("/shares", ShareApplicationTests<SqliteApp>.Form(email, "5", name: name, address: street, postcode: postcode));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problems = (await bad.ReadDocumentAsync()).QuerySelector("form")!.QuerySelectorAll(".field-error").Select(e => e.TextContent).ToList();
        Assert.Contains(problems, p => p.StartsWith("Shares must be between", StringComparison.Ordinal));
        Assert.All(secrets, s => Assert.All(problems, p => Assert.DoesNotContain(s, p)));
        var started = await reader.PostFormAsync("/shares", ShareApplicationTests<SqliteApp>.Form(email, "30", name: name, address: street, postcode: postcode));
        var checkout = started.Headers.Location!.OriginalString;
        var checkoutPage = await (await reader.GetAsync(checkout)).Content.ReadAsStringAsync();
        var paid = await reader.PostFormAsync(checkout, []);
        var applied = await (await reader.GetAsync(paid.Headers.Location!.OriginalString)).Content.ReadAsStringAsync();

        var staffEmail = await app.CreateStaffAsync(Roles.Membership);
        var committee = site.CreateClient();
        Assert.Equal(HttpStatusCode.Redirect, (await committee.PostFormAsync("/signin", new() { ["Email"] = staffEmail, ["Password"] = MastheadApp.StaffPassword })).StatusCode);
        var application = await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.ShareApplications, a => a.Email == email));
        var approved = await committee.PostFormAsync($"/membership/applications/{application.Id}?handler=Approve", [], formPage: $"/membership/applications/{application.Id}");
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        Assert.Contains(name, await (await committee.GetAsync(approved.Headers.Location!.OriginalString)).Content.ReadAsStringAsync()); // staff see it
        var finance = site.CreateClient();
        var financeEmail = await app.CreateStaffAsync(Roles.Finance, Roles.Editor);
        await finance.PostFormAsync("/signin", new() { ["Email"] = financeEmail, ["Password"] = MastheadApp.StaffPassword });
        Assert.Equal(HttpStatusCode.Forbidden, (await finance.GetAsync("/membership/members")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await finance.GetAsync("/membership/export")).StatusCode);

        var publicPages = new List<string> { checkoutPage, applied };
        foreach (var url in new[] { "/", "/shares", "/fund", "/feed.xml", "/sitemap.xml", "/api/fighting-fund", "/donate" })
        {
            var response = await site.CreateClient().GetAsync(url);
            Assert.True(response.IsSuccessStatusCode, $"{url} answered {(int)response.StatusCode}");
            publicPages.Add(await response.Content.ReadAsStringAsync());
        }
        // Search echoes the words asked for, but finds nothing of the register.
        var search = await site.CreateClient().GetDocumentAsync($"/search?q={Uri.EscapeDataString(street)}");
        Assert.Empty(search.QuerySelectorAll(".search-results li"));
        foreach (var secret in secrets)
        {
            Assert.All(publicPages, page => Assert.DoesNotContain(secret, page, StringComparison.OrdinalIgnoreCase));
            Assert.All(logs.Lines, line => Assert.DoesNotContain(secret, line, StringComparison.OrdinalIgnoreCase));
        }
        Assert.NotEmpty(logs.Lines);
        await site.DisposeAsync();
    }
}
