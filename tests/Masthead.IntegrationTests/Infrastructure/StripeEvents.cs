using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Masthead.IntegrationTests.Infrastructure;

/// <summary>
/// Stripe events as Stripe sends them (the documented event, Checkout Session, Charge and Dispute shapes),
/// signed as Stripe signs them: <c>t=TIMESTAMP,v1=HMAC-SHA256(secret, "TIMESTAMP.PAYLOAD")</c>.
/// Written independently of the app's own sandbox so a mistake in one does not hide in the other.
/// </summary>
public static class StripeEvents
{
    public static string NewId(string prefix) => $"{prefix}_test_{Guid.NewGuid():N}";

    public static string Event(string type, JsonObject dataObject, DateTimeOffset created, string? id = null) => new JsonObject
    {
        ["id"] = id ?? NewId("evt"),
        ["object"] = "event",
        ["api_version"] = "2025-09-30.clover",
        ["created"] = created.ToUnixTimeSeconds(),
        ["livemode"] = false,
        ["pending_webhooks"] = 1,
        ["request"] = new JsonObject { ["id"] = NewId("req"), ["idempotency_key"] = null },
        ["type"] = type,
        ["data"] = new JsonObject { ["object"] = dataObject },
    }.ToJsonString();

    public static JsonObject CheckoutSession(string sessionId, string paymentIntent, long amountPence, string email = "donor@example.org",
        string name = "Jo Bloggs", string town = "Guernsey", string thankAs = "Anonymous", bool showTown = true) => new()
    {
        ["id"] = sessionId,
        ["object"] = "checkout.session",
        ["amount_subtotal"] = amountPence,
        ["amount_total"] = amountPence,
        ["currency"] = "gbp",
        ["customer_details"] = new JsonObject { ["email"] = email, ["name"] = name },
        ["customer_email"] = email,
        ["livemode"] = false,
        ["metadata"] = new JsonObject
        {
            ["donor_name"] = name, ["donor_town"] = town, ["thank_as"] = thankAs, ["show_town"] = showTown ? "yes" : "no",
        },
        ["mode"] = "payment",
        ["payment_intent"] = paymentIntent,
        ["payment_status"] = "paid",
        ["status"] = "complete",
    };

    public static JsonObject RefundedCharge(string chargeId, string paymentIntent, long amountPence, long amountRefunded) => new()
    {
        ["id"] = chargeId,
        ["object"] = "charge",
        ["amount"] = amountPence,
        ["amount_captured"] = amountPence,
        ["amount_refunded"] = amountRefunded,
        ["captured"] = true,
        ["currency"] = "gbp",
        ["paid"] = true,
        ["payment_intent"] = paymentIntent,
        ["refunded"] = amountRefunded >= amountPence,
        ["status"] = "succeeded",
    };

    public static JsonObject Dispute(string disputeId, string chargeId, string paymentIntent, long amountPence) => new()
    {
        ["id"] = disputeId,
        ["object"] = "dispute",
        ["amount"] = amountPence,
        ["charge"] = chargeId,
        ["currency"] = "gbp",
        ["payment_intent"] = paymentIntent,
        ["reason"] = "fraudulent",
        ["status"] = "needs_response",
    };

    public static string Signature(string payload, string secret, DateTimeOffset at)
    {
        var timestamp = at.ToUnixTimeSeconds();
        var hash = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{payload}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(hash)}";
    }

    public static async Task<HttpResponseMessage> DeliverAsync(this HttpClient client, string payload, DateTimeOffset signedAt,
        string secret = MastheadApp.WebhookSecret, string? signature = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe")
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Stripe-Signature", signature ?? Signature(payload, secret, signedAt));
        return await client.SendAsync(request);
    }
}
