using System.Text.Json;
using System.Text.RegularExpressions;
using MimeKit;

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

    /// <summary>Waits (up to 20 s) for a sign-in email to the address and gives the link in it, as a path.</summary>
    public static async Task<string> SignInLinkAsync(string recipient)
    {
        var text = await WaitForTextAsync(recipient, "sign in");
        var link = LinkPattern().Match(text);
        if (!link.Success) throw new InvalidOperationException($"The sign-in email to {recipient} has no link: {text}");
        return new Uri(link.Value).PathAndQuery;
    }

    /// <summary>Waits (up to 20 s) for a message to the address whose subject contains the words, and gives its text.</summary>
    public static async Task<string> WaitForTextAsync(string recipient, string subjectContains)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var list = await Http.Value.GetStringAsync($"api/messages?searchTerms={Uri.EscapeDataString(recipient)}&pageSize=100");
            using var json = JsonDocument.Parse(list);
            foreach (var m in json.RootElement.GetProperty("results").EnumerateArray())
            {
                if (!m.GetProperty("to").EnumerateArray().Any(t => string.Equals(t.GetString(), recipient, StringComparison.OrdinalIgnoreCase))) continue;
                await using var raw = await Http.Value.GetStreamAsync($"api/messages/{m.GetProperty("id").GetString()}/raw");
                var message = await MimeMessage.LoadAsync(raw);
                if (message.Subject?.Contains(subjectContains, StringComparison.OrdinalIgnoreCase) == true) return message.TextBody ?? "";
            }
            if (DateTime.UtcNow > until) throw new TimeoutException($"No message about \"{subjectContains}\" reached {recipient} in 20 s.");
            await Task.Delay(200);
        }
    }

    [GeneratedRegex(@"https?://[^\s""<>]+/my/signin/link\?token=[A-Za-z0-9_\-]+[^\s""<>]*")]
    private static partial Regex LinkPattern();
}
