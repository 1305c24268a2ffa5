using System.Text.Json;
using System.Text.Json.Nodes;
using Stripe;

namespace Masthead.Infrastructure.Payments;

/// <summary>Events in Stripe's own JSON shape, signed as Stripe signs them, for the sandbox checkout.</summary>
public static class SandboxEvents
{
    public const string ApiVersion = "2025-09-30.clover";

    /// <summary>
    /// <c>checkout.session.completed</c> for a checkout started with <paramref name="request"/>, paid in full; a monthly
    /// one names the subscription and customer it set up.
    /// </summary>
    public static string CheckoutCompleted(CheckoutRequest request, string sessionId, string? name, DateTimeOffset at,
        string? subscriptionId = null, string? customerId = null)
    {
        var created = at.ToUnixTimeSeconds();
        var metadata = new JsonObject();
        foreach (var (key, value) in request.Metadata) metadata[key] = value;
        var amount = request.UnitAmountPence * request.Quantity;
        var session = new JsonObject
        {
            ["id"] = sessionId,
            ["object"] = "checkout.session",
            ["mode"] = request.Mode,
            ["status"] = "complete",
            ["payment_status"] = "paid",
            ["amount_subtotal"] = amount,
            ["amount_total"] = amount,
            ["currency"] = request.Currency.ToLowerInvariant(),
            ["client_reference_id"] = request.Reference,
            ["customer"] = customerId,
            ["customer_email"] = request.Email,
            ["customer_details"] = new JsonObject { ["email"] = request.Email, ["name"] = name },
            ["payment_intent"] = request.Monthly ? null : "pi_" + sessionId.Replace("cs_", ""),
            ["subscription"] = subscriptionId,
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

/// <summary>The sandbox's subscription events, in Stripe's shapes (API version <see cref="SandboxEvents.ApiVersion"/>).</summary>
public static class SandboxSubscriptionEvents
{
    /// <summary><c>invoice.paid</c> or <c>invoice.payment_failed</c> for one month of a subscription.</summary>
    public static string Invoice(string type, string invoiceId, string subscriptionId, string customerId, long amountPence, string currency,
        DateTimeOffset at, int attempt = 1)
    {
        var paid = type == "invoice.paid";
        var created = at.ToUnixTimeSeconds();
        return SandboxEvents.Wrap(type, new JsonObject
        {
            ["id"] = invoiceId,
            ["object"] = "invoice",
            ["amount_due"] = amountPence,
            ["amount_paid"] = paid ? amountPence : 0,
            ["amount_remaining"] = paid ? 0 : amountPence,
            ["attempt_count"] = attempt,
            ["attempted"] = true,
            ["billing_reason"] = "subscription_cycle",
            ["collection_method"] = "charge_automatically",
            ["currency"] = currency.ToLowerInvariant(),
            ["customer"] = customerId,
            ["livemode"] = false,
            ["created"] = created,
            ["period_start"] = created,
            ["period_end"] = at.AddMonths(1).ToUnixTimeSeconds(),
            ["status"] = paid ? "paid" : "open",
            ["status_transitions"] = new JsonObject { ["paid_at"] = paid ? created : null, ["finalized_at"] = created },
            ["parent"] = new JsonObject
            {
                ["type"] = "subscription_details",
                ["subscription_details"] = new JsonObject { ["subscription"] = subscriptionId, ["metadata"] = new JsonObject() },
            },
        }, created);
    }

    /// <summary><c>customer.subscription.updated</c> or <c>.deleted</c>: the subscription's status and monthly amount.</summary>
    public static string Subscription(string type, string subscriptionId, string customerId, string status, long amountPence, string currency,
        DateTimeOffset at)
    {
        var created = at.ToUnixTimeSeconds();
        return SandboxEvents.Wrap(type, new JsonObject
        {
            ["id"] = subscriptionId,
            ["object"] = "subscription",
            ["status"] = status,
            ["customer"] = customerId,
            ["currency"] = currency.ToLowerInvariant(),
            ["cancel_at_period_end"] = false,
            ["canceled_at"] = status == "canceled" ? created : null,
            ["ended_at"] = status == "canceled" ? created : null,
            ["livemode"] = false,
            ["items"] = new JsonObject
            {
                ["object"] = "list",
                ["data"] = new JsonArray(new JsonObject
                {
                    ["id"] = "si_" + subscriptionId.Replace("sub_", ""),
                    ["object"] = "subscription_item",
                    ["quantity"] = 1,
                    ["price"] = new JsonObject
                    {
                        ["id"] = $"price_sandbox_{amountPence}",
                        ["object"] = "price",
                        ["currency"] = currency.ToLowerInvariant(),
                        ["unit_amount"] = amountPence,
                        ["recurring"] = new JsonObject { ["interval"] = "month", ["interval_count"] = 1 },
                    },
                }),
            },
        }, created);
    }
}
