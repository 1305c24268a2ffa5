using Masthead.Data;
using Masthead.Features.Donations;
using Microsoft.EntityFrameworkCore;
using Stripe;
using Stripe.Checkout;
using PaymentMethod = Masthead.Features.Donations.PaymentMethod;
using Outcome = Masthead.Features.Donations.StripeWebhook.Outcome;
using Status = Masthead.Features.Donations.StripeWebhook.Status;

namespace Masthead.Features.Supporters;

/// <summary>
/// What the payment provider's subscription events do to supporters, inside the webhook's transaction: a completed
/// subscription checkout makes the supporter; <c>invoice.paid</c> records a monthly payment; <c>invoice.payment_failed</c>
/// emails the supporter; <c>customer.subscription.updated/deleted</c> keep the state and amount true. Events about a
/// subscription Masthead doesn't know wait in Finance's review queue and are applied when its checkout arrives.
/// Messages name ids and amounts only: they are logged and shown to staff.
/// </summary>
public sealed class SupporterEvents(MastheadDb db, DonationRecorder recorder, SupporterEmails emails)
{
    /// <summary>The <c>metadata.purpose</c> of a supporter's checkout.</summary>
    public const string Purpose = "supporter";
    public const string KeyMetadata = "masthead_supporter";

    public static bool Handles(string type) =>
        type is "invoice.paid" or "invoice.payment_failed" or "customer.subscription.updated" or "customer.subscription.deleted";

    /// <summary>The subscription an event is about, to serialise and match events of one subscription.</summary>
    public static string? SubscriptionOf(IHasObject? o) => o switch
    {
        Invoice i => i.Parent?.SubscriptionDetails?.SubscriptionId,
        Subscription s => s.Id,
        Session s => s.SubscriptionId,
        _ => null,
    };

    public async Task<Outcome> CheckoutCompletedAsync(Event e, Session session, CancellationToken ct)
    {
        if (session.Mode != "subscription" || string.IsNullOrEmpty(session.SubscriptionId))
            return new(Status.Ignored, $"Supporter checkout {session.Id} has no subscription.");
        var key = Guid.TryParse(session.Metadata?.GetValueOrDefault(KeyMetadata), out var k) ? k : (Guid?)null;
        var supporter = await db.Supporters.Include(s => s.Scheme)
            .FirstOrDefaultAsync(s => (key != null && s.Key == key) || s.CheckoutSessionId == session.Id, ct);
        if (supporter is null)
            return new(Status.NeedsReview, $"Supporter checkout {session.Id} (subscription {session.SubscriptionId}) that Masthead did not start.");
        if (supporter.SubscriptionId is not null)
            return new(Status.Duplicate, $"Supporter {supporter.Id} already has subscription {supporter.SubscriptionId}.");

        supporter.SubscriptionId = session.SubscriptionId;
        supporter.CustomerId = session.CustomerId;
        supporter.CheckoutSessionId ??= session.Id;
        SupporterRules.Apply(supporter, SupporterState.Active, e.Created.ToUniversalTime());
        db.Outbox.Add(emails.Welcome(supporter, supporter.Scheme!));
        await db.SaveChangesAsync(ct);
        // Invoices and changes that arrived before this checkout are applied next by StripeEventRecorder.
        return new(Status.Applied, $"Supporter {supporter.Id} started {Money(supporter.MonthlyPence)} a month (subscription {session.SubscriptionId}).");
    }

    /// <summary>Applies an invoice or subscription event (<see cref="Handles"/>).</summary>
    public async Task<Outcome> ApplyAsync(Event e, CancellationToken ct) => e.Data.Object switch
    {
        Invoice invoice when e.Type == "invoice.paid" => await PaidAsync(e, invoice, ct),
        Invoice invoice when e.Type == "invoice.payment_failed" => await FailedAsync(e, invoice, ct),
        Subscription subscription => await SubscriptionChangedAsync(e, subscription, ct),
        _ => new(Status.Ignored, $"Masthead does not act on {e.Type} with this object."),
    };

