using System.Globalization;
using Masthead.Data;
using Masthead.Features.Publishing;
using Microsoft.EntityFrameworkCore;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Masthead.Features.Newsroom;

/// <summary>
/// Imports Markdown files with YAML front matter (title, standfirst, author, section, tags, published, slug).
/// Every file is read and checked before anything is written; one bad file means nothing is imported.
/// Re-importing a slug updates that article. Authors and sections named but not yet known are created.
/// </summary>
public sealed class ArticleImporter(MastheadDb db, ArticleDesk desk, PublicPages publicPages, TimeProvider time)
{
    public const string ImportedBy = "import";

    public sealed record Problem(string File, int Line, string Message)
    {
        public override string ToString() => $"{File}:{Line}: {Message}";
    }

    public sealed record Parsed(string File, string Title, string Slug, string Standfirst, string Body,
        string Author, string Section, string Tags, DateTime? PublishedUtc);

    public sealed record Outcome(IReadOnlyList<Problem> Problems, int Created, int Updated)
    {
        public bool Succeeded => Problems.Count == 0;
    }

    public static IReadOnlyList<string> FilesAt(string path) =>
        Directory.Exists(path)
            ? Directory.GetFiles(path, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList()
            : File.Exists(path) ? [path] : [];

    /// <param name="adjust">Lets the demo seeder move dates to "now"; null for a faithful import.</param>
    public async Task<Outcome> ImportAsync(string path, Func<Parsed, int, Parsed>? adjust = null, CancellationToken ct = default)
    {
        var files = FilesAt(path);
        if (files.Count == 0) return new Outcome([new Problem(path, 0, "No such file, or no .md files in that folder.")], 0, 0);

        var problems = new List<Problem>();
        var parsed = new List<Parsed>();
        foreach (var file in files)
        {
            var result = Parse(file, await File.ReadAllTextAsync(file, ct), out var problem);
            if (problem is not null) problems.Add(problem);
            else parsed.Add(result!);
        }
        foreach (var clash in parsed.GroupBy(p => p.Slug).Where(g => g.Count() > 1))
        {
            problems.Add(new Problem(clash.Last().File, 1, $"Slug '{clash.Key}' is also used by {clash.First().File}."));
        }
        if (problems.Count > 0) return new Outcome(problems, 0, 0);
        if (adjust is not null) parsed = parsed.Select(adjust).ToList();

        var created = 0;
        var updated = 0;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            foreach (var item in parsed)
            {
                var article = await db.Articles.FirstOrDefaultAsync(a => a.Slug == item.Slug, ct);
                if (article is null) created++; else updated++;
                var draft = new ArticleDesk.Draft(item.Title, item.Slug, item.Standfirst, item.Body,
                    (await AuthorAsync(item.Author, ct)).Id, (await SectionAsync(item.Section, ct)).Id, item.Tags);
                var intent = item.PublishedUtc is null ? ArticleDesk.Intent.SaveDraft
                    : item.PublishedUtc > time.GetUtcNow().UtcDateTime ? ArticleDesk.Intent.Schedule
                    : ArticleDesk.Intent.Publish;
                await desk.SaveAsync(article, draft, intent, ImportedBy, item.PublishedUtc, ct);
            }
            await transaction.CommitAsync(ct);
        }
        await publicPages.ChangedAsync(ct);
        return new Outcome([], created, updated);
    }

