using System.Globalization;

namespace Masthead.Features.Donations;

/// <summary>Reads an amount of money as people write it — 25, 25.00, £1,025.50 — into pence, without floating point.</summary>
public static class Amounts
{
    public static bool TryParsePence(string? text, out long pence)
    {
        pence = 0;
        var cleaned = (text ?? "").Trim().Replace("£", "").Replace(",", "").Trim();
        if (cleaned.Length is 0 or > 15) return false;
        if (!decimal.TryParse(cleaned, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var pounds))
            return false;
        var scaled = pounds * 100;
        if (scaled != decimal.Truncate(scaled)) return false; // fractions of a penny
        pence = (long)scaled;
        return true;
    }
}
