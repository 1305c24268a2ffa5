using Masthead.Features.FightingFund;

namespace Masthead.Features.Supporters;

/// <summary>The rules of monthly support, with no database: states, amounts, income and the months' joins and cancellations.</summary>
public static class SupporterRules
{
    /// <summary>The supporter's state for a Stripe subscription status; null for a status that says nothing new.</summary>
    public static SupporterState? FromStripeStatus(string? status) => status switch
    {
        "active" or "trialing" => SupporterState.Active,
        "past_due" or "unpaid" => SupporterState.PastDue,
        "canceled" or "incomplete_expired" => SupporterState.Cancelled,
        _ => null, // incomplete, paused: wait for the next event
    };

    /// <summary>
    /// Applies what the provider said at <paramref name="at"/>. Cancelled is final; otherwise news older than what the
    /// supporter's record already reflects is stale and ignored, so events applied in any order end in the same state.
    /// Returns whether anything changed.
    /// </summary>
    public static bool Apply(Supporter supporter, SupporterState next, DateTime at, long? monthlyPence = null)
    {
        if (supporter.State == SupporterState.Cancelled) return false;
        if (next == SupporterState.Cancelled)
        {
            supporter.State = SupporterState.Cancelled;
            supporter.CancelledAt = at;
            supporter.StateAt = at > supporter.StateAt ? at : supporter.StateAt;
            return true;
        }
        if (supporter.State != SupporterState.Pending && at < supporter.StateAt) return false;
        var changed = supporter.State != next || (monthlyPence is { } p && p != supporter.MonthlyPence);
        supporter.State = next;
        supporter.StateAt = at;
        if (monthlyPence is > 0) supporter.MonthlyPence = monthlyPence.Value;
        if (next is SupporterState.Active or SupporterState.PastDue && supporter.JoinedAt is null) supporter.JoinedAt = at;
        return changed;
    }

    /// <summary>A reason the amount can't be given under the scheme, or null when it can.</summary>
    public static string? AmountProblem(SupporterScheme scheme, long pence, long maximumPence)
    {
        if (!scheme.OpenAmount)
            return pence == scheme.MonthlyPence ? null : $"The {scheme.Name} scheme is {Money.Pence(scheme.MonthlyPence)} a month.";
        if (pence < scheme.MonthlyPence) return $"The {scheme.Name} scheme starts at {Money.Pence(scheme.MonthlyPence)} a month.";
        if (pence > maximumPence) return $"Monthly support online is at most {Money.Pence(maximumPence)}; for more, please get in touch.";
        return null;
    }

    /// <summary>Whether a supporter in this state is still giving every month.</summary>
    public static bool IsGiving(SupporterState state) => state is SupporterState.Active or SupporterState.PastDue;

    /// <summary>Monthly recurring income: what the supporters still giving pledge each month, in pence.</summary>
    public static long MonthlyIncome(IEnumerable<(SupporterState State, long MonthlyPence)> supporters) =>
        supporters.Where(s => IsGiving(s.State)).Sum(s => s.MonthlyPence);

    public sealed record Month(DateOnly Start, int Joined, int Cancelled);

    /// <summary>Joins and cancellations in each of the <paramref name="count"/> calendar months up to and including <paramref name="today"/>'s.</summary>
    public static IReadOnlyList<Month> JoinsAndCancellations(IEnumerable<(DateOnly? Joined, DateOnly? Cancelled)> supporters, DateOnly today, int count)
    {
        var first = new DateOnly(today.Year, today.Month, 1).AddMonths(-(count - 1));
        var months = Enumerable.Range(0, count).Select(i => first.AddMonths(i)).ToList();
        var joined = new int[count];
        var cancelled = new int[count];
        foreach (var (j, c) in supporters)
        {
            if (Index(j) is { } ji) joined[ji]++;
            if (Index(c) is { } ci) cancelled[ci]++;
        }
        return months.Select((m, i) => new Month(m, joined[i], cancelled[i])).ToList();

        int? Index(DateOnly? day)
        {
            if (day is not { } d) return null;
            var i = (d.Year - first.Year) * 12 + d.Month - first.Month;
            return i >= 0 && i < count ? i : null;
        }
    }
}
