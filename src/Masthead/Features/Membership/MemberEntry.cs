using Masthead.Data;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Membership;

/// <summary>Everything the register holds about one member: the entry, the share ledger, property, nominations, history.</summary>
public sealed record MemberEntry(
    Member Member, Holdings.Holding Holding, IReadOnlyList<ShareEntry> Entries, IReadOnlyList<MemberProperty> Property,
    IReadOnlyList<DeathNomination> Nominations, IReadOnlyList<MemberChange> Changes, IReadOnlyList<WithdrawalRequest> Withdrawals,
    IReadOnlyDictionary<int, string> Counterparties)
{
    public DeathNomination? CurrentNomination => Nominations.Count == 0 ? null : Nominations[^1];

    public static async Task<MemberEntry?> LoadAsync(MastheadDb db, int memberId, CancellationToken ct)
    {
        var member = await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.Id == memberId, ct);
        if (member is null) return null;
        var entries = await db.ShareEntries.AsNoTracking().Where(e => e.MemberId == memberId).OrderBy(e => e.EffectiveOn).ThenBy(e => e.Id).ToListAsync(ct);
        var others = entries.Where(e => e.CounterpartyId != null).Select(e => e.CounterpartyId!.Value).Distinct().ToList();
        return new MemberEntry(member, Holdings.Of(entries), entries,
            await db.MemberProperties.AsNoTracking().Where(p => p.MemberId == memberId).OrderBy(p => p.From).ToListAsync(ct),
            await db.DeathNominations.AsNoTracking().Where(n => n.MemberId == memberId).OrderBy(n => n.Id).ToListAsync(ct),
            await db.MemberChanges.AsNoTracking().Where(c => c.MemberId == memberId).OrderBy(c => c.Id).ToListAsync(ct),
            await db.WithdrawalRequests.AsNoTracking().Where(w => w.MemberId == memberId).OrderBy(w => w.Id).ToListAsync(ct),
            await db.Members.AsNoTracking().Where(m => others.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => $"no. {m.Number}, {m.Name}", ct));
    }

    public static string Describe(ShareEntryKind kind) => kind switch
    {
        ShareEntryKind.Allotment => "Allotment",
        ShareEntryKind.Purchase => "Further purchase",
        ShareEntryKind.Withdrawal => "Withdrawal",
        ShareEntryKind.TransferIn => "Transfer in",
        ShareEntryKind.TransferOut => "Transfer out",
        ShareEntryKind.Cessation => "Cessation",
        _ => "Brought across",
    };
}
