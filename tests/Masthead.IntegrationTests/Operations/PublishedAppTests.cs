using System.Net;
using Masthead.IntegrationTests.Infrastructure;

namespace Masthead.IntegrationTests.Operations;

/// <summary>The published app, started as a service manager starts it: from a folder that is not its own.</summary>
[Collection(PublishedCollection.Name)]
[Trait("Needs", "Publish")]
public sealed class PublishedAppTests(PublishedMasthead published) : IAsyncLifetime
{
    private readonly string _elsewhere = Directory.CreateTempSubdirectory("masthead-elsewhere-").FullName;
    private readonly string _data = Directory.CreateTempSubdirectory("masthead-data-").FullName;

    private Dictionary<string, string> Settings => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Paper__BaseUrl"] = "https://paper.example.org",
        ["Database__Provider"] = "Sqlite",
        ["DataProtection__Certificate"] = TestCertificate.Path,
        ["DataProtection__CertificatePassword"] = TestCertificate.Password,
        ["ConnectionStrings__Masthead"] = $"Data Source={Path.Combine(_data, "paper.db")}",
    };

    [Fact]
    public async Task Started_from_another_folder_it_serves_its_own_files_settings_and_health()
    {
        await using var app = await published.StartAsync(_elsewhere, Settings);
        using var client = new HttpClient { BaseAddress = app.Address };

        var css = await client.GetAsync("/css/site.css");
        Assert.True(css.StatusCode == HttpStatusCode.OK, $"/css/site.css answered {css.StatusCode}: wwwroot was not found.\n{app.Output}");
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);

        var front = await client.GetDocumentAsync("/");
        Assert.Equal(PublishedMasthead.Tagline, front.QuerySelector(".masthead__tagline")?.TextContent.Trim());
        Assert.Equal("https://paper.example.org/", front.QuerySelector("link[rel=canonical]")?.GetAttribute("href"));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        var ready = await client.GetAsync("/readyz");
        Assert.True(ready.StatusCode == HttpStatusCode.OK, $"/readyz answered {ready.StatusCode}: {await ready.Content.ReadAsStringAsync()}");

        // The shipped appsettings.json keeps EF Core's per-query logging at Warning.
        Assert.DoesNotContain("Executed DbCommand", app.Output, StringComparison.Ordinal);
        // It wrote its database where it was told, and nothing where it happened to be started.
        Assert.True(File.Exists(Path.Combine(_data, "paper.db")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_elsewhere));
    }

    [Fact]
    public async Task The_published_command_line_migrates_from_another_folder()
    {
        var output = await published.RunAsync(_elsewhere, Settings, "migrate");
        Assert.True(File.Exists(Path.Combine(_data, "paper.db")), output);
        await using var app = await published.StartAsync(_elsewhere, Settings);
        using var client = new HttpClient { BaseAddress = app.Address };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_elsewhere, recursive: true);
        Directory.Delete(_data, recursive: true);
        return Task.CompletedTask;
    }
}
