using System.Globalization;

namespace Masthead.Kernel;

/// <summary>Formats pence for people: "£9,944", "£20.50". Never floating point.</summary>
public static class Money
{
    private static readonly CultureInfo Uk = CultureInfo.GetCultureInfo("en-GB");

    public static string Pounds(long pounds) => (pounds < 0 ? "-£" : "£") + Math.Abs(pounds).ToString("N0", Uk);

    public static string Pence(long pence)
    {
        var sign = pence < 0 ? "-" : "";
        var abs = Math.Abs(pence);
        var pounds = (abs / 100).ToString("N0", Uk);
        return abs % 100 == 0 ? $"{sign}£{pounds}" : $"{sign}£{pounds}.{abs % 100:00}";
    }
}
