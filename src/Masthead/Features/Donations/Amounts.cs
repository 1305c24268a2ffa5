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

    /// <summary>Pence as a person types pounds: 3500 → "35", 1250 → "12.50".</summary>
    public static string Format(long pence) =>
        pence % 100 == 0 ? (pence / 100).ToString(CultureInfo.InvariantCulture) : (pence / 100m).ToString("0.00", CultureInfo.InvariantCulture);
}
