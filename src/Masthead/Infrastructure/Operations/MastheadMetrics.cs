using System.Diagnostics;
using System.Diagnostics.Metrics;
using Masthead.Data;
using Masthead.Infrastructure.Email;
using Microsoft.Extensions.Options;

namespace Masthead.Infrastructure.Operations;

/// <summary>
/// The paper's own instruments, on the meter <see cref="MeterName"/>; docs/operations.md lists each one with its unit
/// and tags. Made through <see cref="IMeterFactory"/>, so each instance of the app (and each test host) has its own.
/// </summary>
public sealed class MastheadMetrics
{
    public const string MeterName = "Masthead";

    /// <summary>How long one reading of the outbox serves: both outbox gauges of one collection share a query.</summary>
    private static readonly TimeSpan OutboxReadingLife = TimeSpan.FromSeconds(1);

    private readonly Counter<long> _moneyPence;
    private readonly Counter<long> _moneyEntries;
    private readonly Counter<long> _webhookEvents;
    private readonly Counter<long> _emails;
    private readonly UpDownCounter<long> _fundStreams;

    private readonly IServiceScopeFactory _scopes;
    private readonly IOptions<EmailOptions> _email;
    private readonly TimeProvider _time;
    private readonly Lock _outboxLock = new();
    private (DateTimeOffset At, int Depth, double OldestAgeSeconds)? _outbox;

    public MastheadMetrics(IMeterFactory meters, IServiceScopeFactory scopes, IOptions<EmailOptions> email, TimeProvider time)
    {
        (_scopes, _email, _time) = (scopes, email, time);
        var meter = meters.Create(MeterName);
        _moneyPence = meter.CreateCounter<long>("masthead.money.recorded", "{penny}",
            "Money recorded, in pence (minor units), whichever way it moved: a refund counts as much as a gift, under its own kind.");
        _moneyEntries = meter.CreateCounter<long>("masthead.money.entries", "{entry}", "Entries of money recorded.");
        _webhookEvents = meter.CreateCounter<long>("masthead.webhook.events", "{event}", "Payment webhook deliveries, by what became of them.");
        _emails = meter.CreateCounter<long>("masthead.email.sent", "{message}", "Attempts to hand a message to the SMTP server, by outcome.");
        meter.CreateObservableGauge<int>("masthead.email.outbox.depth", () => ReadOutbox() is { } r ? [new Measurement<int>(r.Depth)] : [], "{message}",
            "Messages in the outbox still to be sent (not given up on).");
        meter.CreateObservableGauge<double>("masthead.email.outbox.oldest_age", () => ReadOutbox() is { } r ? [new Measurement<double>(r.OldestAgeSeconds)] : [], "s",
            "How long the oldest message still to be sent has waited; 0 when none is waiting.");
        _fundStreams = meter.CreateUpDownCounter<long>("masthead.fund.stream.connections", "{connection}",
            "Open live streams of the fighting fund's figures (Server-Sent Events).");
    }

    /// <summary>Money that entered or left the books, counted once its transaction has committed.</summary>
    /// <param name="kind">gift, supporter, shares, refund, dispute, correction, shares_repaid…</param>
    /// <param name="online">Recorded from the payment provider's webhook; otherwise by a person or an import (cheques, transfers, cash).</param>
    public void MoneyRecorded(MastheadDb db, string kind, bool online, long pence, string currency)
    {
        // Nothing to hold until the commit when nobody listens (no OTLP, no Prometheus): the gift path stays as it was.
        if (!_moneyPence.Enabled && !_moneyEntries.Enabled) return;
        db.Database.WhenCommitted(() =>
        {
            TagList tags = new() { { "kind", kind }, { "source", online ? "online" : "offline" }, { "currency", currency.ToUpperInvariant() } };
            _moneyPence.Add(Math.Abs(pence), tags);
            _moneyEntries.Add(1, tags);
        });
    }

    /// <param name="outcome">applied, duplicate, ignored, review, rejected_signature or malformed.</param>
    public void WebhookEvent(string outcome) => _webhookEvents.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void EmailSent(bool sent) => _emails.Add(1, new KeyValuePair<string, object?>("outcome", sent ? "sent" : "failed"));

    public void FundStreamOpened() => _fundStreams.Add(1);

    public void FundStreamClosed() => _fundStreams.Add(-1);

    /// <summary>
    /// One reading of the outbox for both gauges (the unsent rows are indexed). A database that cannot be read gives
    /// no measurement rather than a failed collection of every other instrument.
    /// </summary>
    private (int Depth, double OldestAgeSeconds)? ReadOutbox()
    {
        lock (_outboxLock)
        {
            var now = _time.GetUtcNow();
            if (_outbox is { } fresh && now - fresh.At < OutboxReadingLife) return (fresh.Depth, fresh.OldestAgeSeconds);
            try
            {
                return Query(now);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
            {
                return null;
            }
        }
    }

    private (int Depth, double OldestAgeSeconds) Query(DateTimeOffset now)
    {
        using var scope = _scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MastheadDb>();
        var maxAttempts = _email.Value.MaxAttempts;
        var waiting = db.Outbox.Where(e => e.SentAt == null && e.Attempts < maxAttempts);
        var depth = waiting.Count();
        var oldest = depth == 0 ? null : waiting.OrderBy(e => e.CreatedAt).Select(e => (DateTime?)e.CreatedAt).FirstOrDefault();
        var age = oldest is { } at ? Math.Max(0, (now.UtcDateTime - at).TotalSeconds) : 0;
        _outbox = (now, depth, age);
        return (depth, age);
    }
}
