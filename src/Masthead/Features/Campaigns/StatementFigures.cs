using System.Globalization;
using Masthead.Data;
using Masthead.Features.Publishing;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Campaigns;

/// <summary>A statement's count as readers see it: online plus paper, and how far towards its target.</summary>
public sealed record StatementFigures(int Online, int Paper, int? Target)
{
    public int Total => Online + Paper;

    /// <summary>The progress bar's fill, 0–100, when there is a target.</summary>
    public int? Percent => Target is > 0 and var t ? (int)Math.Min(100, (long)Total * 100 / t) : null;

    public static StatementFigures Of(Statement s) => new(s.SignedCount, s.PaperCount, s.Target);

    public static string Number(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>"1,204 people have signed", "1 person has signed", "No one has signed yet".</summary>
    public string Headline => Total switch
    {
        0 => "No one has signed yet",
        1 => "1 person has signed",
        _ => $"{Number(Total)} people have signed",
    };

    public string? TargetLine => Target is { } t
        ? Total >= t ? $"Past the target of {Number(t)}" : $"{Number(t - Total)} more to reach {Number(t)}"
        : null;

    public string? PaperLine => Paper > 0 ? $"including {Number(Paper)} on paper" : null;
}

/// <summary>Statements as cards in articles, and their pages in the sitemap.</summary>
public sealed class StatementCards(MastheadDb db) : IArticleCardSource, ISitemapSource
{
    private const string Prefix = "/statements/";

    public async Task<ArticleCard?> FindAsync(string path, CancellationToken ct)
    {
        if (!path.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var slug = path[Prefix.Length..];
        if (slug.Length == 0 || slug.Contains('/')) return null;
        var s = await db.Statements.AsNoTracking().FirstOrDefaultAsync(x => x.Slug == slug && x.Status != StatementStatus.Draft, ct);
        if (s is null) return null;
        var figures = StatementFigures.Of(s);
        var detail = figures.Target is { } t ? $"{figures.Headline} · target {StatementFigures.Number(t)}" : figures.Headline;
        return new ArticleCard("statement", s.Title, detail,
            s.Status == StatementStatus.Open ? "Sign the statement" : "Read the statement", s.Path, figures.Percent);
    }

    public async Task<IReadOnlyList<SitemapEntry>> EntriesAsync(CancellationToken ct)
    {
        var rows = await db.Statements.AsNoTracking().Where(s => s.Status != StatementStatus.Draft)
            .OrderByDescending(s => s.OpenedAt).Select(s => new { s.Slug, s.UpdatedAt }).ToListAsync(ct);
        return rows.Select(r => new SitemapEntry(Prefix + r.Slug, r.UpdatedAt)).ToList();
    }
}
