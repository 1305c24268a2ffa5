using System.Text.Json;
using System.Text.RegularExpressions;
using MimeKit;

namespace Masthead.BrowserTests.Infrastructure;

/// <summary>A reader's mailbox: what reached the test SMTP server (smtp4dev, started by scripts/test), read over its HTTP API.</summary>
public static partial class Inbox
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static readonly Lazy<HttpClient> Http = new(() => new HttpClient
    {
        BaseAddress = new Uri((Environment.GetEnvironmentVariable("MASTHEAD_TEST_SMTP_API") is { Length: > 0 } api ? api
            : throw new InvalidOperationException("MASTHEAD_TEST_SMTP_API is not set: run the tests with scripts/test, which starts smtp4dev.")).TrimEnd('/') + "/"),
        Timeout = TimeSpan.FromSeconds(10),
    });

    public static string NewAddress(string who) => $"{who}-{Guid.NewGuid():N}@readers.test";

    /// <summary>Waits (up to 20 s) until at least <paramref name="count"/> messages reached the address; returns them oldest first.</summary>
    public static async Task<IReadOnlyList<MimeMessage>> WaitForMessagesAsync(string recipient, int count = 1, Func<MimeMessage, bool>? which = null)
    {
        var until = DateTime.UtcNow + Patience;
        while (true)
        {
            var messages = (await MessagesAsync(recipient)).Where(which ?? (_ => true)).OrderBy(m => m.Date).ToList();
            if (messages.Count >= count) return messages;
            if (DateTime.UtcNow > until) throw new TimeoutException($"{messages.Count} of {count} message(s) reached {recipient} after {Patience.TotalSeconds} s.");
            await Task.Delay(200);
        }
    }

    /// <summary>Waits for the first message to the address.</summary>
    public static async Task<MimeMessage> WaitForFirstAsync(string recipient) => (await WaitForMessagesAsync(recipient))[0];

    /// <summary>Waits until <paramref name="count"/> messages reached the address; returns their text bodies, oldest first.</summary>
    public static async Task<IReadOnlyList<string>> WaitForTextsAsync(string recipient, int count = 1) =>
        (await WaitForMessagesAsync(recipient, count)).Select(m => m.TextBody ?? "").ToList();

    /// <summary>Waits for a message to the address whose subject contains the words, and gives its text.</summary>
    public static async Task<string> WaitForTextAsync(string recipient, string subjectContains) =>
        (await WaitForMessagesAsync(recipient, 1, m => m.Subject?.Contains(subjectContains, StringComparison.OrdinalIgnoreCase) == true))[0].TextBody ?? "";

    /// <summary>Waits for a sign-in email to the address and gives the link in it, as a path.</summary>
    public static async Task<string> SignInLinkAsync(string recipient)
    {
        var text = await WaitForTextAsync(recipient, "sign in");
        var link = LinkPattern().Match(text);
        if (!link.Success) throw new InvalidOperationException($"The sign-in email to {recipient} has no link: {text}");
        return new Uri(link.Value).PathAndQuery;
    }

    /// <summary>The first link in a message whose path contains <paramref name="part"/> ("/confirm/", "/withdraw/").</summary>
    public static string Link(string body, string part) =>
        body.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)
            .First(w => w.StartsWith("http", StringComparison.Ordinal) && w.Contains(part, StringComparison.Ordinal));

    private static async Task<List<MimeMessage>> MessagesAsync(string recipient)
    {
        using var json = JsonDocument.Parse(await Http.Value.GetStringAsync($"api/messages?searchTerms={Uri.EscapeDataString(recipient)}&pageSize=100"));
        var messages = new List<MimeMessage>();
        foreach (var m in json.RootElement.GetProperty("results").EnumerateArray())
        {
            if (!m.GetProperty("to").EnumerateArray().Any(t => string.Equals(t.GetString(), recipient, StringComparison.OrdinalIgnoreCase))) continue;
            await using var raw = await Http.Value.GetStreamAsync($"api/messages/{m.GetProperty("id").GetString()}/raw");
            messages.Add(await MimeMessage.LoadAsync(raw));
        }
        return messages;
    }

    [GeneratedRegex(@"https?://[^\s""<>]+/my/signin/link\?token=[A-Za-z0-9_\-]+[^\s""<>]*")]
    private static partial Regex LinkPattern();
}
