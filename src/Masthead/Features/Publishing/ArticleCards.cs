namespace Masthead.Features.Publishing;

/// <summary>
/// A card that stands in an article for a link on a line of its own — a statement to sign, an event
/// to register for or watch. Readers without cards (feeds, email) still get the plain link.
/// </summary>
/// <param name="Kind">What it is, shown above the title and used as a CSS modifier: "statement", "event".</param>
/// <param name="Title">The statement's or event's title.</param>
/// <param name="Detail">One line under the title: "1,204 have signed", "Thursday 3 December, 19:00".</param>
/// <param name="ActionText">The button: "Sign the statement", "Register", "Watch the event".</param>
/// <param name="Url">Where the button leads (site-relative).</param>
/// <param name="ProgressPercent">A progress bar's fill, 0–100, when the card has one.</param>
/// <param name="ChangesAt">When the card changes by itself (an event starts or ends), if it does.</param>
public sealed record ArticleCard(string Kind, string Title, string Detail, string ActionText, string Url, int? ProgressPercent = null,
    DateTimeOffset? ChangesAt = null);

/// <summary>
/// Turns a site-relative path placed alone on an article's line into a card. Each feature that has
/// cards registers one as a scoped service.
/// </summary>
public interface IArticleCardSource
{
    /// <summary>The card for this path (e.g. "/statements/stand-with-the-dockers"), or null when it is not one of this source's.</summary>
    Task<ArticleCard?> FindAsync(string path, CancellationToken ct);
}

/// <summary>A page a feature adds to sitemap.xml.</summary>
public sealed record SitemapEntry(string Path, DateTime? LastModifiedUtc);

/// <summary>Adds a feature's public pages to sitemap.xml. Register as a scoped service.</summary>
public interface ISitemapSource
{
    Task<IReadOnlyList<SitemapEntry>> EntriesAsync(CancellationToken ct);
}

/// <summary>
/// One standing public page of a feature (the fund, the events listing, "buy shares") in sitemap.xml:
/// <c>services.AddSingleton&lt;ISitemapSource&gt;(new StandingPage("/fund"))</c>.
/// </summary>
public sealed class StandingPage(string path) : ISitemapSource
{
    public Task<IReadOnlyList<SitemapEntry>> EntriesAsync(CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<SitemapEntry>>([new SitemapEntry(path, null)]);
}

/// <summary>The published articles that feature a page (link to it), newest first, for "As featured in".</summary>
public interface IFeaturingArticles
{
    Task<IReadOnlyList<Teaser>> LinkingToAsync(string path, CancellationToken ct);
}
