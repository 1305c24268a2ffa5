using System.Text.Json;
using System.Text.RegularExpressions;

namespace Masthead.BrowserTests.Infrastructure;

/// <summary>Reads what reached the test SMTP server (smtp4dev, started by scripts/test) over its HTTP API.</summary>
public static partial class Inbox
{
    private static readonly Lazy<HttpClient> Http = new(() => new HttpClient
    {
        BaseAddress = new Uri((Environment.GetEnvironmentVariable("MASTHEAD_TEST_SMTP_API")
            ?? throw new InvalidOperationException("MASTHEAD_TEST_SMTP_API is not set: run the tests with scripts/test.")).TrimEnd('/') + "/"),
        Timeout = TimeSpan.FromSeconds(10),
    });

    /// <summary>Waits (up to 15 s) for a sign-in email to the address and gives the link in it, as a path.</summary>
    public static async Task<string> SignInLinkAsync(string recipient)
    {
        var until = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var list = await Http.Value.GetStringAsync($"api/messages?searchTerms={Uri.EscapeDataString(recipient)}&pageSize=100");
            using var json = JsonDocument.Parse(list);
            foreach (var message in json.RootElement.GetProperty("results").EnumerateArray())
            {
                if (!message.GetProperty("subject").GetString()!.Contains("sign in", StringComparison.OrdinalIgnoreCase)) continue;
                var raw = await Http.Value.GetStringAsync($"api/messages/{message.GetProperty("id").GetString()}/raw");
                var link = LinkPattern().Match(raw.Replace("=\r\n", "").Replace("=3D", "="));
                if (link.Success) return new Uri(link.Value).PathAndQuery;
            }
            if (DateTime.UtcNow > until) throw new TimeoutException($"No sign-in email reached {recipient} in 15 s.");
            await Task.Delay(200);
        }
    }

    [GeneratedRegex(@"https?://[^\s""<>]+/my/signin/link\?token=[A-Za-z0-9_\-]+[^\s""<>]*")]
    private static partial Regex LinkPattern();
}
