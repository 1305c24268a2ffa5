using Ganss.Xss;
using Markdig;

namespace Masthead.Features.Publishing;

/// <summary>
/// Turns an editor's Markdown into the HTML readers get and the plain text search indexes.
/// Raw HTML in the Markdown is allowed through Markdig and then sanitised, so script never survives.
/// </summary>
public sealed class ArticleBody
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseEmphasisExtras()
        .UsePipeTables()
        .UseFootnotes()
        .UseAutoLinks()
        .UseSmartyPants()
        .Build();

    private readonly HtmlSanitizer _sanitizer = CreateSanitizer();

    public string ToHtml(string markdown) => _sanitizer.Sanitize(Markdown.ToHtml(markdown ?? "", Pipeline));

    public static string ToPlainText(string markdown) =>
        System.Net.WebUtility.HtmlDecode(Markdown.ToPlainText(markdown ?? "", Pipeline)).Trim();

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.UnionWith(["http", "https", "mailto"]);
        sanitizer.AllowedAttributes.Remove("style");
        sanitizer.AllowedTags.UnionWith(["figure", "figcaption"]);
        // Links an editor adds leave the site without handing readers' sessions to the other side.
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { TagName: "A" } a && a.GetAttribute("href") is { } href
                && href.StartsWith("http", StringComparison.OrdinalIgnoreCase))
            {
                a.SetAttribute("rel", "noopener");
            }
        };
        return sanitizer;
    }
}
