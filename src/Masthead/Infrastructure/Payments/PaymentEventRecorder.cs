using Masthead.Data;
using static Masthead.Infrastructure.Payments.StripeObjects;

namespace Masthead.Infrastructure.Payments;

/// <summary>
/// What a feature that takes money through Stripe registers (<c>services.AddScoped&lt;IPaymentHandler, …&gt;()</c>):
/// the checkouts it started, and the later events about its payments. Handlers run inside the webhook's
/// transaction and must write nothing when they answer that an event is not theirs.
/// </summary>
public interface IPaymentHandler
{
    /// <summary>Whether this checkout claims to be one this feature started (its metadata says so).</summary>
    bool Owns(CheckoutSession session);

    /// <summary>A paid checkout this feature <see cref="Owns"/>: it counts only if it matches what the feature asked for.</summary>
    Task<PaymentOutcome> CheckoutPaidAsync(PaymentEvent e, CheckoutSession session, CancellationToken ct);

    /// <summary>An invoice, subscription, refund or dispute event: its outcome, or null when its payment is not this feature's.</summary>
    Task<PaymentOutcome?> ApplyAsync(PaymentEvent e, CancellationToken ct);

    /// <summary>
    /// Called once for a transaction's batch before its events are applied, in the same scope: a handler may read
    /// what the whole batch needs in one query instead of one per event.
    /// </summary>
    Task PrepareAsync(IReadOnlyList<PaymentEvent> batch, CancellationToken ct) => Task.CompletedTask;
}

/// <summary>
/// Applies one verified event inside the caller's transaction (the webhook's group commit): records it once by its
/// id, hands it to the feature whose payment it is, and keeps what is no one's — money Masthead did not ask for, an
/// event about a payment it does not know — for Finance's review, with the reason. An event about a payment that
/// turns up later is applied when it does (Stripe does not promise order).
/// </summary>
/// <remarks>
/// The event row is claimed first with <c>ON CONFLICT DO NOTHING</c>: a repeat, even one racing this delivery on
/// another instance or in the same batch, finds the id taken and changes nothing, without a failed statement.
/// </remarks>
public sealed class PaymentEventRecorder(MastheadDb db, IEnumerable<IPaymentHandler> handlers, TimeProvider time)
{
    public const int NoteMax = 1000;

    /// <summary>The event types Masthead reads; any other is kept and acknowledged.</summary>
    public static readonly IReadOnlySet<string> Handled = new HashSet<string>
    {
        "checkout.session.completed", "checkout.session.async_payment_succeeded", "invoice.paid", "invoice.payment_failed",
        "customer.subscription.updated", "customer.subscription.deleted", "charge.refunded", "charge.dispute.created",
    };

    public async Task<PaymentOutcome> ApplyAsync(PaymentEvent e, CancellationToken ct)
    {
        var key = e.PaymentKey;
        var claimed = await db.ExecuteAsync("""
            INSERT INTO "WebhookEvents" ("Id", "Type", "ReceivedAt", "Outcome", "PaymentKey", "Payload")
            VALUES (@id, @type, @receivedAt, @outcome, @paymentKey, @payload)
            ON CONFLICT ("Id") DO NOTHING
            """, ct,
            ("id", e.Id), ("type", e.Type), ("receivedAt", time.GetUtcNow().UtcDateTime),
            ("outcome", WebhookOutcome.Applied), ("paymentKey", key), ("payload", e.Payload));
        if (claimed == 0) return new(PaymentStatus.Duplicate, $"Event {e.Id} was already applied.");

        var outcome = await RouteAsync(e, ct);
        // Features that work through the change tracker (supporters, the register): save before settling.
        if (db.ChangeTracker.HasChanges()) await db.SaveChangesAsync(ct);
        var paymentArrived = outcome.Status == PaymentStatus.Applied && ObjectType(e) == "checkout.session";
        var waiting = await SettleAsync(e.Id, outcome, paymentArrived ? key : null, ct);

        // Events about this payment that arrived before it and waited for review can now be applied: a gift's refund
        // or dispute, a subscription's invoices and changes.
        foreach (var (id, payload) in waiting)
        {
            if (PaymentEvent.Read(payload, out _) is not { } early) continue;
            var applied = await RouteAsync(early, ct);
            if (db.ChangeTracker.HasChanges()) await db.SaveChangesAsync(ct);
            if (applied.Status is PaymentStatus.NeedsReview) continue;
            await SettleAsync(id, new(applied.Status, $"Applied when the payment arrived: {applied.Message}"), null, ct, WebhookOutcome.Resolved);
        }
        return outcome;
    }

