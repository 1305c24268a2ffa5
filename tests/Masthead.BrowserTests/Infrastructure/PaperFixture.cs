using Microsoft.Playwright;

namespace Masthead.BrowserTests.Infrastructure;

/// <summary>One running paper and one Chromium, shared by every test in <see cref="PaperCollection"/>.</summary>
public sealed class PaperFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public PaperHost Host { get; } = new();

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath(),
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
        // Auto-waiting assertions and actions get room for a slow, busy machine; they return as soon as they hold.
        Assertions.SetDefaultExpectTimeout(15_000);
    }

    /// <summary>A fresh browser context (own cookies) opened on the paper, at the given viewport.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = Host.BaseAddress.ToString(),
            ViewportSize = new() { Width = width, Height = height },
            Locale = "en-GB",
            TimezoneId = "Europe/London",
        });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        await Host.DisposeAsync();
    }

    private static string ChromiumPath()
    {
        var configured = Environment.GetEnvironmentVariable("MASTHEAD_TEST_CHROMIUM");
        var path = string.IsNullOrWhiteSpace(configured) ? "/usr/bin/chromium" : configured;
        return File.Exists(path) ? path : throw new InvalidOperationException(
            $"Chromium is not installed at {path}: run scripts/test (which installs Debian's chromium), or set " +
            "MASTHEAD_TEST_CHROMIUM to a Chromium executable. scripts/test --fast leaves the browser tests out.");
    }
}

[CollectionDefinition(Name)]
public sealed class PaperCollection : ICollectionFixture<PaperFixture>
{
    public const string Name = "The paper in a browser";
}
