using Masthead.Data;
using Masthead.Features.Donations;
using Masthead.Features.FightingFund;
using Masthead.Features.Publishing;
using Masthead.Infrastructure.Csv;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Supporters;

/// <summary>
/// A supporter's own data, as they may ask for it: their supporter records and every payment, as JSON or CSV.
/// The reader downloads their own; staff download one supporter's on request. Also the staff list as CSV.
/// </summary>
public sealed class SupporterExport(MastheadDb db, PaperClock clock)
{
    public sealed record Payment(long Entry, DateOnly Date, string Amount, long AmountPence, string Currency, string Kind, string Method,
        string? Reference, bool CountsTowardFund);

    public sealed record Record(int Id, string Name, string Email, string Scheme, string MonthlyAmount, long MonthlyPence, string Currency,
        string State, string Method, DateTime CreatedAt, DateTime? JoinedAt, DateTime? CancelledAt, string? Reference,
        string? SubscriptionId, IReadOnlyList<Payment> Payments);

    public sealed record Data(DateTime ExportedAt, IReadOnlyList<Record> Supporters);

    public Task<Data> ForEmailAsync(string email, CancellationToken ct) =>
        BuildAsync(db.Supporters.Where(s => s.Email == email && s.State != SupporterState.Pending), ct);

    public Task<Data> ForIdAsync(int id, CancellationToken ct) => BuildAsync(db.Supporters.Where(s => s.Id == id), ct);

    private async Task<Data> BuildAsync(IQueryable<Supporter> which, CancellationToken ct)
    {
        var supporters = await which.AsNoTracking().Include(s => s.Scheme).OrderBy(s => s.Id).ToListAsync(ct);
        var ids = supporters.Select(s => (int?)s.Id).ToList();
        var payments = (await db.Ledger.AsNoTracking().Where(e => ids.Contains(e.SupporterId)).OrderBy(e => e.FundDate).ThenBy(e => e.Id).ToListAsync(ct))
            .ToLookup(e => e.SupporterId);
        return new Data(clock.UtcNow, supporters.Select(s => new Record(s.Id, s.Name, s.Email, s.Scheme!.Name,
            Money.Pence(s.MonthlyPence), s.MonthlyPence, s.Currency, s.State.ToString(), ReceiptComposer.Describe(s.Method),
            s.CreatedAt, s.JoinedAt, s.CancelledAt, s.Reference, s.SubscriptionId,
            payments[s.Id].Select(e => new Payment(e.Id, e.FundDate, Money.Pence(e.AmountPence), e.AmountPence, e.Currency,
                e.Kind.ToString(), ReceiptComposer.Describe(e.Method), e.Reference, e.CountsTowardFund)).ToList())).ToList());
    }

    /// <summary>One row per payment (or one row for a supporter with none), the supporter's details repeated.</summary>
    public static CsvExport Csv(Data data)
    {
        var csv = new CsvExport("supporter_id", "name", "email", "scheme", "monthly_pence", "state", "method", "joined", "cancelled",
            "payment_entry", "payment_date", "payment_pence", "payment_kind", "payment_method", "payment_reference");
        foreach (var s in data.Supporters)
        {
            var rows = s.Payments.Count == 0 ? [null] : s.Payments.Cast<Payment?>();
            foreach (var p in rows)
            {
                csv.Row(s.Id, s.Name, s.Email, s.Scheme, s.MonthlyPence, s.State, s.Method, s.JoinedAt, s.CancelledAt,
                    p?.Entry, p?.Date, p?.AmountPence, p?.Kind, p?.Method, p?.Reference);
            }
        }
        return csv;
    }
}
