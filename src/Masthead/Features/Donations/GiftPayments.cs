using Masthead.Data;
using Masthead.Features.FightingFund;
using Masthead.Infrastructure.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using static Masthead.Infrastructure.Payments.StripeObjects;

namespace Masthead.Features.Donations;

/// <summary>
/// The fighting fund's part of the payment webhook. A paid checkout counts as a gift only when it matches a
/// <see cref="DonationIntent"/> that /donate created — by the id Masthead put in <c>client_reference_id</c> and
/// metadata, for the same amount and currency — and the donor's name, town and thanks come from that intent, not
/// from what travelled through Stripe. Refunds and disputes of a recorded gift reverse it in the period where it
/// counted, never by more than was given.
/// </summary>
public sealed class GiftPayments(MastheadDb db, DonationRecorder recorder, IOptions<FundOptions> fund, TimeProvider time) : IPaymentHandler
{
    public const string Purpose = "donation";
    public const string IntentMetadata = "masthead_intent";

    /// <summary>What a gift's checkout carries: what it is for and which intent it pays. Nothing about the donor.</summary>
    public static Dictionary<string, string> Metadata(DonationIntent intent) => new()
    {
        ["purpose"] = Purpose,
        [IntentMetadata] = intent.Id.ToString(),
    };

    /// <summary>The hosted checkout of one gift.</summary>
    public static CheckoutRequest Checkout(DonationIntent intent) => new(
        Monthly: false, Reference: intent.Id.ToString(), intent.Email, "Fighting fund donation", intent.AmountPence, 1, intent.Currency,
        Metadata(intent), SandboxPage: $"/sandbox/checkout/{intent.Id}");

    // Checkouts started before purposes existed carry only the intent.
    public bool Owns(CheckoutSession session) =>
        session.Purpose == Purpose || (session.Purpose is null && session.Metadata.ContainsKey(IntentMetadata));

    public async Task<PaymentOutcome> CheckoutPaidAsync(PaymentEvent e, CheckoutSession session, CancellationToken ct)
    {
        var paid = PaymentEventRecorder.Amount(session.AmountTotal, session.Currency);
        if (session.Mode != "payment")
            return PaymentOutcome.Review($"Checkout {session.Id} in {session.Mode ?? "no"} mode claims to be a gift, which is always a one-off payment.");
        var named = IdOf(session.Metadata.GetValueOrDefault(IntentMetadata)) ?? IdOf(session.ClientReferenceId);
        var intent = await IntentAsync(e, named, session.Id!, ct);
        if (intent is null)
            return PaymentOutcome.Review($"Checkout {session.Id} paid {paid} as a gift, but matches no gift started on the donate page.");
        if (intent.ProviderSessionId is { } started && started != session.Id)
            return PaymentOutcome.Review($"Checkout {session.Id} paid {paid} for gift {intent.Id}, which was started as checkout {started}.");
        if (!string.Equals(session.Currency, intent.Currency, StringComparison.OrdinalIgnoreCase))
            return PaymentOutcome.Review($"Checkout {session.Id} paid {paid} for gift {intent.Id}, which was asked in {intent.Currency}.");
        if (session.AmountTotal != intent.AmountPence)
            return PaymentOutcome.Review($"Checkout {session.Id} paid {paid} for gift {intent.Id}, where the donor chose {Money.Pence(intent.AmountPence)}.");
        if (intent.AmountPence <= 0 || intent.AmountPence > fund.Value.MaximumDonationPounds * 100)
            return PaymentOutcome.Review($"Checkout {session.Id} paid {paid}, above the largest gift taken online ({Money.Pounds(fund.Value.MaximumDonationPounds)}).");

        var (result, gift) = await recorder.RecordAsync(new DonationRecorder.Money(
            ExternalId: $"stripe:checkout:{session.Id}", EntryKind.Donation, PaymentMethod.Card, intent.AmountPence, intent.Currency,
            e.CreatedUtc(time.GetUtcNow()), DonorName: intent.Name, DonorEmail: intent.Email, DonorTown: intent.Town,
            ThankAs: intent.ThankAs, ShowTown: intent.ShowTown, Reference: session.PaymentIntentId ?? session.Id), StripeWebhook.RecordedBy, ct);
        if (result == DonationRecorder.Result.AlreadyRecorded) return new(PaymentStatus.Duplicate, $"Checkout {session.Id} was already recorded.");
        return new(PaymentStatus.Applied, $"Recorded a gift of {Money.Pence(gift.AmountPence)}.");
    }

    public async Task<PaymentOutcome?> ApplyAsync(PaymentEvent e, CancellationToken ct)
    {
        switch (e.Type)
        {
            case "charge.refunded":
                var charge = Charge.From(e.Object);
                return await GiftAsync(charge.PaymentIntentId, ct) is { } refunded ? await RefundAsync(e, charge, refunded, ct) : null;
            case "charge.dispute.created":
                var dispute = Dispute.From(e.Object);
                return await GiftAsync(dispute.PaymentIntentId, ct) is { } disputed ? await DisputeAsync(e, dispute, disputed, ct) : null;
            default:
                return null;
        }
    }

