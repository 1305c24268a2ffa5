using System.Text.Json;
using MimeKit;

namespace Masthead.BrowserTests.Infrastructure;

/// <summary>Reads what reached the test SMTP server (smtp4dev, started by scripts/test) for one address.</summary>
public static class MailInbox
{
    private static readonly Lazy<HttpClient> Http = new(() => new HttpClient
    {
        BaseAddress = new Uri((Environment.GetEnvironmentVariable("MASTHEAD_TEST_SMTP_API") is { Length: > 0 } api ? api
            : throw new InvalidOperationException("MASTHEAD_TEST_SMTP_API is not set: run the tests with scripts/test.")).TrimEnd('/') + "/"),
        Timeout = TimeSpan.FromSeconds(10),
    });

    /// <summary>Waits (up to 20 s) for the first message to the address and returns it parsed.</summary>
    public static async Task<MimeMessage> WaitForFirstAsync(string recipient)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            using var json = JsonDocument.Parse(await Http.Value.GetStringAsync($"api/messages?searchTerms={Uri.EscapeDataString(recipient)}&pageSize=50"));
            var id = json.RootElement.GetProperty("results").EnumerateArray()
                .Where(m => m.GetProperty("to").EnumerateArray().Any(t => string.Equals(t.GetString(), recipient, StringComparison.OrdinalIgnoreCase)))
                .Select(m => m.GetProperty("id").GetString()).FirstOrDefault();
            if (id is not null)
            {
                await using var raw = await Http.Value.GetStreamAsync($"api/messages/{id}/raw");
                return await MimeMessage.LoadAsync(raw);
            }
            if (DateTime.UtcNow > until) throw new TimeoutException($"No mail reached {recipient} within 20 s.");
            await Task.Delay(200);
        }
    }
}
