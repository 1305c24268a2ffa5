using Masthead.Data;
using Masthead.Features.FightingFund;
using Masthead.Features.Publishing;
using Masthead.Infrastructure;
using Masthead.Infrastructure.Email;
using Masthead.Infrastructure.Operations;
using Masthead.Infrastructure.Payments;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Masthead.Features.Donations;

/// <summary>
/// The one place money enters the ledger — from the payment webhook, the Finance desk and the bank
/// statement import — so the money rules hold for all of them: integer pence, one entry per external id,
/// reversals point at what they reverse and count in its period, every action audited with who and why,
/// and a receipt queued in the same transaction as the gift.
/// </summary>
public sealed class DonationRecorder(MastheadDb db, PaperClock clock, FundLive live, ReceiptComposer receipts, MastheadMetrics metrics,
    Wakeup<OutboxSender> outbox)
{
    public sealed record Money(
        string ExternalId, EntryKind Kind, PaymentMethod Method, long AmountPence, string Currency, DateTime ReceivedAtUtc,
        string? DonorName = null, string? DonorEmail = null, string? DonorTown = null,
        ThankAs? ThankAs = null, bool ShowTown = false, string? Reference = null, string? Note = null,
        long? ReversesId = null, string? Reason = null, DateOnly? FundDate = null,
        bool CountsTowardFund = true, int? SupporterId = null, bool SendReceipt = true);

    public enum Result
    {
        Recorded,
        /// <summary>This external id was applied before: nothing changed.</summary>
        AlreadyRecorded,
    }

    /// <summary>The paper-time date on which money received at this instant counts.</summary>
    public DateOnly FundDateOf(DateTime receivedAtUtc) => clock.DateOf(receivedAtUtc);

    /// <summary>
    /// Adds the entry unless its external id is already in the ledger. Runs in the caller's transaction when
    /// there is one (the caller then commits and calls <see cref="FundLive.ChangedAsync"/>), else in its own.
    /// </summary>
    /// <remarks>
    /// The entry, its audit row and its receipt are written with plain SQL, not through the change tracker: this
    /// runs for every gift the webhook takes, and the unique external id, claimed with <c>ON CONFLICT DO NOTHING</c>,
    /// decides between a new entry and a repeat in one statement, whatever else is inserting it at the same moment.
    /// </remarks>
    public async Task<(Result Result, LedgerEntry Entry)> RecordAsync(Money money, string by, CancellationToken ct = default)
    {
        Check(money);
        var owned = db.Database.CurrentTransaction is null;
        using var gate = owned ? await WriteGate.EnterAsync(db, ct) : null;
        await using var transaction = owned ? await db.Database.BeginTransactionAsync(ct) : null;
        var entry = new LedgerEntry
        {
            ExternalId = money.ExternalId,
            Kind = money.Kind,
            Method = money.Method,
            AmountPence = money.AmountPence,
            Currency = money.Currency.ToUpperInvariant(),
            ReceivedAt = money.ReceivedAtUtc,
            FundDate = money.FundDate ?? FundDateOf(money.ReceivedAtUtc),
            DonorName = Clean(money.DonorName, LedgerEntry.NameMax),
            DonorEmail = Clean(money.DonorEmail, LedgerEntry.EmailMax),
            DonorTown = Clean(money.DonorTown, LedgerEntry.TownMax),
            ThankAs = money.ThankAs,
            ShowTown = money.ShowTown && !string.IsNullOrWhiteSpace(money.DonorTown),
            Reference = Clean(money.Reference, LedgerEntry.ReferenceMax),
            Note = Clean(money.Note, LedgerEntry.NoteMax),
            ReversesId = money.ReversesId,
            RecordedBy = Clean(by, LedgerEntry.RecordedByMax)!,
            RecordedAt = clock.UtcNow,
            Reason = Clean(money.Reason, LedgerEntry.NoteMax),
            CountsTowardFund = money.CountsTowardFund,
            SupporterId = money.SupporterId,
        };
        if (await InsertAsync(entry, ct) is not { } id)
        {
            var existing = await db.Ledger.AsNoTracking().FirstAsync(e => e.ExternalId == money.ExternalId, ct);
            return (Result.AlreadyRecorded, existing);
        }
        entry.Id = id;
        metrics.MoneyRecorded(db, MetricKind(entry.Kind), entry.RecordedBy == StripeWebhook.RecordedBy, entry.AmountPence, entry.Currency);
        var receipt = money.SendReceipt && entry.Kind == EntryKind.Donation && entry.DonorEmail is not null ? receipts.Compose(entry) : null;
        await AuditAsync(entry, receipt, ct);
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
            gate?.Dispose();
            await live.ChangedAsync(ct);
        }
        return (Result.Recorded, entry);
    }

    /// <summary>Inserts the entry and returns its id, or null when an entry with its external id is already there.</summary>
    private Task<long?> InsertAsync(LedgerEntry e, CancellationToken ct) => db.ScalarAsync("""
        INSERT INTO "Ledger" ("ExternalId", "Kind", "Method", "AmountPence", "Currency", "FundDate", "ReceivedAt",
            "DonorName", "DonorEmail", "DonorTown", "ThankAs", "ShowTown", "Reference", "Note", "ReversesId",
            "RecordedBy", "RecordedAt", "Reason", "CountsTowardFund", "SupporterId")
        VALUES (@externalId, @kind, @method, @amount, @currency, @fundDate, @receivedAt,
            @donorName, @donorEmail, @donorTown, @thankAs, @showTown, @reference, @note, @reversesId,
            @recordedBy, @recordedAt, @reason, @countsTowardFund, @supporterId)
        ON CONFLICT ("ExternalId") DO NOTHING
        RETURNING "Id"
        """, ct,
        ("externalId", e.ExternalId), ("kind", e.Kind), ("method", e.Method), ("amount", e.AmountPence), ("currency", e.Currency),
        ("fundDate", e.FundDate), ("receivedAt", e.ReceivedAt), ("donorName", e.DonorName), ("donorEmail", e.DonorEmail),
        ("donorTown", e.DonorTown), ("thankAs", e.ThankAs), ("showTown", e.ShowTown), ("reference", e.Reference), ("note", e.Note),
        ("reversesId", e.ReversesId), ("recordedBy", e.RecordedBy), ("recordedAt", e.RecordedAt), ("reason", e.Reason),
        ("countsTowardFund", e.CountsTowardFund), ("supporterId", e.SupporterId));

    /// <summary>
    /// The money audit row — who, when, what and why; its id is also what tells every instance that the fund
    /// moved — and the receipt, if there is one, queued in the outbox: both in one round trip.
    /// </summary>
    private async Task AuditAsync(LedgerEntry entry, OutboxEmail? receipt, CancellationToken ct)
    {
        const string audit = """
            INSERT INTO "MoneyAudit" ("At", "By", "Action", "Reason", "Details", "LedgerEntryId")
            VALUES (@at, @by, @action, @reason, @details, @ledgerEntryId);
            """;
        (string, object?)[] auditValues =
        [
            ("at", entry.RecordedAt), ("by", entry.RecordedBy), ("action", $"Recorded {entry.Kind.ToString().ToLowerInvariant()}"),
            ("reason", entry.Reason), ("ledgerEntryId", entry.Id),
            ("details", $"{Masthead.Kernel.Money.Pence(entry.AmountPence)} {entry.Method} on {entry.FundDate:yyyy-MM-dd}"
                + (entry.DonorName is null ? "" : $" from {entry.DonorName}") + (entry.Reference is null ? "" : $", ref {entry.Reference}")
                + (entry.ReversesId is null ? "" : $", reversing entry {entry.ReversesId}")),
        ];
        if (receipt is null)
        {
            await db.ExecuteAsync(audit, ct, auditValues);
            return;
        }
        await db.ExecuteAsync(audit + OutboxEmail.InsertSql, ct, [.. auditValues, .. receipt.SqlValues()]);
        // Plain SQL is not seen by OutboxQueued: the sender is woken here, once the receipt is committed.
        db.Database.WhenCommitted(outbox.Wake);
    }

    /// <summary>
    /// Reverses what is left of an entry (<paramref name="remainingPence"/>: the entry less earlier refunds or disputes)
    /// with a reason — a staff correction: a negative entry in the same period. An entry is corrected at most once.
    /// </summary>
    public async Task<(Result Result, LedgerEntry Entry)> ReverseAsync(LedgerEntry original, long remainingPence, string reason, string by,
        CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new ArgumentException("A correction needs a reason.", nameof(reason));
        if (remainingPence <= 0 || remainingPence > original.AmountPence) throw new ArgumentException("A correction reverses what is left of the entry.");
        return await RecordAsync(new Money($"correction:{original.Id}", EntryKind.Correction, original.Method, -remainingPence,
            original.Currency, clock.UtcNow, DonorName: original.DonorName, Reference: original.Reference,
            ReversesId: original.Id, Reason: reason, FundDate: original.FundDate,
            CountsTowardFund: original.CountsTowardFund, SupporterId: original.SupporterId), by, ct);
    }

    public static bool IsUniqueViolation(DbUpdateException e) => e.InnerException switch
    {
        SqliteException s => s.SqliteErrorCode == 19,
        PostgresException p => p.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };

    private static void Check(Money money)
    {
        if (money.AmountPence == 0) throw new ArgumentException("An entry must move some money.");
        if (Math.Abs(money.AmountPence) > LedgerEntry.MaxAmountPence)
            throw new ArgumentException($"An entry moves at most {Masthead.Kernel.Money.Pence(LedgerEntry.MaxAmountPence)}.");
        var incoming = money.Kind is EntryKind.Donation or EntryKind.SupporterPayment;
        if (incoming && money.AmountPence < 0) throw new ArgumentException("A donation or payment is a positive amount.");
        if (!incoming && money.AmountPence > 0) throw new ArgumentException("A reversal is a negative amount.");
        if (money.Kind == EntryKind.SupporterPayment && money.SupporterId is null) throw new ArgumentException("A supporter's payment names the supporter.");
        if (money.Currency.Length != 3) throw new ArgumentException("Currency is a three-letter ISO code.");
    }

    private static string MetricKind(EntryKind kind) => kind switch
    {
        EntryKind.Donation => "gift",
        EntryKind.SupporterPayment => "supporter",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>Every text of an entry, whoever typed or sent it, by the one rule both engines share.</summary>
    private static string? Clean(string? s, int max) => ExternalText.Normalise(s, max);
}
