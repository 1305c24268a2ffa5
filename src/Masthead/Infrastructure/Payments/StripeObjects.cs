using System.Text.Json;
using static Masthead.Infrastructure.Payments.StripeJson;

namespace Masthead.Infrastructure.Payments;

/// <summary>
/// The parts of Stripe's objects Masthead acts on, read from every shape Stripe has sent since API version
/// 2020-08-27 (docs/stripe-versions.md lists the changes and where each reader looks).
/// </summary>
public static class StripeObjects
{
    /// <summary>The longest id of a Stripe object Masthead accepts: external ids built from it must fit their column.</summary>
    public const int RefMax = 150;

    public sealed record CheckoutSession(
        string? Id, string? Mode, string? PaymentStatus, long? AmountTotal, string? Currency, string? ClientReferenceId,
        IReadOnlyDictionary<string, string> Metadata, string? Email, string? Name, string? PaymentIntentId, string? SubscriptionId,
        string? CustomerId)
    {
        public string? Purpose => Metadata.GetValueOrDefault("purpose");
        public bool Paid => PaymentStatus is "paid" or "no_payment_required";
        public static CheckoutSession From(JsonElement o) => new(
            Ref(o, "id"), Text(o, "mode"), Text(o, "payment_status"), Number(o, "amount_total"), Text(o, "currency"),
            Text(o, "client_reference_id"), StripeJson.Metadata(o, "metadata"),
            Text(o, "customer_details", "email") ?? Text(o, "customer_email"), Text(o, "customer_details", "name"),
            Ref(o, "payment_intent"), Ref(o, "subscription"), Ref(o, "customer"));
    }

    public sealed record Invoice(
        string? Id, string? SubscriptionId, long? AmountPaid, long? AmountDue, string? Currency, long? AttemptCount,
        string? HostedInvoiceUrl, DateTimeOffset? PaidAt)
    {
        public static Invoice From(JsonElement o) => new(
            Ref(o, "id"), SubscriptionOf(o), Number(o, "amount_paid"), Number(o, "amount_due"), Text(o, "currency"),
            Number(o, "attempt_count"), Text(o, "hosted_invoice_url"), Time(Number(o, "status_transitions", "paid_at")));

        /// <summary>
        /// From 2025-03-31.basil under <c>parent.subscription_details</c>; before, top-level <c>subscription</c>. The
        /// invoice's lines name it too (each version in its own place), for an invoice that has neither.
        /// </summary>
        private static string? SubscriptionOf(JsonElement o) =>
            Ref(o, "parent", "subscription_details", "subscription") ?? Ref(o, "subscription")
            ?? Items(o, "lines", "data").Select(line =>
                Ref(line, "parent", "subscription_item_details", "subscription") ?? Ref(line, "subscription")).FirstOrDefault(s => s is not null);
    }

    public sealed record Subscription(string? Id, string? Status, long? MonthlyPence, string? Currency, DateTimeOffset? CancelAt)
    {
        public static Subscription From(JsonElement o)
        {
            var item = Items(o, "items", "data").FirstOrDefault();
            // The price: items[0].price (2020-08-27 on), else the older plan, on the item or on the subscription.
            var unit = item.ValueKind == JsonValueKind.Object
                ? Number(item, "price", "unit_amount") ?? Number(item, "plan", "amount")
                : null;
            unit ??= Number(o, "plan", "amount");
            var quantity = (item.ValueKind == JsonValueKind.Object ? Number(item, "quantity") : null) ?? Number(o, "quantity") ?? 1;
            long? monthly = null;
            if (unit is >= 0 && quantity is > 0 && unit <= long.MaxValue / quantity) monthly = unit * quantity;
            var currency = Text(o, "currency")
                ?? (item.ValueKind == JsonValueKind.Object ? Text(item, "price", "currency") ?? Text(item, "plan", "currency") : null);
            return new(Ref(o, "id"), Text(o, "status"), monthly, currency, Time(Number(o, "cancel_at")));
        }
    }

    public sealed record Charge(string? Id, string? PaymentIntentId, long? Amount, long? AmountRefunded, string? Currency)
    {
        public static Charge From(JsonElement o) =>
            new(Ref(o, "id"), Ref(o, "payment_intent"), Number(o, "amount"), Number(o, "amount_refunded"), Text(o, "currency"));
    }

    public sealed record Dispute(string? Id, string? ChargeId, string? PaymentIntentId, long? Amount, string? Currency, string? Reason)
    {
        public static Dispute From(JsonElement o) => new(
            Ref(o, "id"), Ref(o, "charge"), Ref(o, "payment_intent") ?? Ref(o, "charge", "payment_intent"), Number(o, "amount"),
            Text(o, "currency"), Text(o, "reason"));
    }

    private static DateTimeOffset? Time(long? seconds) =>
        seconds is > 0 and < 253_402_300_799 ? DateTimeOffset.FromUnixTimeSeconds(seconds.Value) : null;
}
