using System.Text.Json;
using System.Text.Json.Nodes;
using Masthead.Features.Donations;
using Stripe;

namespace Masthead.Infrastructure.Payments;

/// <summary>Events in Stripe's own JSON shape, signed as Stripe signs them, for the sandbox checkout.</summary>
public static class SandboxEvents
{
    public const string ApiVersion = "2025-09-30.clover";

    public static string CheckoutCompleted(DonationIntent intent, string sessionId, DateTimeOffset at)
    {
        var created = at.ToUnixTimeSeconds();
        var metadata = new JsonObject();
        foreach (var (key, value) in DonationMetadata.From(intent)) metadata[key] = value;
        var session = new JsonObject
        {
            ["id"] = sessionId,
            ["object"] = "checkout.session",
            ["mode"] = "payment",
            ["status"] = "complete",
            ["payment_status"] = "paid",
            ["amount_subtotal"] = intent.AmountPence,
            ["amount_total"] = intent.AmountPence,
            ["currency"] = intent.Currency.ToLowerInvariant(),
            ["client_reference_id"] = intent.Id.ToString(),
            ["customer_email"] = intent.Email,
            ["customer_details"] = new JsonObject { ["email"] = intent.Email, ["name"] = intent.Name },
            ["payment_intent"] = "pi_" + sessionId.Replace("cs_", ""),
            ["metadata"] = metadata,
            ["livemode"] = false,
            ["created"] = created,
        };
        return Wrap("checkout.session.completed", session, created);
    }

    public static string Wrap(string type, JsonObject dataObject, long created) => new JsonObject
    {
        ["id"] = $"evt_sandbox_{Guid.NewGuid():N}",
        ["object"] = "event",
        ["api_version"] = ApiVersion,
        ["created"] = created,
        ["type"] = type,
        ["livemode"] = false,
        ["pending_webhooks"] = 1,
        ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
        ["data"] = new JsonObject { ["object"] = dataObject },
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = false });

    /// <summary>A <c>Stripe-Signature</c> header for the payload, made with Stripe.net's own signer.</summary>
    public static string Sign(string payload, string secret, DateTimeOffset at) =>
        EventUtility.GenerateSignatureHeader(payload, secret, at.ToUnixTimeSeconds());
}
