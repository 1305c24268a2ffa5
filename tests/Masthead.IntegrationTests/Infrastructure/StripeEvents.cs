using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Masthead.Features.Donations;
using Microsoft.EntityFrameworkCore;

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
                ["donor_name"] = name,
                ["donor_town"] = town,
                ["thank_as"] = thankAs,
                ["show_town"] = showTown ? "yes" : "no",
            },
            ["mode"] = "payment",
            ["payment_intent"] = paymentIntent,
            ["payment_status"] = "paid",
            ["status"] = "complete",
        };

    /// <summary>
    /// What /donate saves before sending the donor to Stripe: a gift Masthead asked for, whose checkout is
    /// <paramref name="sessionId"/>. A second call with the same session gives the same intent.
    /// </summary>
    public static async Task<DonationIntent> GiftIntentAsync(this MastheadApp app, long amountPence, string? sessionId = null,
        string name = "Jo Bloggs", string email = "donor@example.org", string? town = "Guernsey", ThankAs? thankAs = ThankAs.Anonymous,
        bool showTown = true) =>
        (await app.GiftIntentsAsync([(sessionId ?? NewId("cs"), amountPence)], name, email, town, thankAs, showTown))[0];

    public static Task<List<DonationIntent>> GiftIntentsAsync(this MastheadApp app, IReadOnlyList<(string SessionId, long AmountPence)> gifts,
        string name = "Jo Bloggs", string email = "donor@example.org", string? town = "Guernsey", ThankAs? thankAs = ThankAs.Anonymous,
        bool showTown = true) => app.WithDbAsync(async db =>
    {
        var sessions = gifts.Select(g => g.SessionId).ToList();
        var existing = await db.DonationIntents.AsNoTracking().Where(i => sessions.Contains(i.ProviderSessionId!)).ToDictionaryAsync(i => i.ProviderSessionId!);
        var intents = gifts.Select(g => existing.GetValueOrDefault(g.SessionId) ?? new DonationIntent
        {
            Id = Guid.NewGuid(),
            Provider = "stripe",
            ProviderSessionId = g.SessionId,
            AmountPence = g.AmountPence,
            Currency = "GBP",
            Name = name,
            Email = email,
            Town = town,
            ThankAs = thankAs,
            ShowTown = showTown,
            CreatedAt = DateTime.UtcNow,
        }).ToList();
        db.DonationIntents.AddRange(intents.Where(i => !existing.ContainsKey(i.ProviderSessionId!)).DistinctBy(i => i.ProviderSessionId));
        await db.SaveChangesAsync();
        return intents.Select(i => existing.GetValueOrDefault(i.ProviderSessionId!) ?? i).ToList();
    });

    /// <summary>
    /// The paid checkout of a gift Masthead started, as Stripe reports it: the intent's id as client_reference_id and in
    /// metadata; the name Stripe collected differs from the donor's own, which is what counts.
    /// </summary>
    public static JsonObject GiftSession(DonationIntent intent, string paymentIntent, long? amountPaid = null, string currency = "gbp")
    {
        var session = CheckoutSession(intent.ProviderSessionId!, paymentIntent, amountPaid ?? intent.AmountPence, email: intent.Email, name: "Name Given At Stripe");
        session["currency"] = currency;
        session["client_reference_id"] = intent.Id.ToString();
        session["metadata"] = new JsonObject { ["purpose"] = "donation", ["masthead_intent"] = intent.Id.ToString() };
        return session;
    }

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
