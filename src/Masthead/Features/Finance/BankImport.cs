using Masthead.Data;
using Masthead.Features.Donations;
using Masthead.Features.FightingFund;
using Masthead.Features.Publishing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Masthead.Features.Finance;

/// <summary>
/// Puts a checked bank statement beside the ledger (which lines are already there) and imports it:
/// every new line in one transaction, or none of them.
/// </summary>
public sealed class BankImport(MastheadDb db, DonationRecorder recorder, FundLive live, PaperClock clock, IOptions<FundOptions> fund)
{
    /// <summary>A line of the statement and, when the ledger already holds the same date, amount and reference, that entry.</summary>
    public sealed record Line(BankStatement.Payment Payment, long? InLedger)
    {
        public bool IsNew => InLedger is null && Payment.RepeatsLine is null;
    }

    public sealed record Preview(BankStatement Statement, IReadOnlyList<Line> Lines)
    {
        public IReadOnlyList<Line> New => Lines.Where(l => l.IsNew).ToList();
        public long NewTotalPence => Lines.Where(l => l.IsNew).Sum(l => l.Payment.AmountPence);
        public int Duplicates => Lines.Count(l => !l.IsNew);
    }

    public sealed record Outcome(int Imported, long TotalPence, int Duplicates, string? Problem = null);

    public DateOnly Today => clock.Today();

    public async Task<Preview> PreviewAsync(BankStatement statement, CancellationToken ct = default)
    {
        if (statement.Payments.Count == 0) return new Preview(statement, []);
        var (from, to) = (statement.Payments.Min(p => p.Date), statement.Payments.Max(p => p.Date));
        var existing = await db.Ledger.AsNoTracking()
            .Where(e => e.FundDate >= from && e.FundDate <= to && e.AmountPence > 0)
            .Select(e => new { e.Id, e.FundDate, e.AmountPence, e.Reference })
            .ToListAsync(ct);
        var byKey = new Dictionary<string, long>();
        foreach (var e in existing) byKey.TryAdd(BankStatement.KeyOf(e.FundDate, e.AmountPence, e.Reference), e.Id);
        var ids = statement.Payments.Select(p => p.ExternalId).ToList();
        foreach (var e in await db.Ledger.AsNoTracking().Where(e => ids.Contains(e.ExternalId)).Select(e => new { e.Id, e.ExternalId }).ToListAsync(ct))
            byKey.TryAdd(e.ExternalId["bank:".Length..], e.Id);
        return new Preview(statement, statement.Payments
            .Select(p => new Line(p, byKey.TryGetValue(p.Key, out var id) ? id : null)).ToList());
    }

    /// <summary>Records every new line of an accepted statement in one transaction, and audits the import as a whole.</summary>
    public async Task<Outcome> ImportAsync(BankStatement statement, string fileName, string by, CancellationToken ct = default)
    {
        if (!statement.Accepted) return new Outcome(0, 0, 0, "The file has problems: nothing was imported.");
        var preview = await PreviewAsync(statement, ct);
        var fresh = preview.New;
        if (fresh.Count == 0) return new Outcome(0, 0, preview.Duplicates);

        fileName = Clip(Path.GetFileName(fileName), 100);
        var (count, total) = (0, 0L);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            foreach (var line in fresh)
            {
                var p = line.Payment;
                var noon = clock.LocalToUtc(p.Date.ToDateTime(new TimeOnly(12, 0)));
                var (result, _) = await recorder.RecordAsync(new DonationRecorder.Money(
                    p.ExternalId, EntryKind.Donation, PaymentMethod.BankTransfer, p.AmountPence, fund.Value.Currency, noon,
                    DonorName: p.Name, Reference: p.Reference, FundDate: p.Date,
                    Note: $"Bank statement {fileName}, line {p.Line}"), by, ct);
                if (result == DonationRecorder.Result.Recorded) (count, total) = (count + 1, total + p.AmountPence);
                db.ChangeTracker.Clear(); // thousands of rows: keep each save small
            }
            db.MoneyAudit.Add(new MoneyAudit
            {
                At = clock.UtcNow,
                By = by,
                Action = "Imported bank statement",
                Details = $"{fileName}: {count} payment(s) totalling {Money.Pence(total)}; {preview.Duplicates + fresh.Count - count} duplicate(s) skipped",
            });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (DonationRecorder.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            return new Outcome(0, 0, 0, "Some of these payments were recorded by someone else at the same moment, so nothing was imported. Preview the file again.");
        }
        await live.ChangedAsync(ct);
        return new Outcome(count, total, preview.Duplicates + fresh.Count - count);
    }

    private static string Clip(string s, int max) => s.Length <= max ? s : s[..max];
}
