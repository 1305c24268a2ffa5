using Masthead.Features.Donations;
using Masthead.Features.Publishing;

namespace Masthead.Features.Supporters;

/// <summary>The staff list of supporters as CSV, one row a supporter.</summary>
public static class SupporterList
{
    public static readonly string[] Columns =
        ["id", "name", "email", "scheme", "monthly_pence", "currency", "state", "method", "joined", "cancelled", "reference", "subscription"];

    public static byte[] Csv(IEnumerable<Supporter> supporters, PaperClock clock)
    {
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        using (var csv = SupporterExport.Writer(text))
        {
            SupporterExport.Row(csv, [.. Columns]);
            foreach (var s in supporters)
            {
                SupporterExport.Row(csv, s.Id, s.Name, s.Email, s.Scheme?.Name, s.MonthlyPence, s.Currency, Describe(s.State),
                    ReceiptComposer.Describe(s.Method), s.JoinedAt is { } j ? clock.DateOf(j).ToString("yyyy-MM-dd") : null,
                    s.CancelledAt is { } c ? clock.DateOf(c).ToString("yyyy-MM-dd") : null, s.Reference, s.SubscriptionId);
            }
        }
        return System.Text.Encoding.UTF8.GetBytes(text.ToString());
    }

    public static string Describe(SupporterState state) => state switch
    {
        SupporterState.PastDue => "past due",
        _ => state.ToString().ToLowerInvariant(),
    };
}
