using Masthead.Data;
using Masthead.Features.Donations;
using Masthead.Infrastructure.Payments;
using Microsoft.EntityFrameworkCore;
using static Masthead.Infrastructure.Payments.StripeObjects;
using PaymentMethod = Masthead.Features.Donations.PaymentMethod;

namespace Masthead.Features.Supporters;

/// <summary>
/// What the payment provider's subscription events do to supporters, inside the webhook's transaction: a completed
/// subscription checkout that matches a pending supporter (by the key Masthead put in its metadata, for the monthly
/// amount and currency asked) makes the supporter; <c>invoice.paid</c> records a monthly payment;
/// <c>invoice.payment_failed</c> emails the supporter; <c>customer.subscription.updated/deleted</c> keep the state and
/// amount true. Events about a subscription Masthead doesn't know are not this handler's: the payments module keeps
/// them for review and hands them back when the subscription's checkout arrives.
/// Messages name ids and amounts only: they are logged and shown to staff.
/// </summary>
public sealed class SupporterEvents(MastheadDb db, DonationRecorder recorder, SupporterEmails emails, TimeProvider time) : IPaymentHandler
{
    /// <summary>The <c>metadata.purpose</c> of a supporter's checkout.</summary>
    public const string Purpose = "supporter";
    public const string KeyMetadata = "masthead_supporter";

    public bool Owns(CheckoutSession session) => session.Purpose == Purpose;

    public async Task<PaymentOutcome> CheckoutPaidAsync(PaymentEvent e, CheckoutSession session, CancellationToken ct)
    {
        var paid = PaymentEventRecorder.Amount(session.AmountTotal, session.Currency);
        if (session.Mode != "subscription" || session.SubscriptionId is null)
            return PaymentOutcome.Review($"Supporter checkout {session.Id} paid {paid} but set up no subscription.");
        var key = Guid.TryParse(session.Metadata.GetValueOrDefault(KeyMetadata), out var k) ? k : (Guid?)null;
        var supporter = await db.Supporters.Include(s => s.Scheme)
            .FirstOrDefaultAsync(s => (key != null && s.Key == key) || s.CheckoutSessionId == session.Id, ct);
        if (supporter is null)
            return PaymentOutcome.Review($"Supporter checkout {session.Id} (subscription {session.SubscriptionId}) paid {paid}, but Masthead did not start it.");
        if (supporter.SubscriptionId is not null)
            return new(PaymentStatus.Duplicate, $"Supporter {supporter.Id} already has subscription {supporter.SubscriptionId}.");
        if (supporter.CheckoutSessionId is { } started && started != session.Id)
            return PaymentOutcome.Review($"Supporter checkout {session.Id} names supporter {supporter.Id}, who was started as checkout {started}.");
        if (!string.Equals(session.Currency, supporter.Currency, StringComparison.OrdinalIgnoreCase) || session.AmountTotal != supporter.MonthlyPence)
            return PaymentOutcome.Review($"Supporter checkout {session.Id} paid {paid} for supporter {supporter.Id}, who chose {Money(supporter.MonthlyPence)} a month.");

        supporter.SubscriptionId = session.SubscriptionId;
        supporter.CustomerId = session.CustomerId;
        supporter.CheckoutSessionId ??= session.Id;
        SupporterRules.Apply(supporter, SupporterState.Active, e.CreatedUtc(time.GetUtcNow()));
        db.Outbox.Add(emails.Welcome(supporter, supporter.Scheme!));
        await db.SaveChangesAsync(ct);
        // Invoices and changes that arrived before this checkout are applied next by the payments module.
        return new(PaymentStatus.Applied, $"Supporter {supporter.Id} started {Money(supporter.MonthlyPence)} a month (subscription {session.SubscriptionId}).");
    }

    /// <summary>Invoice and subscription events about a subscription of a supporter; null for any other.</summary>
    public async Task<PaymentOutcome?> ApplyAsync(PaymentEvent e, CancellationToken ct)
    {
        switch (e.Type)
        {
            case "invoice.paid" or "invoice.payment_failed":
                var invoice = Invoice.From(e.Object);
                if (invoice.SubscriptionId is null || await SupporterAsync(invoice.SubscriptionId, ct) is not { } payer) return null;
                return e.Type == "invoice.paid" ? await PaidAsync(e, invoice, payer, ct) : await FailedAsync(e, invoice, payer, ct);
            case "customer.subscription.updated" or "customer.subscription.deleted":
                var subscription = Subscription.From(e.Object);
                if (subscription.Id is null || await SupporterAsync(subscription.Id, ct) is not { } supporter) return null;
                return SubscriptionChanged(e, subscription, supporter);
            default:
                return null;
        }
    }

