using System.Text.Json;
using MimeKit;

namespace Masthead.BrowserTests.Infrastructure;

/// <summary>A reader's mailbox: what the test SMTP server (smtp4dev, started by scripts/test) received for one address.</summary>
public static class Mailbox
{
    private static readonly Lazy<HttpClient> Http = new(() => new HttpClient
    {
        BaseAddress = new Uri((Environment.GetEnvironmentVariable("MASTHEAD_TEST_SMTP_API") is { Length: > 0 } api ? api
            : throw new InvalidOperationException("MASTHEAD_TEST_SMTP_API is not set: run the tests with scripts/test, which starts smtp4dev.")).TrimEnd('/') + "/"),
        Timeout = TimeSpan.FromSeconds(10),
    });

    public static string NewAddress(string who) => $"{who}-{Guid.NewGuid():N}@readers.test";

    /// <summary>Waits (up to 20 s) until <paramref name="count"/> messages reached the address, and returns their text bodies, oldest first.</summary>
    public static async Task<IReadOnlyList<string>> WaitForAsync(string address, int count = 1)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var list = await Http.Value.GetStringAsync($"api/messages?searchTerms={Uri.EscapeDataString(address)}&pageSize=100");
            using var json = JsonDocument.Parse(list);
            var ids = json.RootElement.GetProperty("results").EnumerateArray()
                .Where(m => m.GetProperty("to").EnumerateArray().Any(t => string.Equals(t.GetString(), address, StringComparison.OrdinalIgnoreCase)))
                .Select(m => m.GetProperty("id").GetString()!).ToList();
            if (ids.Count >= count)
            {
                var bodies = new List<(DateTimeOffset, string)>();
                foreach (var id in ids)
                {
                    await using var raw = await Http.Value.GetStreamAsync($"api/messages/{id}/raw");
                    var message = await MimeMessage.LoadAsync(raw);
                    bodies.Add((message.Date, message.TextBody ?? ""));
                }
                return bodies.OrderBy(b => b.Item1).Select(b => b.Item2).ToList();
            }
            if (DateTime.UtcNow > until) throw new TimeoutException($"{ids.Count} of {count} message(s) reached {address} after 20 s");
            await Task.Delay(200);
        }
    }

    /// <summary>The first link in a message whose path contains <paramref name="part"/> ("/confirm/", "/withdraw/").</summary>
    public static string Link(string body, string part) =>
        body.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)
            .First(w => w.StartsWith("http", StringComparison.Ordinal) && w.Contains(part, StringComparison.Ordinal));
}
