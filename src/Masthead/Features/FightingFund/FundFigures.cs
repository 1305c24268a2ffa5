namespace Masthead.Features.FightingFund;

/// <summary>
/// What the widget says about one fund period on one day. Money is in pence; the widget shows whole
/// pounds, raised rounded down, and "we need" is the target less the raised figure as shown, so the
/// two always add up to the target.
/// </summary>
public sealed record FundFigures(DateOnly Start, DateOnly End, long TargetPence, long RaisedPence, DateOnly Today, string Currency = "GBP")
{
    /// <summary>Raised in whole pounds, rounded down (toward minus infinity, should refunds ever exceed gifts).</summary>
    public long RaisedPounds => FloorDiv(RaisedPence, 100);

    public long TargetPounds => FloorDiv(TargetPence, 100);

    public long NeededPounds => Math.Max(0, TargetPounds - RaisedPounds);

    /// <summary>How far past the target, in the same whole pounds the widget shows.</summary>
    public long OverPounds => Math.Max(0, RaisedPounds - TargetPounds);

    public bool TargetReached => RaisedPounds >= TargetPounds;

    /// <summary>Target less raised in pence, never negative (the JSON's needed_pence).</summary>
    public long NeededPence => Math.Max(0, TargetPence - RaisedPence);

    /// <summary>Days left including today: the last day of a period is "1 day remaining"; after it, none.</summary>
    public int DaysRemaining =>
        Today > End ? 0
        : Today < Start ? End.DayNumber - Start.DayNumber + 1
        : End.DayNumber - Today.DayNumber + 1;

    public string DaysRemainingText => DaysRemaining == 1 ? "1 day remaining" : $"{DaysRemaining} days remaining";

    /// <summary>Share of the target raised, 0–100, for the progress bar.</summary>
    public int PercentRaised => TargetPence <= 0 ? 100 : (int)Math.Clamp(RaisedPence * 100 / TargetPence, 0, 100);

    private static long FloorDiv(long a, long b) => a / b - (a % b != 0 && (a < 0) != (b < 0) ? 1 : 0);
}