    private async Task<Outcome> PaidAsync(Event e, Invoice invoice, CancellationToken ct)
    {
        if (SubscriptionOf(invoice) is not { } subscription) return new(Status.Ignored, $"Invoice {invoice.Id} is not for a subscription.");
        if (await SupporterAsync(subscription, ct) is not { } supporter)
            return Unknown(subscription, $"Payment {invoice.Id} of {Money(invoice.AmountPaid)}");
        if (invoice.AmountPaid <= 0) return new(Status.Ignored, $"Invoice {invoice.Id} took no money.");

        var paidAt = (invoice.StatusTransitions?.PaidAt ?? e.Created).ToUniversalTime();
        var (result, entry) = await recorder.RecordAsync(new DonationRecorder.Money(
            $"stripe:invoice:{invoice.Id}", EntryKind.SupporterPayment, PaymentMethod.Card, invoice.AmountPaid,
            invoice.Currency ?? supporter.Currency, paidAt, DonorName: supporter.Name, Reference: invoice.Id,
            Note: $"{supporter.Scheme!.Name}, monthly", CountsTowardFund: supporter.Scheme.CountsTowardFund, SupporterId: supporter.Id),
            StripeWebhook.RecordedBy, ct);
        if (result == DonationRecorder.Result.AlreadyRecorded) return new(Status.Duplicate, $"Invoice {invoice.Id} was already recorded.");
        // A paid invoice is news that the subscription is in good standing (a past-due one is cleared).
        if (supporter.State == SupporterState.PastDue) SupporterRules.Apply(supporter, SupporterState.Active, e.Created.ToUniversalTime());
        return new(Status.Applied, $"Recorded {Money(entry.AmountPence)} from supporter {supporter.Id} (entry {entry.Id}).");
    }

    private async Task<Outcome> FailedAsync(Event e, Invoice invoice, CancellationToken ct)
    {
        if (SubscriptionOf(invoice) is not { } subscription) return new(Status.Ignored, $"Invoice {invoice.Id} is not for a subscription.");
        if (await SupporterAsync(subscription, ct) is not { } supporter)
            return Unknown(subscription, $"Failed payment {invoice.Id}");
        if (supporter.State == SupporterState.Cancelled)
            return new(Status.Ignored, $"Supporter {supporter.Id} has cancelled; no email about invoice {invoice.Id}.");
        SupporterRules.Apply(supporter, SupporterState.PastDue, e.Created.ToUniversalTime());
        var mail = emails.PaymentFailed(supporter, invoice.Id, invoice.AttemptCount, invoice.AmountDue, invoice.HostedInvoiceUrl);
        if (!await db.Outbox.AnyAsync(o => o.Key == mail.Key, ct)) db.Outbox.Add(mail);
        return new(Status.Applied, $"Payment {invoice.Id} of supporter {supporter.Id} failed (attempt {invoice.AttemptCount}); they were emailed a way to fix it.");
    }

    private async Task<Outcome> SubscriptionChangedAsync(Event e, Subscription subscription, CancellationToken ct)
    {
        if (await SupporterAsync(subscription.Id, ct) is not { } supporter)
            return Unknown(subscription.Id, $"Change ({e.Type}, {subscription.Status})");
        var state = e.Type == "customer.subscription.deleted" ? SupporterState.Cancelled : SupporterRules.FromStripeStatus(subscription.Status);
        if (state is null) return new(Status.Ignored, $"Subscription {subscription.Id} is {subscription.Status}; waiting for the next change.");
        var item = subscription.Items?.Data?.FirstOrDefault();
        long? monthly = item?.Price?.UnitAmount is { } unit ? unit * Math.Max(1, item.Quantity) : null;
        var before = (supporter.State, supporter.MonthlyPence);
        var cancelsAt = subscription.CancelAt?.ToUniversalTime();
        var endChanged = state != SupporterState.Cancelled && supporter.State != SupporterState.Cancelled
            && e.Created.ToUniversalTime() >= supporter.StateAt && cancelsAt != supporter.CancelsAt;
        if (endChanged) supporter.CancelsAt = cancelsAt;
        if (!SupporterRules.Apply(supporter, state.Value, e.Created.ToUniversalTime(), monthly) && !endChanged)
            return new(Status.Duplicate, $"Supporter {supporter.Id} is already {supporter.State} at {Money(supporter.MonthlyPence)}, by news no older than this.");
        return new(Status.Applied, $"Supporter {supporter.Id}: {before.State} at {Money(before.MonthlyPence)} → {supporter.State} at {Money(supporter.MonthlyPence)}"
            + (supporter.CancelsAt is { } stops && supporter.State != SupporterState.Cancelled ? $", set to stop on {stops:yyyy-MM-dd}." : "."));
    }

    private Task<Supporter?> SupporterAsync(string subscription, CancellationToken ct) =>
        db.Supporters.Include(s => s.Scheme).FirstOrDefaultAsync(s => s.SubscriptionId == subscription, ct);

    private static Outcome Unknown(string subscription, string what) =>
        new(Status.NeedsReview, $"{what} for subscription {subscription}, which Masthead has not recorded.");

    private static string Money(long pence) => FightingFund.Money.Pence(pence);
}
