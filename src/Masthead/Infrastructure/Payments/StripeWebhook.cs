using Masthead.Data;
using Masthead.Infrastructure.Operations;
using Microsoft.Extensions.Options;
using Stripe;

namespace Masthead.Infrastructure.Payments;

public enum PaymentStatus
{
    Applied,
    Duplicate,
    Ignored,
    NeedsReview,
    BadSignature,
    Malformed,
}

/// <summary>
/// What became of one event; the message names ids and amounts (it is logged, answered and shown to Finance), and
/// whatever it quotes from the event is made plain text first, so no control character reaches a log line.
/// </summary>
public sealed record PaymentOutcome
{
    public PaymentOutcome(PaymentStatus status, string message)
    {
        Status = status;
        Message = ExternalText.Normalise(message, PaymentEventRecorder.NoteMax) ?? "";
    }

    public PaymentStatus Status { get; }
    public string Message { get; }

    public static PaymentOutcome Review(string why) => new(PaymentStatus.NeedsReview, why);
    public static PaymentOutcome Ignore(string why) => new(PaymentStatus.Ignored, why);
}

/// <summary>Told after a transaction that applied money has committed (the fund's live figures listen).</summary>
public interface IPaymentsListener
{
    Task PaymentsAppliedAsync(CancellationToken ct);
}

/// <summary>
/// Stripe's webhook — the same code for Stripe itself and for the sandbox: checks the signature, reads the
/// event, and hands it to <see cref="PaymentEventRecorder"/> through a group commit, so a burst of events
/// shares transactions and commits. Each caller is answered only after the transaction holding its event
/// has committed.
/// </summary>
public sealed class StripeWebhook(IServiceScopeFactory scopes, IEnumerable<IPaymentsListener> listeners, IOptions<StripeOptions> options,
    MastheadMetrics metrics, TimeProvider time, ILogger<StripeWebhook> log) : GroupCommit<PaymentEvent, PaymentOutcome>(scopes, log)
{
    public const string RecordedBy = "stripe";

    /// <summary>Checks and applies one delivery; refused ones are counted here, applied ones once committed.</summary>
    public async Task<PaymentOutcome> HandleAsync(string payload, string? signature, CancellationToken ct = default)
    {
        var outcome = await CheckAndRunAsync(payload, signature, ct);
        if (outcome.Status is PaymentStatus.BadSignature or PaymentStatus.Malformed) metrics.WebhookEvent(MetricOutcome(outcome.Status));
        return outcome;
    }

    private async Task<PaymentOutcome> CheckAndRunAsync(string payload, string? signature, CancellationToken ct)
    {
        var secret = options.Value.WebhookSecret;
        if (string.IsNullOrEmpty(secret)) return new(PaymentStatus.BadSignature, "Webhook secret is not configured.");
        try
        {
            EventUtility.ValidateSignature(payload, signature ?? "", secret,
                (long)options.Value.SignatureTolerance.TotalSeconds, time.GetUtcNow().ToUnixTimeSeconds());
        }
        catch (StripeException)
        {
            return new(PaymentStatus.BadSignature, "The Stripe-Signature header does not match this payload, or is too old.");
        }
        // Signed by someone holding our secret, but not an event that can be kept by its id: refuse rather than guess.
        if (PaymentEvent.Read(payload, out var problem) is not { } stripeEvent) return new(PaymentStatus.Malformed, problem!);
        return await RunAsync(stripeEvent, ct);
    }

    /// <summary>
    /// Serialises events about one payment across transactions (several writers, several instances). SQLite's
    /// write transactions are already one at a time; on PostgreSQL the transaction takes an advisory lock on each
    /// payment of the batch (or on the event, for one about no payment), all in one statement and in the order of
    /// the lock keys, so two batches never wait for each other in a circle.
    /// </summary>
    protected override async Task BeginAsync(MastheadDb db, IReadOnlyList<PaymentEvent> items, CancellationToken ct)
    {
        if (db.Provider != DatabaseProvider.Postgres) return;
        var keys = items.Select(e => e.PaymentKey ?? e.Id).Distinct().ToArray();
        // The sorted sub-select feeds the aggregate in key order, so the locks are taken in that order.
        await db.QueryAsync("""
            SELECT count(pg_advisory_xact_lock(k)) FROM (SELECT DISTINCT hashtext(p) AS k FROM unnest(@keys) AS p ORDER BY k) AS locks
            """, r => r.GetInt64(0), ct, ("keys", keys));
    }

    protected override async Task<IReadOnlyList<PaymentOutcome>> ApplyAllAsync(IServiceProvider services, MastheadDb db,
        IReadOnlyList<PaymentEvent> items, CancellationToken ct)
    {
        foreach (var handler in services.GetServices<IPaymentHandler>()) await handler.PrepareAsync(items, ct);
        return await base.ApplyAllAsync(services, db, items, ct);
    }

    protected override Task<PaymentOutcome> ApplyAsync(IServiceProvider services, MastheadDb db, PaymentEvent item, CancellationToken ct) =>
        services.GetRequiredService<PaymentEventRecorder>().ApplyAsync(item, ct);

    protected override async Task CommittedAsync(IReadOnlyList<(PaymentEvent Item, PaymentOutcome Result)> committed, CancellationToken ct)
    {
        foreach (var (e, outcome) in committed)
        {
            log.LogInformation("Stripe event {Id} {Type}: {Status} {Message}", e.Id, e.Type, outcome.Status, outcome.Message);
            metrics.WebhookEvent(MetricOutcome(outcome.Status));
        }
        // One nudge for the whole batch: pages hear of every gift in it at once.
        if (!committed.Any(c => c.Result.Status == PaymentStatus.Applied)) return;
        foreach (var listener in listeners) await listener.PaymentsAppliedAsync(ct);
    }

    private static string MetricOutcome(PaymentStatus status) => status switch
    {
        PaymentStatus.NeedsReview => "review",
        PaymentStatus.BadSignature => "rejected_signature",
        _ => status.ToString().ToLowerInvariant(),
    };
}
