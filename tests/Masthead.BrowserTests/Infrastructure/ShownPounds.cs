using System.Globalization;

namespace Masthead.BrowserTests.Infrastructure;

/// <summary>The fund's figures as readers see them ("£1,234"), read back into whole pounds.</summary>
public static class ShownPounds
{
    private static readonly CultureInfo Uk = CultureInfo.GetCultureInfo("en-GB");

    public static long Parse(string shown) => long.Parse(shown.Replace("£", ""), NumberStyles.AllowThousands, Uk);

    public static string Of(long pounds) => "£" + pounds.ToString("N0", Uk);
}
