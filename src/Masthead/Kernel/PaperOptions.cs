using System.ComponentModel.DataAnnotations;

namespace Masthead.Kernel;

/// <summary>The paper's identity and clock, bound from the <c>Paper</c> configuration section.</summary>
public sealed class PaperOptions
{
    public const string SectionName = "Paper";

    [Required, MaxLength(80)]
    public string Name { get; set; } = "The Daily Masthead";

    [MaxLength(200)]
    public string Tagline { get; set; } = "The people's daily, owned by its readers";

    /// <summary>IANA zone in which the paper's dates are shown and its days begin and end.</summary>
    [Required]
    public string TimeZone { get; set; } = "Europe/London";

    /// <summary>
    /// The paper's public address, on which every absolute link is built (see <see cref="SiteUrls"/>).
    /// Required to serve outside Development; in Development it defaults to where the app listens.
    /// </summary>
    [MaxLength(200)]
    public string? BaseUrl { get; set; }

    /// <summary>Articles per page in section, author and search lists.</summary>
    [Range(5, 100)]
    public int PageSize { get; set; } = 12;

    public string Language { get; set; } = "en-GB";

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>
    /// The name where the words around it need "the", as in "a gift to the … fighting fund": "the Morning Herald",
    /// but "The Daily Masthead" as it is, never "the The Daily Masthead". At the start of a line the article is capital.
    /// </summary>
    public string NameWithArticle(bool startOfLine = false)
    {
        if (!Name.StartsWith("The ", StringComparison.OrdinalIgnoreCase)) return (startOfLine ? "The " : "the ") + Name;
        return startOfLine ? "T" + Name[1..] : Name;
    }
}
