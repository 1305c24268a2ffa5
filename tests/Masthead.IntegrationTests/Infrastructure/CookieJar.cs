namespace Masthead.IntegrationTests.Infrastructure;

/// <summary>
/// Cookies kept by hand, as a browser on https keeps them: secure cookies are sent back even when the test talks
/// plain http to the app (behind a proxy that ends TLS), and one jar can follow a reader from one instance to another.
/// </summary>
public sealed class CookieJar
{
    private readonly Dictionary<string, string> _cookies = [];

    /// <summary>A handler for one client that sends this jar's cookies and keeps what the app sets, adding <paramref name="headers"/> to each request.</summary>
    public DelegatingHandler Handler(params (string Name, string Value)[] headers) => new JarHandler(this, headers);

    private sealed class JarHandler(CookieJar jar, (string Name, string Value)[] headers) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            foreach (var (name, value) in headers) request.Headers.Add(name, value);
            lock (jar._cookies)
            {
                if (jar._cookies.Count > 0) request.Headers.Add("Cookie", string.Join("; ", jar._cookies.Select(c => $"{c.Key}={c.Value}")));
            }
            var response = await base.SendAsync(request, ct);
            if (response.Headers.TryGetValues("Set-Cookie", out var set))
            {
                lock (jar._cookies)
                {
                    foreach (var cookie in set.Select(c => c.Split(';')[0].Split('=', 2)))
                    {
                        jar._cookies[cookie[0]] = cookie[1];
                    }
                }
            }
            return response;
        }
    }
}
