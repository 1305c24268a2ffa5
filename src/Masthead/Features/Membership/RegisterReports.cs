using Masthead.Data;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Membership;

/// <summary>The register read as at a date: its rows, its totals, the voters, and share capital over time.</summary>
public sealed class RegisterReports(MastheadDb db)
{
    public sealed record Row(Member Member, Holdings.Holding Holding, DateOnly? CeasedOn, CessationReason? CeasedReason);

    public sealed record Totals(int Members, long Shares, long CapitalPence);

    /// <summary>
    /// Everyone admitted on or before the date, with their holding on that date (not today's) and their
    /// cessation only if it had happened by then. Contact details are the current ones.
    /// </summary>
    public async Task<IReadOnlyList<Row>> AsAtAsync(DateOnly date, CancellationToken ct = default)
    {
        var members = await db.Members.AsNoTracking().Where(m => m.AdmittedOn <= date).OrderBy(m => m.Number).ToListAsync(ct);
        var sums = await db.ShareEntries.AsNoTracking().Where(e => e.EffectiveOn <= date)
            .GroupBy(e => e.MemberId).Select(g => new { g.Key, Shares = g.Sum(e => e.Shares), Paid = g.Sum(e => e.AmountPence) })
            .ToDictionaryAsync(g => g.Key, ct);
        return members.Select(m =>
        {
            var ceased = m.CeasedOn is { } c && c <= date;
            var holding = sums.TryGetValue(m.Id, out var s) ? new Holdings.Holding(s.Shares, s.Paid) : Holdings.Holding.None;
            return new Row(m, holding, ceased ? m.CeasedOn : null, ceased ? m.CeasedReason : null);
        }).ToList();
    }

    public async Task<Totals> TotalsAsync(DateOnly date, CancellationToken ct = default)
    {
        var members = await db.Members.CountAsync(m => m.AdmittedOn <= date && (m.CeasedOn == null || m.CeasedOn > date), ct);
        var entries = db.ShareEntries.Where(e => e.EffectiveOn <= date);
        return new Totals(members, await entries.SumAsync(e => (long?)e.Shares, ct) ?? 0, await entries.SumAsync(e => (long?)e.AmountPence, ct) ?? 0);
    }

    public async Task<IReadOnlyList<Holdings.Voter>> VotersAsync(DateOnly date, CancellationToken ct = default) =>
        Holdings.EntitledToVote(await db.Members.AsNoTracking().Where(m => m.AdmittedOn <= date).ToListAsync(ct), date);

    /// <summary>Share capital at the end of each day on which it changed.</summary>
    public async Task<IReadOnlyDictionary<DateOnly, long>> CapitalChangesAsync(DateOnly until, CancellationToken ct = default) =>
        await db.ShareEntries.AsNoTracking().Where(e => e.EffectiveOn <= until).GroupBy(e => e.EffectiveOn)
            .Select(g => new { Day = g.Key, Pence = g.Sum(e => e.AmountPence) }).ToDictionaryAsync(g => g.Day, g => g.Pence, ct);
}
