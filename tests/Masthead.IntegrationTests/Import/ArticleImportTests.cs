using Masthead.Features.Newsroom;
using Masthead.Features.Publishing;
using Masthead.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Masthead.IntegrationTests.Import;

public sealed class ArticleImportTests_Sqlite(SqliteApp app) : ArticleImportTests<SqliteApp>(app);
[Trait("Needs", "PostgreSQL")]
public sealed class ArticleImportTests_Postgres(PostgresApp app) : ArticleImportTests<PostgresApp>(app);

public abstract class ArticleImportTests<TApp>(TApp app) : IClassFixture<TApp>, IDisposable where TApp : MastheadApp
{
    private readonly string _folder = Directory.CreateTempSubdirectory("masthead-import-").FullName;
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string Good(string slugSuffix, string title, string published = "2026-03-29T00:30:00Z") => $"""
        ---
        title: {title}
        standfirst: Imported standfirst
        author: Importer {_tag}
        section: Archive {_tag}
        tags: [archive, import]
        published: {published}
        slug: imported-{_tag}-{slugSuffix}
        ---
        The *first* paragraph.

        The second.
        """;

    private Task<ArticleImporter.Outcome> ImportAsync(string path) =>
        app.WithServiceAsync<ArticleImporter, ArticleImporter.Outcome>(i => i.ImportAsync(path));

    [Fact]
    public async Task A_folder_of_good_files_is_imported_and_reimporting_updates_instead_of_duplicating()
    {
        Write("one.md", Good("one", "First imported piece"));
        Write("two.md", Good("two", "Second imported piece", published: "2026-10-25T01:30:00+01:00"));

        var first = await ImportAsync(_folder);
        Assert.True(first.Succeeded, string.Join("; ", first.Problems));
        Assert.Equal((2, 0), (first.Created, first.Updated));

        var one = await app.WithDbAsync(db => db.Articles.AsNoTracking().Include(a => a.Author).Include(a => a.Section)
            .SingleAsync(a => a.Slug == $"imported-{_tag}-one"));
        Assert.Equal(ArticleStatus.Published, one.Status);
        Assert.Equal(new DateTime(2026, 3, 29, 0, 30, 0, DateTimeKind.Utc), one.PublishedAt);
        Assert.Equal($"Importer {_tag}", one.Author.Name);
        Assert.Equal($"Archive {_tag}", one.Section.Name);
        Assert.Contains("<em>first</em>", one.BodyHtml);
        Assert.Equal("archive, import", one.Tags);
        var two = await app.WithDbAsync(db => db.Articles.AsNoTracking().SingleAsync(a => a.Slug == $"imported-{_tag}-two"));
        Assert.Equal(new DateTime(2026, 10, 25, 0, 30, 0, DateTimeKind.Utc), two.PublishedAt);

        Write("one.md", Good("one", "First imported piece, corrected"));
        var second = await ImportAsync(_folder);
        Assert.Equal((0, 2), (second.Created, second.Updated));
        var all = await app.WithDbAsync(db => db.Articles.AsNoTracking().Where(a => a.Slug.StartsWith($"imported-{_tag}")).ToListAsync());
        Assert.Equal(2, all.Count);
        Assert.Contains(all, a => a.Title == "First imported piece, corrected");

        var page = await app.CreateClient().GetDocumentAsync($"/articles/imported-{_tag}-one");
        Assert.Equal("First imported piece, corrected", page.QuerySelector("h1")!.TextContent.Trim());
    }

    [Fact]
    public async Task One_broken_file_stops_the_whole_import_and_is_reported_by_name_and_line()
    {
        Write("a-good.md", Good("good", "A perfectly good piece"));
        Write("b-bad-date.md", Good("bad", "Bad date piece", published: "last Tuesday"));
        Write("c-no-title.md", $"---\nauthor: Someone\nsection: News\n---\nBody");
        Write("d-bad-yaml.md", "---\ntitle: Fine\nauthor: [unclosed\n---\nBody");

        var outcome = await ImportAsync(_folder);

        Assert.False(outcome.Succeeded);
        var problems = outcome.Problems.Select(p => p.ToString()).ToList();
        Assert.Contains(problems, p => p.StartsWith("b-bad-date.md:7:") && p.Contains("ISO 8601"));
        Assert.Contains(problems, p => p.StartsWith("c-no-title.md:1:") && p.Contains("'title' is missing"));
        Assert.Contains(problems, p => p.StartsWith("d-bad-yaml.md:"));
        Assert.Equal(3, problems.Count);
        Assert.False(await app.WithDbAsync(db => db.Articles.AnyAsync(a => a.Slug == $"imported-{_tag}-good")));
        Assert.False(await app.WithDbAsync(db => db.Authors.AnyAsync(a => a.Name == $"Importer {_tag}")));
    }

    [Fact]
    public async Task A_future_date_is_scheduled_and_a_missing_date_is_a_draft()
    {
        Write("future.md", Good("future", "Tomorrow's piece", published: "2099-01-01T08:00:00Z"));
        Write("undated.md", Good("undated", "Undated piece").Replace("published: 2026-03-29T00:30:00Z\n", ""));

        var outcome = await ImportAsync(_folder);

        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Problems));
        var future = await app.WithDbAsync(db => db.Articles.AsNoTracking().SingleAsync(a => a.Slug == $"imported-{_tag}-future"));
        Assert.Equal(ArticleStatus.Scheduled, future.Status);
        Assert.Equal(new DateTime(2099, 1, 1, 8, 0, 0, DateTimeKind.Utc), future.PublishAt);
        var undated = await app.WithDbAsync(db => db.Articles.AsNoTracking().SingleAsync(a => a.Slug == $"imported-{_tag}-undated"));
        Assert.Equal(ArticleStatus.Draft, undated.Status);
    }
}