    private async Task<PaymentOutcome> RefundAsync(PaymentEvent e, Charge charge, LedgerEntry gift, CancellationToken ct)
    {
        if (charge.AmountRefunded is not { } total || total < 0 || charge.Id is null)
            return PaymentOutcome.Review($"Refund of gift {gift.Id} with no readable charge id or amount refunded.");
        if (!string.Equals(charge.Currency ?? gift.Currency, gift.Currency, StringComparison.OrdinalIgnoreCase))
            return PaymentOutcome.Review($"Refund of gift {gift.Id} in {charge.Currency}, which was given in {gift.Currency}.");
        // amount_refunded is the running total: take only what is not yet reversed, so events in any order add up.
        var refunded = await ReversedAsync(gift, EntryKind.Refund, ct);
        var due = Math.Min(total - refunded, gift.AmountPence + await ReversedAsync(gift, null, ct));
        if (due <= 0) return new(PaymentStatus.Duplicate, "The refund is already reflected in the ledger.");
        await recorder.RecordAsync(new DonationRecorder.Money(
            $"stripe:refund:{charge.Id}:{total}", EntryKind.Refund, PaymentMethod.Card, -due, gift.Currency,
            e.CreatedUtc(time.GetUtcNow()), DonorName: gift.DonorName, Reference: gift.Reference, ReversesId: gift.Id,
            Reason: "Refunded through Stripe", FundDate: gift.FundDate), StripeWebhook.RecordedBy, ct);
        return new(PaymentStatus.Applied, $"Reversed {Money.Pence(due)} of gift {gift.Id}.");
    }

    private async Task<PaymentOutcome> DisputeAsync(PaymentEvent e, Dispute dispute, LedgerEntry gift, CancellationToken ct)
    {
        if (dispute.Amount is not { } amount || amount <= 0 || dispute.Id is null)
            return PaymentOutcome.Review($"Dispute on gift {gift.Id} with no readable id or amount.");
        var due = Math.Min(amount, gift.AmountPence + await ReversedAsync(gift, null, ct));
        if (due <= 0) return new(PaymentStatus.Duplicate, "The gift is already fully reversed.");
        await recorder.RecordAsync(new DonationRecorder.Money(
            $"stripe:dispute:{dispute.Id}", EntryKind.Dispute, PaymentMethod.Card, -due, gift.Currency,
            e.CreatedUtc(time.GetUtcNow()), DonorName: gift.DonorName, Reference: gift.Reference, ReversesId: gift.Id,
            Reason: $"Disputed by the card holder ({dispute.Reason ?? "no reason given"})", FundDate: gift.FundDate), StripeWebhook.RecordedBy, ct);
        return new(PaymentStatus.Applied, $"Reversed {Money.Pence(due)} of gift {gift.Id} for a dispute.");
    }

    // Intents of the batch's gift checkouts, read in one query by PrepareAsync: by id, and by the checkout each was started as.
    private readonly Dictionary<Guid, DonationIntent> _byId = [];
    private readonly Dictionary<string, DonationIntent> _bySession = [];
    private readonly HashSet<string> _prepared = [];

    public async Task PrepareAsync(IReadOnlyList<PaymentEvent> batch, CancellationToken ct)
    {
        var sessions = batch.Where(e => e.Type.StartsWith("checkout.session.", StringComparison.Ordinal)
                && e.Object.ValueKind == System.Text.Json.JsonValueKind.Object)
            .Select(e => CheckoutSession.From(e.Object)).Where(s => s.Id is not null && Owns(s)).ToList();
        if (sessions.Count == 0) return;
        var ids = sessions.Select(s => IdOf(s.Metadata.GetValueOrDefault(IntentMetadata)) ?? IdOf(s.ClientReferenceId))
            .OfType<Guid>().Distinct().ToList();
        var sessionIds = sessions.Select(s => s.Id!).Distinct().ToList();
        var found = await db.DonationIntents.AsNoTracking()
            .Where(i => ids.Contains(i.Id) || sessionIds.Contains(i.ProviderSessionId!)).ToListAsync(ct);
        foreach (var intent in found)
        {
            _byId[intent.Id] = intent;
            if (intent.ProviderSessionId is { } started) _bySession[started] = intent;
        }
        _prepared.UnionWith(sessionIds);
    }

    /// <summary>The intent a checkout pays: by its key when the checkout names it, else by the checkout it was started as.</summary>
    private async Task<DonationIntent?> IntentAsync(PaymentEvent e, Guid? named, string sessionId, CancellationToken ct)
    {
        // The webhook prepares every batch; a checkout applied on its own is read the same way, as a batch of one.
        if (!_prepared.Contains(sessionId)) await PrepareAsync([e], ct);
        return (named is { } id ? _byId.GetValueOrDefault(id) : null) ?? _bySession.GetValueOrDefault(sessionId);
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

    private static Guid? IdOf(string? text) => Guid.TryParse(text, out var id) ? id : null;
}
