using Masthead.Data;
using Masthead.Features.FightingFund;
using Masthead.Features.Membership;
using Masthead.Features.Supporters;
using Masthead.Infrastructure.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;

namespace Masthead.Features.Donations;

/// <summary>
/// Applies Stripe's signed events to the ledger — the same code for Stripe itself and for the sandbox.
/// Each event is applied once by its id; each payment's money once by its own id; refunds and disputes
/// reverse the gift in the period where it counted and never more than was given; an event about a payment
/// Masthead does not know is kept for Finance to review and applied when the payment turns up.
/// It answers only after its effect is committed.
/// </summary>
public sealed class StripeWebhook(MastheadDb db, DonationRecorder recorder, SupporterEvents supporters, ShareApplications shares,
    FundLive live, IOptions<StripeOptions> options, TimeProvider time, ILogger<StripeWebhook> log)
{
    public const string RecordedBy = "stripe";

    public enum Status
    {
        Applied,
        Duplicate,
        Ignored,
        NeedsReview,
        BadSignature,
        Malformed,
    }

    public sealed record Outcome(Status Status, string Message);

    public async Task<Outcome> HandleAsync(string payload, string? signature, CancellationToken ct = default)
    {
        var secret = options.Value.WebhookSecret;
        if (string.IsNullOrEmpty(secret)) return new(Status.BadSignature, "Webhook secret is not configured.");
        try
        {
            EventUtility.ValidateSignature(payload, signature ?? "", secret,
                (long)options.Value.SignatureTolerance.TotalSeconds, time.GetUtcNow().ToUnixTimeSeconds());
        }
        catch (StripeException)
        {
            return new(Status.BadSignature, "The Stripe-Signature header does not match this payload, or is too old.");
        }
        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ParseEvent(payload, throwOnApiVersionMismatch: false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Signed by someone holding our secret, but not an event: refuse rather than guess.
            return new(Status.Malformed, "The payload is not a Stripe event.");
        }
        if (string.IsNullOrEmpty(stripeEvent.Id) || string.IsNullOrEmpty(stripeEvent.Type))
            return new(Status.Malformed, "The event has no id or type.");

        // One connection for the whole request, not one for the check and another for the transaction.
        var savepoints = db.Database.AutoSavepointsEnabled;
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            return await ApplyAsync(stripeEvent, payload, ct);
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = savepoints;
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<Outcome> ApplyAsync(Event stripeEvent, string payload, CancellationToken ct)
    {
        // Most repeats are caught here without a failed insert; concurrent ones by the primary key below.
        if (await db.WebhookEvents.AsNoTracking().AnyAsync(w => w.Id == stripeEvent.Id, ct))
            return new(Status.Duplicate, $"Event {stripeEvent.Id} was already applied.");

        using var gate = await WriteGate.EnterAsync(db, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // No savepoint around each SaveChanges: any failure below abandons the whole transaction anyway,
        // and the savepoints were two more statements per save.
        db.Database.AutoSavepointsEnabled = false;
        var record = new WebhookEvent
        {
            Id = stripeEvent.Id, Type = stripeEvent.Type, ReceivedAt = time.GetUtcNow().UtcDateTime, Payload = payload,
            PaymentKey = PaymentKey(stripeEvent),
        };
        db.WebhookEvents.Add(record);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DonationRecorder.IsUniqueViolation(e))
        {
            return new(Status.Duplicate, $"Event {stripeEvent.Id} was already applied.");
        }
        await LockPaymentAsync(record.PaymentKey, ct);

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
        record.Outcome = outcome.Status switch
        {
            Status.NeedsReview => WebhookOutcome.NeedsReview,
            Status.Ignored => WebhookOutcome.Ignored,
            _ => WebhookOutcome.Applied,
        };
        record.Note = outcome.Message;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        gate.Dispose();
        if (outcome.Status == Status.Applied) await live.ChangedAsync(ct);
        log.LogInformation("Stripe event {Id} {Type}: {Status} {Message}", stripeEvent.Id, stripeEvent.Type, outcome.Status, outcome.Message);
        return outcome;
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

        // Refunds or disputes that arrived before the gift itself can now be applied.
        var early = await db.WebhookEvents.Where(w => w.Outcome == WebhookOutcome.NeedsReview && w.PaymentKey == gift.Reference && w.Id != e.Id)
            .OrderBy(w => w.ReceivedAt).ToListAsync(ct);
        foreach (var waiting in early)
        {
            var parsed = EventUtility.ParseEvent(waiting.Payload, throwOnApiVersionMismatch: false);
            var applied = parsed.Data.Object switch
            {
                Charge c => await RefundAsync(parsed, c, ct),
                Dispute d => await DisputeAsync(parsed, d, ct),
                _ => null,
            };
            if (applied is { Status: Status.Applied or Status.Duplicate })
            {
                waiting.Outcome = WebhookOutcome.Resolved;
                waiting.Note = $"Applied when the gift arrived: {applied.Message}";
            }
        }
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

    /// <summary>
    /// Serialises events about one payment. SQLite's write transactions are already one at a time; PostgreSQL
    /// takes a transaction-scoped advisory lock on the payment.
    /// </summary>
    private async Task LockPaymentAsync(string? key, CancellationToken ct)
    {
        if (key is null || db.Provider != DatabaseProvider.Postgres) return;
        await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtext({0}))", [key], ct);
    }

    private static string? PaymentKey(Event e) => e.Data.Object switch
    {
        Session s => s.SubscriptionId ?? s.PaymentIntentId ?? s.Id,
        Invoice or Subscription => SupporterEvents.SubscriptionOf(e.Data.Object),
        Charge c => c.PaymentIntentId ?? c.Id,
        Dispute d => d.PaymentIntentId ?? d.ChargeId,
        _ => null,
    };

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
