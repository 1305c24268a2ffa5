using System.Globalization;
using System.Text.Json;
using Masthead.Infrastructure.Email;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Masthead.IntegrationTests.Infrastructure;

/// <summary>The SMTP server the tests send to: smtp4dev, started by scripts/test on loopback ports.</summary>
public static class TestSmtp
{
    public static int Port => int.Parse(Variable("MASTHEAD_TEST_SMTP_PORT"), CultureInfo.InvariantCulture);

    /// <summary>smtp4dev's web address, whose HTTP API lists and serves what it received.</summary>
    public static Uri Api => new(Variable("MASTHEAD_TEST_SMTP_API").TrimEnd('/') + "/");

    /// <summary>Whether scripts/test started an SMTP server for this run (scripts/test --fast does not).</summary>
    public static bool IsConfigured =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("MASTHEAD_TEST_SMTP_PORT"))
        && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("MASTHEAD_TEST_SMTP_API"));

    private static string Variable(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value
        : throw new InvalidOperationException(
            $"The SMTP server (smtp4dev) is not running: run scripts/test (which starts one), or start smtp4dev and set " +
            $"MASTHEAD_TEST_SMTP_PORT and MASTHEAD_TEST_SMTP_API ({name} is not set). A test that reads mail needs " +
            "[Trait(\"Needs\", \"Smtp\")], which scripts/test --fast leaves out.");
}

/// <summary>A message as the SMTP server received it, parsed from its raw source.</summary>
public sealed record ReceivedMail(string Id, MimeMessage Message)
{
    public string Subject => Message.Subject ?? "";
    public string TextBody => Message.TextBody ?? "";
    public string? MessageId => Message.MessageId;
}

/// <summary>Reads what was delivered to the test SMTP server, one recipient at a time (each test uses its own).</summary>
public static class SmtpInbox
{
    private static readonly Lazy<HttpClient> Http = new(() => new HttpClient { BaseAddress = TestSmtp.Api, Timeout = TimeSpan.FromSeconds(10) });

    /// <summary>Every message delivered to this address so far.</summary>
    public static async Task<IReadOnlyList<ReceivedMail>> ForAsync(string recipient)
    {
        var list = await Http.Value.GetStringAsync($"api/messages?searchTerms={Uri.EscapeDataString(recipient)}&pageSize=1000");
        using var json = JsonDocument.Parse(list);
        var ids = json.RootElement.GetProperty("results").EnumerateArray()
            .Where(m => m.GetProperty("to").EnumerateArray().Any(t => string.Equals(t.GetString(), recipient, StringComparison.OrdinalIgnoreCase)))
            .Select(m => m.GetProperty("id").GetString()!)
            .ToList();
        var mails = new List<ReceivedMail>();
        foreach (var id in ids)
        {
            await using var raw = await Http.Value.GetStreamAsync($"api/messages/{id}/raw");
            mails.Add(new ReceivedMail(id, await MimeMessage.LoadAsync(raw)));
        }
        return mails;
    }

    /// <summary>
    /// Waits (up to <paramref name="seconds"/>) until at least <paramref name="count"/> messages reached the address.
    /// The apps' clocks do not move by themselves, so each poll moves the given instances' clocks on by one email
    /// poll interval: their mail senders run as they would in production, one tick at a time.
    /// </summary>
    public static async Task<IReadOnlyList<ReceivedMail>> WaitForAsync(string recipient, int count, params MastheadApp[] senders)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var mails = await ForAsync(recipient);
            if (mails.Count >= count) return mails;
            if (DateTime.UtcNow > until) Assert.Fail($"{mails.Count} of {count} message(s) reached {recipient} after 10 s");
            foreach (var app in senders) app.Clock.Advance(MastheadApp.EmailPollInterval);
            await Task.Delay(50);
        }
    }

    /// <summary>The running mail sender of an instance, to call a pass directly.</summary>
    public static OutboxSender Sender(this MastheadApp app) => app.Services.GetRequiredService<OutboxSender>();

    /// <summary>A unique address for one test's mail.</summary>
    public static string NewAddress(string who = "donor") => $"{who}-{Guid.NewGuid():N}@donors.test";
}
