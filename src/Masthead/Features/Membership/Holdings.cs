using Masthead.Features.FightingFund;

namespace Masthead.Features.Membership;

/// <summary>
/// The register's rules, with no database: a holding is the sum of share entries, read as at any date; the
/// statutory cap on withdrawable share capital; who may vote on a date (members on that date, one vote each).
/// </summary>
public static class Holdings
{
    public sealed record Holding(long Shares, long PaidPence)
    {
        public static readonly Holding None = new(0, 0);
    }

    public sealed record Voter(int MemberId, int Number, string Name, int Votes);

    /// <summary>The holding from every entry effective on or before <paramref name="date"/> (all entries when null).</summary>
    public static Holding Of(IEnumerable<ShareEntry> entries, DateOnly? date = null)
    {
        long shares = 0, paid = 0;
        foreach (var e in entries)
        {
            if (date is { } d && e.EffectiveOn > d) continue;
            shares += e.Shares;
            paid += e.AmountPence;
        }
        return new Holding(shares, paid);
    }

    /// <summary>Why adding this much share capital to a holding is refused, or null when it may go ahead.</summary>
    public static string? CapProblem(long heldPence, long addedPence, bool isRegisteredSociety, MembershipOptions settings)
    {
        if (isRegisteredSociety || heldPence + addedPence <= settings.CapPence) return null;
        var room = Math.Max(0, settings.CapPence - heldPence);
        return heldPence == 0
            ? $"No one may hold more than {Money.Pounds(settings.CapPounds)} in shares (the legal limit); apply for at most {room / settings.ShareValuePence:N0} shares."
            : $"No one may hold more than {Money.Pounds(settings.CapPounds)} in shares (the legal limit); this member can buy at most {room / settings.ShareValuePence:N0} more.";
    }

    /// <summary>Why an application for this many shares is refused, or null when it is acceptable.</summary>
    public static string? FirstPurchaseProblem(long shares, bool isRegisteredSociety, MembershipOptions settings)
    {
        var most = isRegisteredSociety ? 10_000_000 : settings.MaxShares;
        if (shares < settings.MinimumFirstShares || shares > most)
            return $"Shares must be between {settings.MinimumFirstShares:N0} and {most:N0} ({Money.Pence(settings.MinimumFirstShares * settings.ShareValuePence)} to {Money.Pence(most * settings.ShareValuePence)}).";
        return CapProblem(0, shares * settings.ShareValuePence, isRegisteredSociety, settings);
    }

    /// <summary>Why withdrawing these shares is refused: a member keeps at least one share (to leave, they resign).</summary>
    public static string? WithdrawalProblem(Holding held, long shares)
    {
        if (shares <= 0) return "Withdraw at least one share.";
        if (shares >= held.Shares)
            return held.Shares <= 1
                ? "A member holds at least one share; to withdraw everything, the member resigns."
                : $"A member keeps at least one share: withdraw at most {held.Shares - 1:N0} (to withdraw everything, the member resigns).";
        return null;
    }

    /// <summary>The members entitled to vote on a date: those admitted on or before it and not yet ceased, one vote each.</summary>
    public static IReadOnlyList<Voter> EntitledToVote(IEnumerable<Member> members, DateOnly date) =>
        members.Where(m => m.IsMemberOn(date)).OrderBy(m => m.Number).Select(m => new Voter(m.Id, m.Number, m.Name, 1)).ToList();

    /// <summary>The entry that takes everything a member holds out of the register when they cease.</summary>
    public static (long Shares, long AmountPence) CessationOf(Holding held) => (-held.Shares, -held.PaidPence);
}
