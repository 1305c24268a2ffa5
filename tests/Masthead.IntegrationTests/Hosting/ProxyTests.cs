using System.Net;
using System.Net.Http.Headers;
using Masthead.Infrastructure;
using Masthead.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Masthead.IntegrationTests.Hosting;

/// <summary>
/// Production on real Kestrel, reached over plain http from loopback as a proxy that ends TLS reaches it: the proxy's
/// X-Forwarded-* headers make the request https (secure cookies, anti-forgery, HSTS) and give the reader's address
/// to the rate limits.
/// </summary>
public sealed class ProxyTests : IAsyncLifetime
{
    private readonly SqliteApp _app = new() { EnvironmentName = "Production", UseRealServer = true };

    public async Task InitializeAsync()
    {
        _app.WithSetting("Readers:SignInPostsPerTenMinutes", "3");
        await _app.InitializeAsync();
    }

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Staff_sign_in_works_behind_a_proxy_that_ends_tls_and_the_answer_carries_hsts()
    {
        var email = await _app.CreateStaffAsync(Roles.Editor);
        var client = ProxiedBrowser("203.0.113.10");

        var page = await client.GetAsync("/signin");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.True(page.Headers.Contains("Strict-Transport-Security"), "HSTS was not sent for a request the proxy says was https");
        var signedIn = await client.PostFormAsync("/signin", new() { ["Email"] = email, ["Password"] = MastheadApp.StaffPassword });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/newsroom")).StatusCode);
    }

    [Fact]
    public async Task Rate_limits_count_each_reader_by_the_address_the_proxy_forwards()
    {
        // The limit is 3 posts per address here: four readers behind the same proxy each get their three.
        for (var reader = 1; reader <= 4; reader++)
        {
            var client = ProxiedBrowser($"198.51.100.{reader}");
            for (var post = 1; post <= 3; post++)
            {
                var asked = await client.PostFormAsync("/my/signin", new() { ["Email"] = $"reader{reader}@masthead.test" });
                Assert.NotEqual(HttpStatusCode.TooManyRequests, asked.StatusCode);
            }
            var fourth = await client.PostFormAsync("/my/signin", new() { ["Email"] = $"reader{reader}@masthead.test" });
            Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode);
        }
    }

    /// <summary>A reader's browser on https, reaching the app through a proxy that adds what nginx adds.</summary>
    private HttpClient ProxiedBrowser(string readerAddress)
    {
        var handler = new CookieJar().Handler(("X-Forwarded-For", readerAddress), ("X-Forwarded-Proto", "https"), ("X-Forwarded-Host", "paper.masthead.test"));
        handler.InnerHandler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false };
        return new HttpClient(handler) { BaseAddress = _app.ClientOptions.BaseAddress };
    }
}

/// <summary>Which proxies are believed, read from settings; a reader's own X-Forwarded-* headers are not.</summary>
public sealed class ForwardedHeaderSettingsTests
{
    private static async Task<HttpContext> ThroughProxiesAsync(string remote, Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddProxies();
        using var services = builder.Services.BuildServiceProvider();
        var context = new DefaultHttpContext { Connection = { RemoteIpAddress = IPAddress.Parse(remote) } };
        context.Request.Scheme = "http";
        context.Request.Headers["X-Forwarded-For"] = "192.0.2.44";
        context.Request.Headers["X-Forwarded-Proto"] = "https";
        var middleware = new ForwardedHeadersMiddleware(_ => Task.CompletedTask,
            Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, services.GetRequiredService<IOptions<ForwardedHeadersOptions>>());
        await middleware.Invoke(context);
        return context;
    }

    [Theory]
    [InlineData("127.0.0.1", null, null, true)]
    [InlineData("::1", null, null, true)]
    [InlineData("203.0.113.7", null, null, false)]
    [InlineData("10.1.2.3", "10.1.2.3", null, true)]
    [InlineData("10.1.2.3", "10.9.9.9, 10.1.2.3", null, true)]
    [InlineData("10.1.2.3", null, "10.0.0.0/8", true)]
    [InlineData("172.16.0.9", null, "10.0.0.0/8", false)]
    public async Task Forwarded_headers_are_believed_only_from_loopback_and_configured_proxies(
        string remote, string? proxies, string? networks, bool believed)
    {
        var context = await ThroughProxiesAsync(remote, new()
        {
            ["ForwardedHeaders:KnownProxies"] = proxies,
            ["ForwardedHeaders:KnownNetworks"] = networks,
        });
        Assert.Equal(believed ? "https" : "http", context.Request.Scheme);
        Assert.Equal(believed ? "192.0.2.44" : remote, context.Connection.RemoteIpAddress!.ToString());
    }

    [Theory]
    [InlineData("ForwardedHeaders:KnownProxies", "nginx.internal", "ForwardedHeaders:KnownProxies must list IP addresses")]
    [InlineData("ForwardedHeaders:KnownNetworks", "10.0.0.0", "ForwardedHeaders:KnownNetworks must list networks in CIDR form")]
    public void A_proxy_setting_that_is_not_an_address_is_refused_at_start(string key, string value, string message)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [key] = value });
        builder.AddProxies();
        using var services = builder.Services.BuildServiceProvider();
        var refusal = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(refusal.Failures, f => f.StartsWith(message, StringComparison.Ordinal));
    }
}
