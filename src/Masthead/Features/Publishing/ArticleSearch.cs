using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using Masthead.Data;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Publishing;

/// <summary>
/// Ranked full-text search over headline, standfirst and body of published articles: SQLite FTS5 on the
/// embedded database, PostgreSQL text search on the other. The index itself is kept by the database
/// (triggers on SQLite, an expression index on PostgreSQL; see the Search migrations).
/// </summary>
public sealed partial class ArticleSearch(MastheadDb db)
{
    public const int MaxQueryLength = 200;
    private const int MaxHits = 200;
    private static readonly HtmlEncoder SnippetEncoder = HtmlEncoder.Create(UnicodeRanges.All);
    private const char MarkStart = '\u0002';
    private const char MarkEnd = '\u0003';

    public sealed record Hit(Teaser Article, string SnippetHtml);

    public async Task<Paged<Hit>> SearchAsync(string query, int page, int pageSize, CancellationToken ct = default)
    {
        page = Math.Max(1, page);
        var raw = db.Provider == DatabaseProvider.Postgres ? await PostgresAsync(query, ct) : await SqliteAsync(query, ct);
        var pageRows = raw.Skip((page - 1) * pageSize).Take(pageSize).ToList();
        var ids = pageRows.Select(r => r.Id).ToList();
        var teasers = await db.Articles.AsNoTracking().Where(a => ids.Contains(a.Id))
            .Select(a => new
            {
                a.Id,
                Teaser = new Teaser(a.Slug, a.Title, a.Standfirst, a.PublishedAt!.Value,
                a.Author.Name, a.Author.Slug, a.Section.Name, a.Section.Slug)
            })
            .ToDictionaryAsync(a => a.Id, a => a.Teaser, ct);
        var hits = pageRows.Where(r => teasers.ContainsKey(r.Id))
            .Select(r => new Hit(teasers[r.Id], Highlight(r.Snippet))).ToList();
        return new Paged<Hit>(hits, page, pageSize, raw.Count);
    }

    /// <summary>HTML-encodes a snippet and turns the engine's match markers into &lt;mark&gt;.</summary>
    public static string Highlight(string snippet)
    {
        var parts = snippet.Split(MarkStart);
        var html = new StringBuilder(SnippetEncoder.Encode(parts[0]));
        foreach (var part in parts.Skip(1))
        {
            var end = part.IndexOf(MarkEnd);
            if (end < 0)
            {
                html.Append(SnippetEncoder.Encode(part));
                continue;
            }
            html.Append("<mark>").Append(SnippetEncoder.Encode(part[..end])).Append("</mark>")
                .Append(SnippetEncoder.Encode(part[(end + 1)..].Replace(MarkEnd.ToString(), "")));
        }
        return html.ToString();
    }

    /// <summary>
    /// Reader input becomes a safe FTS5 query: each word quoted (so operators and stray quotes are plain text),
    /// all words required, the last one matched as a prefix so "solidar" finds "solidarity".
    /// </summary>
    public static string? ToFts5Query(string query)
    {
        var words = Word().Matches(query ?? "").Select(m => m.Value).Take(12).ToList();
        if (words.Count == 0) return null;
        return string.Join(' ', words.Select((w, i) => i == words.Count - 1 ? $"\"{w}\"*" : $"\"{w}\""));
    }

    private async Task<List<Row>> SqliteAsync(string query, CancellationToken ct)
    {
        var match = ToFts5Query(query);
        if (match is null) return [];
        return await db.Database.SqlQueryRaw<Row>(
            $$"""
            SELECT a.Id AS Id,
                   snippet(ArticleSearch, 2, char(2), char(3), '…', 28) AS Snippet,
                   bm25(ArticleSearch, 10.0, 4.0, 1.0) AS Rank
            FROM ArticleSearch JOIN Articles a ON a.Id = ArticleSearch.rowid
            WHERE ArticleSearch MATCH {0} AND a.Status = {{(int)ArticleStatus.Published}}
            ORDER BY Rank, a.PublishedAt DESC
            LIMIT {{MaxHits}}
            """, match).ToListAsync(ct);
    }

    private async Task<List<Row>> PostgresAsync(string query, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(query)) return [];
        const string document = """to_tsvector('english', a."Title" || ' ' || a."Standfirst" || ' ' || a."BodyText")""";
        return await db.Database.SqlQueryRaw<Row>(
            $$"""
            SELECT a."Id" AS "Id",
                   ts_headline('english', a."BodyText", q, {1}) AS "Snippet",
                   ts_rank(setweight(to_tsvector('english', a."Title"), 'A')
                        || setweight(to_tsvector('english', a."Standfirst"), 'B')
                        || setweight(to_tsvector('english', a."BodyText"), 'D'), q) AS "Rank"
            FROM "Articles" a, websearch_to_tsquery('english', {0}) q
            WHERE a."Status" = {{(int)ArticleStatus.Published}} AND {{document}} @@ q
            ORDER BY "Rank" DESC, a."PublishedAt" DESC
            LIMIT {{MaxHits}}
            """, query, $"StartSel={MarkStart}, StopSel={MarkEnd}, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=\" … \"")
            .ToListAsync(ct);
    }

    private sealed record Row(int Id, string Snippet, double Rank);

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();
}
