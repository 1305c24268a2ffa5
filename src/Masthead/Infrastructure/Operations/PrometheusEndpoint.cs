using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Masthead.Infrastructure.Operations;

public sealed class PrometheusOptions
{
    public const string SectionName = "Metrics:Prometheus";

    /// <summary>The port of the scrape endpoint; none (the default) leaves it off. 0 takes any free port (tests).</summary>
    [Range(0, 65535, ErrorMessage = "Metrics:Prometheus:Port must be a port number (1-65535).")]
    public int? Port { get; set; }

    /// <summary>The address it listens on: loopback unless the scraper is on another machine.</summary>
    public string Address { get; set; } = "127.0.0.1";
}

/// <summary>
/// Prometheus's <c>/metrics</c>, served by a small server of its own on <see cref="PrometheusOptions.Port"/>, so it can
/// never be reached through the public port or the proxy in front of it, whatever addresses the public server is
/// given (<c>--urls</c>, <c>ASPNETCORE_HTTP_PORTS</c>, Kestrel endpoints). It reads the app's own meters.
/// </summary>
public sealed class PrometheusEndpoint(MeterProvider meters, IOptions<PrometheusOptions> options, ILoggerFactory logs) : IHostedService
{
    public const string Path = "/metrics";
    private WebApplication? _server;

    /// <summary>Where it listens, once started (e.g. http://127.0.0.1:9464).</summary>
    public Uri? Address { get; private set; }

    public async Task StartAsync(CancellationToken ct)
    {
        var o = options.Value;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton(logs);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Parse(o.Address), o.Port!.Value));
        _server = builder.Build();
        _server.UseOpenTelemetryPrometheusScrapingEndpoint(meters, predicate: null, Path, configureBranchedPipeline: null, optionsName: null);
        await _server.StartAsync(ct);
        Address = new Uri(_server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async Task StopAsync(CancellationToken ct)
    {
        // The host may stop its services more than once (a test host does); the first call stops the server.
        if (Interlocked.Exchange(ref _server, null) is not { } server) return;
        await server.StopAsync(ct);
        await server.DisposeAsync();
    }
}

public static class PrometheusSetup
{
    /// <summary>Registers the scrape endpoint when <c>Metrics:Prometheus:Port</c> is set; says whether it did.</summary>
    public static bool AddPrometheusEndpoint(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PrometheusOptions>().BindConfiguration(PrometheusOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => IPAddress.TryParse(o.Address, out _), "Metrics:Prometheus:Address must be an IP address, such as 127.0.0.1 or 0.0.0.0.")
            .ValidateOnStart();
        if (builder.Configuration[$"{PrometheusOptions.SectionName}:Port"] is not { Length: > 0 }) return false;
        builder.Services.AddSingleton<PrometheusEndpoint>();
        builder.Services.AddHostedService(s => s.GetRequiredService<PrometheusEndpoint>());
        return true;
    }
}
