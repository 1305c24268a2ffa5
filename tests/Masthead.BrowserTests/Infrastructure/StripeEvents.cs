using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Masthead.Infrastructure.Payments;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Masthead.BrowserTests.Infrastructure;

/// <summary>
/// Stripe calling the paper: events in Stripe's JSON shape, signed as Stripe signs them
/// (<c>t=TIMESTAMP,v1=HMAC-SHA256(secret, "TIMESTAMP.PAYLOAD")</c>) with the running paper's webhook secret, and
/// posted over HTTP to /webhooks/stripe. Written apart from the app's sandbox, as the integration tests' own is,
/// so a mistake in one does not hide in the other.
/// </summary>
public static class StripeEvents
{
    public sealed record Answer(int Status, string Body);

    public static string NewId(string prefix) => $"{prefix}_test_{Guid.NewGuid():N}";

    /// <summary>A checkout paid in pounds that Masthead did not start (a shop's, a Payment Link): it carries only its own metadata.</summary>
    public static JsonObject PaidCheckout(string sessionId, long amountPence, JsonObject metadata, string email, string name) => new()
    {
        ["id"] = sessionId,
        ["object"] = "checkout.session",
        ["amount_subtotal"] = amountPence,
        ["amount_total"] = amountPence,
        ["currency"] = "gbp",
        ["customer_details"] = new JsonObject { ["email"] = email, ["name"] = name },
        ["customer_email"] = email,
        ["livemode"] = false,
        ["metadata"] = metadata,
        ["mode"] = "payment",
        ["payment_intent"] = NewId("pi"),
        ["payment_status"] = "paid",
        ["status"] = "complete",
    };

    public static string Event(string type, JsonObject dataObject) => new JsonObject
    {
        ["id"] = NewId("evt"),
        ["object"] = "event",
        ["api_version"] = "2025-09-30.clover",
        ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["livemode"] = false,
        ["pending_webhooks"] = 1,
        ["request"] = new JsonObject { ["id"] = NewId("req"), ["idempotency_key"] = null },
        ["type"] = type,
        ["data"] = new JsonObject { ["object"] = dataObject },
    }.ToJsonString();

    /// <summary>Posts the event as Stripe would, signed with the secret the running paper verifies with; gives the paper's answer.</summary>
    public static async Task<Answer> DeliverAsync(this PaperHost host, string payload)
    {
        // Without Stripe keys the paper makes up its secret at start; the webhook checks against that one.
        var secret = host.Services.GetRequiredService<IOptions<StripeOptions>>().Value.WebhookSecret
            ?? throw new InvalidOperationException("The paper has no webhook secret.");
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var hash = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{payload}"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "webhooks/stripe")
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Stripe-Signature", $"t={timestamp},v1={Convert.ToHexStringLower(hash)}");
        using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var response = await http.SendAsync(request);
        return new Answer((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
