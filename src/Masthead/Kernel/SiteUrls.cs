using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Masthead.Kernel;

/// <summary>
/// The one way to write an absolute address on this site: emailed links, feeds, the sitemap, robots.txt, canonical
/// links, JSON-LD, calendars and checkout return addresses are all built on the configured <c>Paper:BaseUrl</c>.
/// Never on the request's Host header: a client chooses that, and a sign-in link mailed to evil.example, or a page
/// cached with its canonical link, would then point wherever the asker liked.
/// </summary>
public static partial class SiteUrls
{
    public const string Missing =
        "Paper:BaseUrl is not set, and outside Development Masthead will not guess it: set Paper__BaseUrl to the paper's "
        + "public address, e.g. https://paper.example.org (every emailed and published link is built on it).";

    public const string Malformed =
        "Paper:BaseUrl must be an absolute http or https address with no query or fragment, e.g. https://paper.example.org.";

    public const string PortZero =
        "Paper:BaseUrl is on port 0, a port the system picks only when the app starts: set Paper__BaseUrl to the address "
        + "readers reach, e.g. http://127.0.0.1:5080.";

    /// <summary>Kestrel's own default when nothing says where to listen.</summary>
    private const string KestrelDefault = "http://localhost:5000";

    /// <summary>An absolute address on this site: the base address followed by <paramref name="path"/> ("/articles/x"; "" for the site itself).</summary>
    public static string Absolute(PaperOptions paper, string path) => Root(paper) + path;

    /// <summary>The base address without a trailing slash.</summary>
    public static string Root(PaperOptions paper) =>
        string.IsNullOrWhiteSpace(paper.BaseUrl) ? throw new InvalidOperationException(Missing) : paper.BaseUrl.TrimEnd('/');

    /// <summary>The site-relative path of an absolute link on this site (under the base address), or null when it leads elsewhere.</summary>
    public static string? PathOf(PaperOptions paper, Uri link)
    {
        if (!Uri.TryCreate(paper.BaseUrl, UriKind.Absolute, out var root)) return null;
        if (!string.Equals(link.Authority, root.Authority, StringComparison.OrdinalIgnoreCase)) return null;
        var under = root.AbsolutePath.TrimEnd('/');
        var path = link.AbsolutePath;
        if (under.Length == 0) return path;
        return path.Equals(under, StringComparison.OrdinalIgnoreCase) ? "/"
            : path.StartsWith(under + "/", StringComparison.OrdinalIgnoreCase) ? path[under.Length..] : null;
    }

    /// <summary>
    /// Registers the paper's base address: checked at start wherever it is set, and, in Development only when it is
    /// not set, taken from where the app is told to listen (see <see cref="ListeningAddress"/>), never from a request.
    /// </summary>
    public static IHostApplicationBuilder AddSiteUrls(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PaperOptions>()
            .PostConfigure<IConfiguration, IHostEnvironment>((paper, configuration, environment) =>
            {
                if (environment.IsDevelopment() && string.IsNullOrWhiteSpace(paper.BaseUrl)) paper.BaseUrl = ListeningAddress(configuration);
            })
            .Validate(paper => string.IsNullOrWhiteSpace(paper.BaseUrl) || IsBase(paper.BaseUrl), Malformed)
            .Validate(paper => !Uri.TryCreate(paper.BaseUrl, UriKind.Absolute, out var uri) || uri.Port != 0, PortZero)
            .ValidateOnStart();
        return builder;
    }

    /// <summary>
    /// A serving instance refuses to start without a base address (Development always has one, see
    /// <see cref="AddSiteUrls"/>). The command-line verbs build no links, so they do not ask for it.
    /// </summary>
    public static IHostApplicationBuilder RequireBaseUrl(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PaperOptions>().Validate(paper => !string.IsNullOrWhiteSpace(paper.BaseUrl), Missing).ValidateOnStart();
        return builder;
    }

    /// <summary>
    /// Development's base address when none is set: the first of the addresses the app is told to listen on
    /// (<c>--urls</c>, <c>ASPNETCORE_URLS</c>, a launch profile's applicationUrl), else the first of
    /// <c>ASPNETCORE_HTTPS_PORTS</c>/<c>ASPNETCORE_HTTP_PORTS</c> on localhost, else Kestrel's default
    /// http://localhost:5000. A wildcard host (*, +, 0.0.0.0, [::]) becomes localhost.
    /// </summary>
    public static string ListeningAddress(IConfiguration configuration)
    {
        static string? First(string? list) => list?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        var address = First(configuration["urls"])
            ?? (First(configuration["https_ports"]) is { } https ? $"https://localhost:{https}" : null)
            ?? (First(configuration["http_ports"]) is { } http ? $"http://localhost:{http}" : null)
            ?? KestrelDefault;
        var parts = ListenAddress().Match(address);
        if (!parts.Success) return address.TrimEnd('/');
        var host = parts.Groups["host"].Value is "*" or "+" or "0.0.0.0" or "[::]" ? "localhost" : parts.Groups["host"].Value;
        return $"{parts.Groups["scheme"].Value.ToLowerInvariant()}://{host}{parts.Groups["port"].Value}{parts.Groups["path"].Value}".TrimEnd('/');
    }

    private static bool IsBase(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is ("http" or "https")
        && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment) && string.IsNullOrEmpty(uri.UserInfo);

    [GeneratedRegex(@"^(?<scheme>https?)://(?<host>\[[^\]]*\]|[^:/]+)(?<port>:\d+)?(?<path>/.*)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ListenAddress();
}