    private async Task<PaymentOutcome> PaidAsync(PaymentEvent e, Invoice invoice, Supporter supporter, CancellationToken ct)
    {
        if (invoice.Id is null || invoice.AmountPaid is not { } amount || amount < 0)
            return PaymentOutcome.Review($"A payment for subscription {invoice.SubscriptionId} with no readable invoice id or amount.");
        if (amount == 0) return PaymentOutcome.Ignore($"Invoice {invoice.Id} took no money.");
        if (!string.Equals(invoice.Currency, supporter.Currency, StringComparison.OrdinalIgnoreCase))
            return PaymentOutcome.Review($"Invoice {invoice.Id} of supporter {supporter.Id} was paid in {invoice.Currency ?? "no currency"}, not {supporter.Currency}.");
        if (amount > LedgerEntry.MaxAmountPence)
            return PaymentOutcome.Review($"Invoice {invoice.Id} of supporter {supporter.Id} paid {PaymentEventRecorder.Amount(amount, invoice.Currency)}, beyond any payment Masthead records.");

        var paidAt = (invoice.PaidAt ?? e.Created ?? time.GetUtcNow()).UtcDateTime;
        var (result, entry) = await recorder.RecordAsync(new DonationRecorder.Money(
            $"stripe:invoice:{invoice.Id}", EntryKind.SupporterPayment, PaymentMethod.Card, amount,
            supporter.Currency, paidAt, DonorName: supporter.Name, Reference: invoice.Id,
            Note: $"{supporter.Scheme!.Name}, monthly", CountsTowardFund: supporter.Scheme.CountsTowardFund, SupporterId: supporter.Id),
            StripeWebhook.RecordedBy, ct);
        if (result == DonationRecorder.Result.AlreadyRecorded) return new(PaymentStatus.Duplicate, $"Invoice {invoice.Id} was already recorded.");
        // A paid invoice is news that the subscription is in good standing (a past-due one is cleared).
        if (supporter.State == SupporterState.PastDue) SupporterRules.Apply(supporter, SupporterState.Active, e.CreatedUtc(time.GetUtcNow()));
        return new(PaymentStatus.Applied, $"Recorded {Money(entry.AmountPence)} from supporter {supporter.Id} (entry {entry.Id}).");
    }

    private async Task<PaymentOutcome> FailedAsync(PaymentEvent e, Invoice invoice, Supporter supporter, CancellationToken ct)
    {
        if (invoice.Id is null) return PaymentOutcome.Review($"A failed payment for subscription {invoice.SubscriptionId} with no invoice id.");
        if (supporter.State == SupporterState.Cancelled)
            return PaymentOutcome.Ignore($"Supporter {supporter.Id} has cancelled; no email about invoice {invoice.Id}.");
        SupporterRules.Apply(supporter, SupporterState.PastDue, e.CreatedUtc(time.GetUtcNow()));
        var attempt = invoice.AttemptCount is { } n and > 0 and < 1000 ? n : 1;
        var due = invoice.AmountDue is { } d and >= 0 and <= LedgerEntry.MaxAmountPence ? d : supporter.MonthlyPence;
        var mail = emails.PaymentFailed(supporter, invoice.Id, attempt, due, StripeLink(invoice.HostedInvoiceUrl));
        if (!await db.Outbox.AnyAsync(o => o.Key == mail.Key, ct)) db.Outbox.Add(mail);
        return new(PaymentStatus.Applied, $"Payment {invoice.Id} of supporter {supporter.Id} failed (attempt {attempt}); they were emailed a way to fix it.");
    }

    private PaymentOutcome SubscriptionChanged(PaymentEvent e, Subscription subscription, Supporter supporter)
    {
        var state = e.Type == "customer.subscription.deleted" ? SupporterState.Cancelled : SupporterRules.FromStripeStatus(subscription.Status);
        if (state is null) return PaymentOutcome.Ignore($"Subscription {subscription.Id} is {subscription.Status}; waiting for the next change.");
        var monthly = subscription.MonthlyPence;
        if (monthly is not null && !string.Equals(subscription.Currency ?? supporter.Currency, supporter.Currency, StringComparison.OrdinalIgnoreCase))
            return PaymentOutcome.Review($"Subscription {subscription.Id} of supporter {supporter.Id} now charges in {subscription.Currency}, not {supporter.Currency}.");
        if (monthly is > LedgerEntry.MaxAmountPence)
            return PaymentOutcome.Review($"Subscription {subscription.Id} of supporter {supporter.Id} now charges {PaymentEventRecorder.Amount(monthly, subscription.Currency)} a month, beyond any payment Masthead records.");
        var at = e.CreatedUtc(time.GetUtcNow());
        var before = (supporter.State, supporter.MonthlyPence);
        var cancelsAt = subscription.CancelAt?.UtcDateTime;
        var endChanged = state != SupporterState.Cancelled && supporter.State != SupporterState.Cancelled
            && at >= supporter.StateAt && cancelsAt != supporter.CancelsAt;
        if (endChanged) supporter.CancelsAt = cancelsAt;
        if (!SupporterRules.Apply(supporter, state.Value, at, monthly is > 0 ? monthly : null) && !endChanged)
            return new(PaymentStatus.Duplicate, $"Supporter {supporter.Id} is already {supporter.State} at {Money(supporter.MonthlyPence)}, by news no older than this.");
        return new(PaymentStatus.Applied, $"Supporter {supporter.Id}: {before.State} at {Money(before.MonthlyPence)} → {supporter.State} at {Money(supporter.MonthlyPence)}"
            + (supporter.CancelsAt is { } stops && supporter.State != SupporterState.Cancelled ? $", set to stop on {stops:yyyy-MM-dd}." : "."));
    }

    private Task<Supporter?> SupporterAsync(string subscription, CancellationToken ct) =>
        db.Supporters.Include(s => s.Scheme).FirstOrDefaultAsync(s => s.SubscriptionId == subscription, ct);

    /// <summary>Only Stripe's own pages go into a mail to a supporter.</summary>
    private static string? StripeLink(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps
        && (uri.Host == "stripe.com" || uri.Host.EndsWith(".stripe.com", StringComparison.Ordinal)) && url!.Length <= 1000 ? url : null;

    private static string Money(long pence) => Masthead.Kernel.Money.Pence(pence);
}
