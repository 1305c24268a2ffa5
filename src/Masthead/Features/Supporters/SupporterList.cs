using Masthead.Features.Donations;
using Masthead.Features.Publishing;
using Masthead.Infrastructure.Csv;

namespace Masthead.Features.Supporters;

/// <summary>The staff list of supporters as CSV, one row a supporter.</summary>
public static class SupporterList
{
    public static readonly string[] Columns =
        ["id", "name", "email", "scheme", "monthly_pence", "currency", "state", "method", "joined", "cancelled", "reference", "subscription"];

    public static CsvExport Csv(IEnumerable<Supporter> supporters, PaperClock clock)
    {
        var csv = new CsvExport(Columns);
        foreach (var s in supporters)
        {
            csv.Row(s.Id, s.Name, s.Email, s.Scheme?.Name, s.MonthlyPence, s.Currency, Describe(s.State), ReceiptComposer.Describe(s.Method),
                s.JoinedAt is { } j ? clock.DateOf(j) : null, s.CancelledAt is { } c ? clock.DateOf(c) : null, s.Reference, s.SubscriptionId);
        }
        return csv;
    }

    public static string Describe(SupporterState state) => state switch
    {
        SupporterState.PastDue => "past due",
        _ => state.ToString().ToLowerInvariant(),
    };
}
