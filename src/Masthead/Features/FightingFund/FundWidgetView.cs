namespace Masthead.Features.FightingFund;

/// <summary>The widget's words and numbers, the same for the server-rendered HTML, the JSON and the live stream.</summary>
public sealed record FundWidgetView(
    string Raised, string Needed, bool TargetReached, string Over, int DaysRemaining, string DaysLabel, int Percent)
{
    public static FundWidgetView From(FundFigures f) => new(
        Money.Pounds(f.RaisedPounds),
        Money.Pounds(f.NeededPounds),
        f.TargetReached,
        Money.Pounds(f.OverPounds),
        f.DaysRemaining,
        f.DaysRemaining == 1 ? "Day remaining" : "Days remaining",
        f.PercentRaised);

    /// <summary>"We need £8,056" — or, once the target is reached, how far over it the fund is.</summary>
    public string NeededSentence => TargetReached ? (Over == "£0" ? "Target reached" : $"Target reached, {Over} over") : Needed;
}
