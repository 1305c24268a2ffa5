using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Masthead.Infrastructure;

/// <summary>
/// Behind a proxy that ends TLS (nginx, a load balancer), the request Masthead sees comes from the proxy over http.
/// The proxy's <c>X-Forwarded-For/Proto/Host</c> headers say what the reader really sent; they are believed only
/// from addresses named here (loopback always), so a reader cannot claim another address or scheme.
/// </summary>
/// <remarks>
/// Settings: <c>ForwardedHeaders:KnownProxies</c> (addresses) and <c>ForwardedHeaders:KnownNetworks</c> (CIDR ranges),
/// each a list or one comma-separated value, e.g. <c>ForwardedHeaders__KnownNetworks=10.0.0.0/8</c>.
/// </remarks>
public static class Proxies
{
    public const string Section = "ForwardedHeaders";

    public static IHostApplicationBuilder AddProxies(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(Section);
        builder.Services.AddOptions<ForwardedHeadersOptions>()
            .Configure(o =>
            {
                o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
                // Every hop is read from the right until one is not a trusted proxy: a chain of proxies (a CDN before
                // nginx) is followed as far as it is trusted, and no further.
                o.ForwardLimit = null;
                foreach (var proxy in List(section, "KnownProxies"))
                {
                    if (IPAddress.TryParse(proxy, out var address)) o.KnownProxies.Add(address);
                }
                foreach (var network in List(section, "KnownNetworks"))
                {
                    if (System.Net.IPNetwork.TryParse(network, out var range)) o.KnownIPNetworks.Add(range);
                }
            })
            .Validate(o => List(section, "KnownProxies").All(p => IPAddress.TryParse(p, out _)),
                "ForwardedHeaders:KnownProxies must list IP addresses (e.g. 10.0.0.5), separated by commas.")
            .Validate(o => List(section, "KnownNetworks").All(n => System.Net.IPNetwork.TryParse(n, out _)),
                "ForwardedHeaders:KnownNetworks must list networks in CIDR form (e.g. 10.0.0.0/8), separated by commas.")
            .ValidateOnStart();
        builder.Services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        return builder;
    }

    /// <summary>First in the pipeline, so everything after it (HSTS, cookies, rate limits, logs) sees the reader's request.</summary>
    public static WebApplication UseProxies(this WebApplication app)
    {
        app.UseForwardedHeaders();
        return app;
    }

    private static IEnumerable<string> List(IConfigurationSection section, string key)
    {
        var setting = section.GetSection(key);
        var values = setting.GetChildren().Select(c => c.Value).Append(setting.Value);
        return values.SelectMany(v => (v ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries));
    }
}
