using Masthead.Data;
using Masthead.Features.FightingFund;
using Masthead.Infrastructure.Payments;
using Microsoft.Extensions.Options;
using Stripe;

namespace Masthead.Features.Donations;

/// <summary>
/// Stripe's webhook — the same code for Stripe itself and for the sandbox: checks the signature, reads the
/// event, and hands it to <see cref="StripeEventRecorder"/> through a group commit, so a burst of events
/// shares transactions and commits. Each caller is answered only after the transaction holding its event
/// has committed.
/// </summary>
public sealed class StripeWebhook(IServiceScopeFactory scopes, FundLive live, IOptions<StripeOptions> options, TimeProvider time,
    ILogger<StripeWebhook> log) : GroupCommit<StripeWebhook.Delivery, StripeWebhook.Outcome>(scopes, log)
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

    /// <summary>A verified event, with the payload it came in (kept as the record of what Stripe said).</summary>
    public sealed record Delivery(Event Event, string Payload);

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

        return await RunAsync(new Delivery(stripeEvent, payload), ct);
    }

    /// <summary>
    /// Serialises events about one payment across transactions (several writers, several instances). SQLite's
    /// write transactions are already one at a time; on PostgreSQL the transaction takes an advisory lock on each
    /// payment of the batch (or on the event, for one about no payment), all in one statement and in the order of
    /// the lock keys, so two batches never wait for each other in a circle.
    /// </summary>
    protected override async Task BeginAsync(MastheadDb db, IReadOnlyList<Delivery> items, CancellationToken ct)
    {
        if (db.Provider != DatabaseProvider.Postgres) return;
        var keys = items.Select(d => StripeEventRecorder.PaymentKey(d.Event) ?? d.Event.Id).Distinct().ToArray();
        // The sorted sub-select feeds the aggregate in key order, so the locks are taken in that order.
        await db.QueryAsync("""
            SELECT count(pg_advisory_xact_lock(k)) FROM (SELECT DISTINCT hashtext(p) AS k FROM unnest(@keys) AS p ORDER BY k) AS locks
            """, r => r.GetInt64(0), ct, ("keys", keys));
    }

    protected override Task<Outcome> ApplyAsync(IServiceProvider services, MastheadDb db, Delivery item, CancellationToken ct) =>
        services.GetRequiredService<StripeEventRecorder>().ApplyAsync(item.Event, item.Payload, ct);

    protected override async Task CommittedAsync(IReadOnlyList<(Delivery Item, Outcome Result)> committed, CancellationToken ct)
    {
        foreach (var (delivery, outcome) in committed)
        {
            log.LogInformation("Stripe event {Id} {Type}: {Status} {Message}", delivery.Event.Id, delivery.Event.Type, outcome.Status,
                outcome.Message);
        }
        // One nudge for the whole batch: pages hear of every gift in it at once.
        if (committed.Any(c => c.Result.Status == Status.Applied)) await live.ChangedAsync(ct);
    }
}
