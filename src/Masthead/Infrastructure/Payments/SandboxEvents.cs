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

/// <summary>The sandbox's subscription events, in Stripe's shapes (API version <see cref="SandboxEvents.ApiVersion"/>).</summary>
public static class SandboxSubscriptionEvents
{
    public static string CheckoutCompleted(SupportCheckout support, string sessionId, string subscriptionId, string customerId, DateTimeOffset at)
    {
        var metadata = new JsonObject();
        foreach (var (key, value) in support.Metadata()) metadata[key] = value;
        return SandboxEvents.Wrap("checkout.session.completed", new JsonObject
        {
            ["id"] = sessionId,
            ["object"] = "checkout.session",
            ["mode"] = "subscription",
            ["status"] = "complete",
            ["payment_status"] = "paid",
            ["amount_subtotal"] = support.MonthlyPence,
            ["amount_total"] = support.MonthlyPence,
            ["currency"] = support.Currency.ToLowerInvariant(),
            ["client_reference_id"] = support.SupporterKey.ToString(),
            ["customer"] = customerId,
            ["customer_email"] = support.Email,
            ["customer_details"] = new JsonObject { ["email"] = support.Email, ["name"] = support.Name },
            ["subscription"] = subscriptionId,
            ["metadata"] = metadata,
            ["livemode"] = false,
            ["created"] = at.ToUnixTimeSeconds(),
        }, at.ToUnixTimeSeconds());
    }

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