    /// <summary>Reads one file; on failure says where, with the line number in the file.</summary>
    public static Parsed? Parse(string file, string text, out Problem? problem)
    {
        problem = null;
        var name = Path.GetFileName(file);
        var lines = text.Replace("\r\n", "\n").Split('\n');
        if (lines.Length == 0 || lines[0].Trim() != "---")
        {
            problem = new Problem(name, 1, "The file must begin with front matter: a line '---', the fields, and another '---'.");
            return null;
        }
        var end = Array.FindIndex(lines, 1, l => l.Trim() == "---");
        if (end < 0)
        {
            problem = new Problem(name, lines.Length, "The front matter is never closed with a '---' line.");
            return null;
        }

        var fields = new Dictionary<string, (string Value, int Line)>(StringComparer.OrdinalIgnoreCase);
        try
        {
            var yaml = new YamlStream();
            yaml.Load(new StringReader(string.Join('\n', lines[1..end])));
            if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode map)
            {
                problem = new Problem(name, 2, "The front matter must be a list of 'field: value' lines.");
                return null;
            }
            foreach (var (key, value) in map.Children)
            {
                var line = (int)key.Start.Line + 1;
                var text2 = value switch
                {
                    YamlScalarNode s => s.Value ?? "",
                    YamlSequenceNode seq => string.Join(", ", seq.Children.OfType<YamlScalarNode>().Select(s => s.Value)),
                    _ => null,
                };
                if (text2 is null)
                {
                    problem = new Problem(name, line, $"'{key}' must be text or a list.");
                    return null;
                }
                fields[key.ToString()] = (text2, line);
            }
        }
        catch (YamlException e)
        {
            problem = new Problem(name, (int)e.Start.Line + 1, $"The front matter is not valid YAML: {e.InnerException?.Message ?? e.Message}");
            return null;
        }

        string Field(string key) => fields.TryGetValue(key, out var f) ? f.Value.Trim() : "";
        int LineOf(string key) => fields.TryGetValue(key, out var f) ? f.Line : 1;

        var title = Field("title");
        if (title.Length == 0) { problem = new Problem(name, 1, "'title' is missing."); return null; }
        if (title.Length > Article.TitleMax) { problem = new Problem(name, LineOf("title"), $"'title' is longer than {Article.TitleMax} characters."); return null; }
        var standfirst = Field("standfirst");
        if (standfirst.Length > Article.StandfirstMax) { problem = new Problem(name, LineOf("standfirst"), $"'standfirst' is longer than {Article.StandfirstMax} characters."); return null; }
        var author = Field("author");
        if (author.Length is 0 or > Author.NameMax) { problem = new Problem(name, LineOf("author"), "'author' must name the author (at most 120 characters)."); return null; }
        var section = Field("section");
        if (section.Length is 0 or > 80) { problem = new Problem(name, LineOf("section"), "'section' must name the section (at most 80 characters)."); return null; }
        var slug = Field("slug") is { Length: > 0 } s2 ? s2 : Slug.From(title);
        if (!Slug.IsValid(slug)) { problem = new Problem(name, LineOf("slug"), $"'slug' '{slug}' may hold only lower-case letters, digits and single hyphens."); return null; }
        var tags = Field("tags");
        if (tags.Length > Article.TagsMax) { problem = new Problem(name, LineOf("tags"), $"'tags' are longer than {Article.TagsMax} characters."); return null; }

        DateTime? published = null;
        if (Field("published") is { Length: > 0 } when)
        {
            if (!DateTimeOffset.TryParse(when, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                problem = new Problem(name, LineOf("published"), $"'published' must be an ISO 8601 date and time such as 2026-11-29T08:00:00Z, not '{when}'.");
                return null;
            }
            published = at.UtcDateTime;
        }

        var body = string.Join('\n', lines[(end + 1)..]).Trim();
        if (body.Length > Article.BodyMax) { problem = new Problem(name, end + 2, $"The body is longer than {Article.BodyMax:N0} characters."); return null; }

        return new Parsed(name, title, slug, standfirst, body, author, section, tags, published);
    }

    private async Task<Author> AuthorAsync(string name, CancellationToken ct)
    {
        var slug = Slug.From(name);
        var author = await db.Authors.FirstOrDefaultAsync(a => a.Name == name || a.Slug == slug, ct);
        if (author is not null) return author;
        author = db.Authors.Add(new Author { Name = name, Slug = slug }).Entity;
        await db.SaveChangesAsync(ct);
        return author;
    }

    private async Task<Section> SectionAsync(string name, CancellationToken ct)
    {
        var slug = Slug.From(name);
        var section = await db.Sections.FirstOrDefaultAsync(s => s.Name == name || s.Slug == slug, ct);
        if (section is not null) return section;
        var position = await db.Sections.MaxAsync(s => (int?)s.Position, ct) ?? -1;
        section = db.Sections.Add(new Section { Name = name, Slug = slug, Position = position + 1 }).Entity;
        await db.SaveChangesAsync(ct);
        return section;
    }
}
