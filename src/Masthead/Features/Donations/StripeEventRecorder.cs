using Masthead.Data;
using Masthead.Features.FightingFund;
using Masthead.Features.Membership;
using Masthead.Features.Supporters;
using Microsoft.EntityFrameworkCore;
using Stripe;
using Stripe.Checkout;
using static Masthead.Features.Donations.StripeWebhook;

namespace Masthead.Features.Donations;

/// <summary>
/// Applies one verified Stripe event to the ledger, inside the caller's transaction (the webhook's group
/// commit). Each event is applied once by its id; each payment's money once by its own id; refunds and
/// disputes reverse the gift in the period where it counted and never more than was given; an event about a
/// payment Masthead does not know is kept for Finance to review and applied when the payment turns up.
/// </summary>
/// <remarks>
/// The event row is claimed first with <c>ON CONFLICT DO NOTHING</c>: a repeat, even one racing this delivery on
/// another instance or in the same batch, finds the id taken and changes nothing, without a failed statement.
/// </remarks>
public sealed class StripeEventRecorder(MastheadDb db, DonationRecorder recorder, SupporterEvents supporters, ShareApplications shares,
    TimeProvider time)
{
    public async Task<Outcome> ApplyAsync(Event stripeEvent, string payload, CancellationToken ct)
    {
        var claimed = await db.ExecuteAsync("""
            INSERT INTO "WebhookEvents" ("Id", "Type", "ReceivedAt", "Outcome", "PaymentKey", "Payload")
            VALUES (@id, @type, @receivedAt, @outcome, @paymentKey, @payload)
            ON CONFLICT ("Id") DO NOTHING
            """, ct,
            ("id", stripeEvent.Id), ("type", stripeEvent.Type), ("receivedAt", time.GetUtcNow().UtcDateTime),
            ("outcome", WebhookOutcome.Applied), ("paymentKey", PaymentKey(stripeEvent)), ("payload", payload));
        if (claimed == 0) return new(Status.Duplicate, $"Event {stripeEvent.Id} was already applied.");

        var outcome = stripeEvent.Data.Object switch
        {
            // A checkout says what it was for in metadata.purpose; none means a gift, as before purposes existed.
            Session session when stripeEvent.Type is "checkout.session.completed" or "checkout.session.async_payment_succeeded"
                => session.Metadata?.GetValueOrDefault("purpose") switch
                {
                    null or "" or "donation" => await DonationAsync(stripeEvent, session, ct),
                    SupporterEvents.Purpose => await supporters.CheckoutCompletedAsync(stripeEvent, session, ct),
                    // Share money is capital for the register, never a gift to the fund.
                    ShareCheckout.Purpose => await shares.CardPaidAsync(stripeEvent, session, ct),
                    var purpose => new Outcome(Status.Ignored, $"Masthead does not act on a checkout for \"{purpose}\"."),
                },
            Invoice or Subscription when SupporterEvents.Handles(stripeEvent.Type) => await supporters.ApplyAsync(stripeEvent, ct),
            Charge charge when stripeEvent.Type == "charge.refunded" => await RefundAsync(stripeEvent, charge, ct),
            Dispute dispute when stripeEvent.Type == "charge.dispute.created" => await DisputeAsync(stripeEvent, dispute, ct),
            _ => new Outcome(Status.Ignored, $"Masthead does not act on {stripeEvent.Type}."),
        };
        // Supporters and the register work through the change tracker: save what they changed before settling.
        if (db.ChangeTracker.HasChanges()) await db.SaveChangesAsync(ct);
        var paymentArrived = stripeEvent.Data.Object is Session s && outcome.Status == Status.Applied
            && (IsGift(s) || s.Metadata?.GetValueOrDefault("purpose") == SupporterEvents.Purpose);
        var waiting = await SettleAsync(stripeEvent.Id, outcome.Status switch
        {
            Status.NeedsReview => WebhookOutcome.NeedsReview,
            Status.Ignored => WebhookOutcome.Ignored,
            _ => WebhookOutcome.Applied,
        }, outcome.Message, paymentArrived ? PaymentKey(stripeEvent) : null, ct);

        // Events about this payment that arrived before it (Stripe does not promise order) and waited for review
        // can now be applied: a gift's refund or dispute, a subscription's invoices and changes.
        foreach (var early in waiting)
        {
            var parsed = EventUtility.ParseEvent(early.Payload, throwOnApiVersionMismatch: false);
            var applied = parsed.Data.Object switch
            {
                Charge c when parsed.Type == "charge.refunded" => await RefundAsync(parsed, c, ct),
                Dispute d when parsed.Type == "charge.dispute.created" => await DisputeAsync(parsed, d, ct),
                Invoice or Subscription when SupporterEvents.Handles(parsed.Type) => await supporters.ApplyAsync(parsed, ct),
                _ => null,
            };
            if (db.ChangeTracker.HasChanges()) await db.SaveChangesAsync(ct);
            if (applied is null or { Status: Status.NeedsReview }) continue;
            await SettleAsync(early.Id, WebhookOutcome.Resolved, $"Applied when the payment arrived: {applied.Message}", null, ct);
        }
        return outcome;
    }

    private const int NoteMax = 1000;

    private static bool IsGift(Session s) => s.Metadata?.GetValueOrDefault("purpose") is null or "" or "donation";

    /// <summary>
    /// The payment an event is about (Stripe payment intent; for a supporter, the subscription), to match late
    /// arrivals and to lock on.
    /// </summary>
    public static string? PaymentKey(Event e) => e.Data.Object switch
    {
        Session s => s.SubscriptionId ?? s.PaymentIntentId ?? s.Id,
        Invoice or Subscription => SupporterEvents.SubscriptionOf(e.Data.Object),
        Charge c => c.PaymentIntentId ?? c.Id,
        Dispute d => d.PaymentIntentId ?? d.ChargeId,
        _ => null,
    };

    /// <summary>
    /// Records the event's outcome. With a payment key (a gift just recorded), also returns the events about that
    /// payment that are waiting for review, oldest first — in the same round trip.
    /// </summary>
    private async Task<List<(string Id, string Payload)>> SettleAsync(string id, WebhookOutcome outcome, string note, string? waitingFor,
        CancellationToken ct)
    {
        const string settle = """
            UPDATE "WebhookEvents" SET "Outcome" = @outcome, "Note" = @note WHERE "Id" = @id;
            """;
        if (note.Length > NoteMax) note = note[..NoteMax];
        if (waitingFor is null)
        {
            await db.ExecuteAsync(settle, ct, ("outcome", outcome), ("note", note), ("id", id));
            return [];
        }
        return await db.QueryAsync(settle + """
            SELECT "Id", "Payload" FROM "WebhookEvents"
            WHERE "Outcome" = @review AND "PaymentKey" = @key AND "Id" <> @id
            ORDER BY "ReceivedAt";
            """, r => (r.GetString(0), r.GetString(1)), ct,
            ("outcome", outcome), ("note", note), ("id", id), ("review", WebhookOutcome.NeedsReview), ("key", waitingFor));
    }

    private async Task<Outcome> DonationAsync(Event e, Session session, CancellationToken ct)
    {
        if (session.Mode != "payment") return new(Status.Ignored, $"Checkout in {session.Mode} mode is not a one-off gift.");
        if (session.PaymentStatus is not ("paid" or "no_payment_required"))
            return new(Status.Ignored, $"Payment is {session.PaymentStatus}; waiting for checkout.session.async_payment_succeeded.");
        if (session.AmountTotal is not > 0) return new(Status.Ignored, "A checkout with no amount.");

        var metadata = session.Metadata ?? [];
        var thankAs = Enum.TryParse<ThankAs>(metadata.GetValueOrDefault("thank_as"), out var t) ? t : (ThankAs?)null;
        var (result, gift) = await recorder.RecordAsync(new DonationRecorder.Money(
            ExternalId: $"stripe:checkout:{session.Id}", EntryKind.Donation, PaymentMethod.Card,
            session.AmountTotal.Value, session.Currency ?? "gbp", e.Created.ToUniversalTime(),
            DonorName: Blank(metadata.GetValueOrDefault("donor_name")) ?? session.CustomerDetails?.Name,
            DonorEmail: session.CustomerDetails?.Email ?? session.CustomerEmail,
            DonorTown: Blank(metadata.GetValueOrDefault("donor_town")),
            ThankAs: thankAs, ShowTown: metadata.GetValueOrDefault("show_town") == "yes",
            Reference: session.PaymentIntentId ?? session.Id), RecordedBy, ct);
        if (result == DonationRecorder.Result.AlreadyRecorded) return new(Status.Duplicate, $"Checkout {session.Id} was already recorded.");
        return new(Status.Applied, $"Recorded a gift of {Money.Pence(gift.AmountPence)}.");
    }

    private async Task<Outcome> RefundAsync(Event e, Charge charge, CancellationToken ct)
    {
        var gift = await GiftAsync(charge.PaymentIntentId, ct);
        if (gift is null && await shares.IsSharePaymentAsync(charge.PaymentIntentId, ct))
            return new(Status.Ignored, "A refund of share money: the register recorded it when the committee refused the application.");
        if (gift is null) return new(Status.NeedsReview, $"Refund for payment {charge.PaymentIntentId ?? charge.Id}, which Masthead has not recorded.");
        // amount_refunded is the running total: take only what is not yet reversed, so events in any order add up.
        var refunded = await ReversedAsync(gift, EntryKind.Refund, ct);
        var due = Math.Min(charge.AmountRefunded - refunded, gift.AmountPence + await ReversedAsync(gift, null, ct));
        if (due <= 0) return new(Status.Duplicate, "The refund is already reflected in the ledger.");
        await recorder.RecordAsync(new DonationRecorder.Money(
            $"stripe:refund:{charge.Id}:{charge.AmountRefunded}", EntryKind.Refund, PaymentMethod.Card, -due, gift.Currency,
            e.Created.ToUniversalTime(), DonorName: gift.DonorName, Reference: gift.Reference, ReversesId: gift.Id,
            Reason: "Refunded through Stripe", FundDate: gift.FundDate), RecordedBy, ct);
        return new(Status.Applied, $"Reversed {Money.Pence(due)} of gift {gift.Id}.");
    }

    private async Task<Outcome> DisputeAsync(Event e, Dispute dispute, CancellationToken ct)
    {
        var gift = await GiftAsync(dispute.PaymentIntentId, ct);
        if (gift is null) return new(Status.NeedsReview, $"Dispute on payment {dispute.PaymentIntentId ?? dispute.ChargeId}, which Masthead has not recorded.");
        var due = Math.Min(dispute.Amount, gift.AmountPence + await ReversedAsync(gift, null, ct));
        if (due <= 0) return new(Status.Duplicate, "The gift is already fully reversed.");
        await recorder.RecordAsync(new DonationRecorder.Money(
            $"stripe:dispute:{dispute.Id}", EntryKind.Dispute, PaymentMethod.Card, -due, gift.Currency,
            e.Created.ToUniversalTime(), DonorName: gift.DonorName, Reference: gift.Reference, ReversesId: gift.Id,
            Reason: $"Disputed by the card holder ({dispute.Reason})", FundDate: gift.FundDate), RecordedBy, ct);
        return new(Status.Applied, $"Reversed {Money.Pence(due)} of gift {gift.Id} for a dispute.");
    }

    private Task<LedgerEntry?> GiftAsync(string? paymentIntent, CancellationToken ct) =>
        paymentIntent is null
            ? Task.FromResult<LedgerEntry?>(null)
            : db.Ledger.AsNoTracking().FirstOrDefaultAsync(l => l.Kind == EntryKind.Donation && l.Reference == paymentIntent, ct);

    /// <summary>How much of a gift is already reversed (a positive number), by one kind of reversal or all.</summary>
    private async Task<long> ReversedAsync(LedgerEntry gift, EntryKind? kind, CancellationToken ct)
    {
        var sum = await db.Ledger.Where(l => l.ReversesId == gift.Id && (kind == null || l.Kind == kind))
            .SumAsync(l => (long?)l.AmountPence, ct) ?? 0;
        return kind is null ? sum : -sum;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
