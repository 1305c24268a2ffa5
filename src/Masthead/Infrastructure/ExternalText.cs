using System.Globalization;
using System.Text;

namespace Masthead.Infrastructure;

/// <summary>
/// The one rule for text that comes from outside (a payment provider's event, a bank file) and is kept in a
/// column of limited length: trimmed, control characters and runs of white space made one space, anything that
/// is not valid text (a lone surrogate) replaced, and shortened to the column with an ellipsis. Applied in code,
/// before the database sees it, so SQLite (which does not enforce lengths) and PostgreSQL (which does) always
/// keep the same value. The whole original stays in the event's stored payload.
/// </summary>
public static class ExternalText
{
    public const char Ellipsis = '…';

    public static string? Normalise(string? text, int max)
    {
        if (text is null) return null;
        var s = new StringBuilder(Math.Min(text.Length, max + 16));
        var space = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                if (space && s.Length > 0) s.Append(' ');
                space = false;
                s.Append(c).Append(text[++i]);
            }
            else if (char.IsSurrogate(c)) Append(s, '\uFFFD', ref space);
            else if (char.IsControl(c) || char.IsWhiteSpace(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format
                         or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
                space = true;
            else Append(s, c, ref space);
            // Far beyond the column: nothing more can be kept.
            if (s.Length > max + 2) break;
        }
        if (s.Length == 0) return null;
        return Shorten(s.ToString(), max);
    }

    private static void Append(StringBuilder s, char c, ref bool space)
    {
        if (space && s.Length > 0) s.Append(' ');
        space = false;
        s.Append(c);
    }

    /// <summary>At most <paramref name="max"/> UTF-16 units (so at most that many characters in PostgreSQL), never splitting a pair.</summary>
    private static string Shorten(string s, int max)
    {
        if (s.Length <= max) return s;
        var cut = max - 1;
        if (cut > 0 && char.IsHighSurrogate(s[cut - 1])) cut--;
        return s[..cut].TrimEnd() + Ellipsis;
    }

    /// <summary>An identifier as payment providers write them: printable ASCII, no spaces.</summary>
    public static bool IsPlain(string id)
    {
        foreach (var c in id)
        {
            if (c is < '!' or > '~') return false;
        }
        return true;
    }
}