    /// <summary>Which feature's the event is, and what it does there; nothing is written for an event that is no one's.</summary>
    private async Task<PaymentOutcome> RouteAsync(PaymentEvent e, CancellationToken ct)
    {
        if (!Handled.Contains(e.Type)) return PaymentOutcome.Ignore($"Masthead does not act on {e.Type}.");
        var expected = e.Type switch
        {
            "checkout.session.completed" or "checkout.session.async_payment_succeeded" => "checkout.session",
            "invoice.paid" or "invoice.payment_failed" => "invoice",
            "customer.subscription.updated" or "customer.subscription.deleted" => "subscription",
            "charge.refunded" => "charge",
            _ => "dispute",
        };
        if (ObjectType(e) != expected)
            return PaymentOutcome.Review($"A {e.Type} event whose object is not a {expected}: kept as it came.");
        if (expected == "checkout.session") return await CheckoutAsync(e, CheckoutSession.From(e.Object), ct);

        foreach (var handler in handlers)
        {
            if (await handler.ApplyAsync(e, ct) is { } outcome) return outcome;
        }
        return e.Type switch
        {
            "invoice.payment_failed" when Invoice.From(e.Object).SubscriptionId is null =>
                PaymentOutcome.Ignore($"A failed payment of invoice {Invoice.From(e.Object).Id} that is not for a subscription: no money moved."),
            "invoice.payment_failed" or "customer.subscription.updated" or "customer.subscription.deleted" =>
                PaymentOutcome.Review($"{e.Type} about {e.PaymentKey ?? "a subscription with no id"}, which Masthead has not recorded."),
            "invoice.paid" => PaymentOutcome.Review(Invoice.From(e.Object) is var i && i.SubscriptionId is null
                ? $"Invoice {i.Id} paid {Amount(i.AmountPaid, i.Currency)}, not for a subscription: not money Masthead asked for."
                : $"Payment {i.Id} of {Amount(i.AmountPaid, i.Currency)} for subscription {i.SubscriptionId}, which Masthead has not recorded."),
            "charge.refunded" => PaymentOutcome.Review($"Refund for payment {e.PaymentKey ?? "with no id"}, which Masthead has not recorded."),
            _ => PaymentOutcome.Review($"Dispute on payment {e.PaymentKey ?? "with no id"}, which Masthead has not recorded."),
        };
    }

    private async Task<PaymentOutcome> CheckoutAsync(PaymentEvent e, CheckoutSession session, CancellationToken ct)
    {
        if (!session.Paid)
            return PaymentOutcome.Ignore($"Checkout {session.Id} is {session.PaymentStatus ?? "not paid"}; waiting for checkout.session.async_payment_succeeded.");
        if (session.Id is null) return PaymentOutcome.Review($"A paid checkout of {Amount(session.AmountTotal, session.Currency)} without an id.");
        var owner = handlers.FirstOrDefault(h => h.Owns(session));
        if (owner is null)
            return PaymentOutcome.Review($"Checkout {session.Id} paid {Amount(session.AmountTotal, session.Currency)} but was not started by Masthead "
                + (session.Metadata.Count == 0 ? "(no metadata: a Payment Link or another system's checkout)." : $"(metadata: {string.Join(", ", session.Metadata.Keys.Take(5))})."));
        return await owner.CheckoutPaidAsync(e, session, ct);
    }

    private static string? ObjectType(PaymentEvent e) => e.Object.ValueKind == System.Text.Json.JsonValueKind.Object
        ? StripeJson.Text(e.Object, "object") : null;

    /// <summary>An amount as Finance reads it in a note: "£12.50" for pounds, "1250 usd" otherwise.</summary>
    public static string Amount(long? minorUnits, string? currency) => minorUnits switch
    {
        null => "an unreadable amount",
        { } p when string.Equals(currency, "gbp", StringComparison.OrdinalIgnoreCase) && p is >= 0 and < 1_000_000_000_000 => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"£{p / 100:N0}.{p % 100:00}"),
        { } p => $"{p} (minor units) {ExternalText.Normalise(currency, 8) ?? "in no currency"}",
    };

    /// <summary>
    /// The payment an event is about (Stripe payment intent; for a supporter, the subscription), to match late
    /// arrivals and to lock on.
    /// </summary>
    public static string? PaymentKey(PaymentEvent e)
    {
        if (e.Object.ValueKind != System.Text.Json.JsonValueKind.Object) return null;
        return ObjectType(e) switch
        {
            "checkout.session" => CheckoutSession.From(e.Object) is var s ? s.SubscriptionId ?? s.PaymentIntentId ?? s.Id : null,
            "invoice" => Invoice.From(e.Object).SubscriptionId,
            "subscription" => Subscription.From(e.Object).Id,
            "charge" => Charge.From(e.Object) is var c ? c.PaymentIntentId ?? c.Id : null,
            "dispute" => Dispute.From(e.Object) is var d ? d.PaymentIntentId ?? d.ChargeId : null,
            _ => null,
        };
    }

    /// <summary>
    /// Records the event's outcome. With a payment key (a payment just recorded), also returns the events about that
    /// payment that are waiting for review, oldest first — in the same round trip.
    /// </summary>
    private async Task<List<(string Id, string Payload)>> SettleAsync(string id, PaymentOutcome outcome, string? waitingFor, CancellationToken ct,
        WebhookOutcome? settled = null)
    {
        const string settle = """
            UPDATE "WebhookEvents" SET "Outcome" = @outcome, "Note" = @note WHERE "Id" = @id;
            """;
        var state = settled ?? outcome.Status switch
        {
            PaymentStatus.NeedsReview => WebhookOutcome.NeedsReview,
            PaymentStatus.Ignored => WebhookOutcome.Ignored,
            _ => WebhookOutcome.Applied,
        };
        var note = ExternalText.Normalise(outcome.Message, NoteMax);
        if (waitingFor is null)
        {
            await db.ExecuteAsync(settle, ct, ("outcome", state), ("note", note), ("id", id));
            return [];
        }
        return await db.QueryAsync(settle + """
            SELECT "Id", "Payload" FROM "WebhookEvents"
            WHERE "Outcome" = @review AND "PaymentKey" = @key AND "Id" <> @id
            ORDER BY "ReceivedAt";
            """, r => (r.GetString(0), r.GetString(1)), ct,
            ("outcome", state), ("note", note), ("id", id), ("review", WebhookOutcome.NeedsReview), ("key", waitingFor));
    }
}
