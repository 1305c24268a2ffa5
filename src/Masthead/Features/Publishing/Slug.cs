using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Masthead.Features.Publishing;

/// <summary>The URL-safe name of an article, author or section: lower-case words joined by hyphens.</summary>
public static partial class Slug
{
    public static string From(string text)
    {
        var decomposed = (text ?? "").Normalize(NormalizationForm.FormD);
        var plain = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) plain.Append(c);
        }
        var slug = NotSlugChars().Replace(plain.ToString().ToLowerInvariant().Replace('’', '\'').Replace("'", ""), "-").Trim('-');
        return slug.Length > Article.SlugMax ? slug[..Article.SlugMax].TrimEnd('-') : slug;
    }

    /// <summary>What an editor sees when the address they typed is not a slug.</summary>
    public const string InvalidMessage = "The web address may hold only lower-case letters, digits and single hyphens.";

    /// <summary>The address an editor typed, or, when they left it empty, one made from the name or headline.</summary>
    public static string Choose(string? typed, string? madeFrom) =>
        string.IsNullOrWhiteSpace(typed) ? From(madeFrom ?? "") : typed.Trim();

    public static bool IsValid(string? slug) =>
        !string.IsNullOrEmpty(slug) && slug.Length <= Article.SlugMax && ValidSlug().IsMatch(slug);

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotSlugChars();

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex ValidSlug();
}
