using Masthead.Data;
using Masthead.Features.Publishing;
using Masthead.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Newsroom;

/// <summary>
/// Every change to an article goes through here — the editor's pages, the importer and the scheduler —
/// so each one renders the body, keeps a revision saying who and when, and refreshes the public pages.
/// </summary>
public sealed class ArticleDesk(MastheadDb db, ArticleBody body, PublicPages publicPages, Wakeup<ScheduledPublisher> scheduler, TimeProvider time)
{
    public sealed record Draft(
        string Title, string? Slug, string Standfirst, string Body, int AuthorId, int SectionId, string Tags);

    public enum Intent
    {
        SaveDraft,
        Schedule,
        Publish,
        Unpublish,
        /// <summary>Keeps the article's current state; used by edits to a live article.</summary>
        Update,
    }

    /// <summary>Checks a draft against the rules a reader's page depends on; empty when it may be saved.</summary>
    public async Task<Dictionary<string, string>> ValidateAsync(Draft draft, int? articleId, CancellationToken ct = default)
    {
        var problems = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(draft.Title)) problems["Title"] = "Give the article a headline.";
        else if (draft.Title.Length > Article.TitleMax) problems["Title"] = $"Headlines are at most {Article.TitleMax} characters.";
        if (draft.Standfirst.Length > Article.StandfirstMax) problems["Standfirst"] = $"The standfirst is at most {Article.StandfirstMax} characters.";
        if (draft.Body.Length > Article.BodyMax) problems["Body"] = $"The body is at most {Article.BodyMax:N0} characters.";
        if (draft.Tags.Length > Article.TagsMax) problems["Tags"] = $"Tags are at most {Article.TagsMax} characters in all.";

        var slug = SlugFor(draft);
        if (!Slug.IsValid(slug)) problems["Slug"] = Slug.InvalidMessage;
        else if (await db.Articles.AnyAsync(a => a.Slug == slug && a.Id != (articleId ?? 0), ct))
            problems["Slug"] = $"Another article already uses the address /articles/{slug}. Choose another.";

        if (!await db.Authors.AnyAsync(a => a.Id == draft.AuthorId, ct)) problems["AuthorId"] = "Choose the author.";
        if (!await db.Sections.AnyAsync(s => s.Id == draft.SectionId, ct)) problems["SectionId"] = "Choose the section.";
        return problems;
    }

    public static string SlugFor(Draft draft) =>
        Slug.Choose(draft.Slug, draft.Title);

    /// <summary>Saves a new or changed article and applies the intent. Call <see cref="ValidateAsync"/> first.</summary>
    /// <param name="publishAtUtc">For <see cref="Intent.Schedule"/>, when it goes out; for an import, the original publication time.</param>
    public async Task<Article> SaveAsync(Article? article, Draft draft, Intent intent, string changedBy,
        DateTime? publishAtUtc = null, CancellationToken ct = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (article is null)
        {
            article = new Article { Slug = SlugFor(draft), Title = draft.Title, CreatedAt = now };
            db.Articles.Add(article);
        }
        article.Title = draft.Title.Trim();
        article.Slug = SlugFor(draft);
        article.Standfirst = draft.Standfirst.Trim();
        article.Body = draft.Body;
        article.BodyHtml = body.ToHtml(draft.Body);
        article.BodyText = ArticleBody.ToPlainText(draft.Body);
        article.AuthorId = draft.AuthorId;
        article.SectionId = draft.SectionId;
        article.Tags = string.Join(", ", draft.Tags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        article.UpdatedAt = now;

        var action = Apply(article, intent, now, publishAtUtc);
        await SaveWithRevisionAsync(article, action, changedBy, now, ct);
        return article;
    }

    /// <summary>Changes only the state: publish, unpublish, schedule.</summary>
    public async Task ChangeStateAsync(Article article, Intent intent, string changedBy, DateTime? publishAtUtc = null, CancellationToken ct = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var action = Apply(article, intent, now, publishAtUtc);
        article.UpdatedAt = now;
        await SaveWithRevisionAsync(article, action, changedBy, now, ct);
    }

    /// <summary>
    /// Publishes every scheduled article whose time has come. Each is claimed with a conditional update,
    /// so several instances running this at once publish each article exactly once.
    /// </summary>
    public async Task<int> PublishDueAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var due = await db.Articles.Where(a => a.Status == ArticleStatus.Scheduled && a.PublishAt <= now)
            .Select(a => a.Id).ToListAsync(ct);
        var published = 0;
        foreach (var id in due)
        {
            var claimed = await db.Articles.Where(a => a.Id == id && a.Status == ArticleStatus.Scheduled)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(a => a.Status, ArticleStatus.Published)
                    .SetProperty(a => a.PublishedAt, a => a.PublishAt)
                    .SetProperty(a => a.UpdatedAt, now), ct);
            if (claimed == 0) continue;
            var article = await db.Articles.AsNoTracking().SingleAsync(a => a.Id == id, ct);
            db.ArticleRevisions.Add(await RevisionAsync(article, "Published on schedule", "scheduler", now, ct));
            await db.SaveChangesAsync(ct);
            published++;
        }
        if (published > 0) await publicPages.ChangedAsync(ct);
        return published;
    }

    /// <summary>When the first scheduled article falls due (perhaps already); null when none is scheduled.</summary>
    public Task<DateTime?> NextScheduledAsync(CancellationToken ct = default) =>
        db.Articles.Where(a => a.Status == ArticleStatus.Scheduled).MinAsync(a => a.PublishAt, ct);

    private static string Apply(Article article, Intent intent, DateTime now, DateTime? publishAtUtc)
    {
        switch (intent)
        {
            case Intent.Publish:
                var firstTime = article.Status != ArticleStatus.Published;
                article.Status = ArticleStatus.Published;
                article.PublishAt = null;
                // An import carries its original date; a re-publication keeps the date readers first saw.
                article.PublishedAt = publishAtUtc ?? (firstTime ? now : article.PublishedAt ?? now);
                return firstTime ? "Published" : "Updated";
            case Intent.Schedule:
                article.Status = ArticleStatus.Scheduled;
                article.PublishAt = publishAtUtc ?? throw new ArgumentNullException(nameof(publishAtUtc));
                article.PublishedAt = null;
                return "Scheduled";
            case Intent.Unpublish:
                article.Status = ArticleStatus.Draft;
                article.PublishAt = null;
                return "Unpublished";
            case Intent.SaveDraft:
                var wasLive = article.Status != ArticleStatus.Draft;
                article.Status = ArticleStatus.Draft;
                article.PublishAt = null;
                return wasLive ? "Unpublished" : "Saved draft";
            default:
                return article.Id == 0 ? "Created" : "Updated";
        }
    }

    /// <summary>
    /// Saves the article and its revision together. Inside a caller's transaction (an import) the caller
    /// commits and refreshes the public pages once at the end.
    /// </summary>
    private async Task SaveWithRevisionAsync(Article article, string action, string changedBy, DateTime now, CancellationToken ct)
    {
        var owned = db.Database.CurrentTransaction is null;
        await using var transaction = owned ? await db.Database.BeginTransactionAsync(ct) : null;
        await db.SaveChangesAsync(ct);
        db.ArticleRevisions.Add(await RevisionAsync(article, action, changedBy, now, ct));
        await db.SaveChangesAsync(ct);
        // A new or moved schedule may fall due before the one this instance's scheduler sleeps until.
        if (article.Status == ArticleStatus.Scheduled) db.Database.WhenCommitted(scheduler.Wake);
        if (transaction is null) return;
        await transaction.CommitAsync(ct);
        await publicPages.ChangedAsync(ct);
    }

    private async Task<ArticleRevision> RevisionAsync(Article article, string action, string changedBy, DateTime now, CancellationToken ct)
    {
        var last = await db.ArticleRevisions.Where(r => r.ArticleId == article.Id).MaxAsync(r => (int?)r.Number, ct) ?? 0;
        return new ArticleRevision
        {
            ArticleId = article.Id,
            Number = last + 1,
            Action = action,
            ChangedBy = changedBy,
            ChangedAt = now,
            Title = article.Title,
            Standfirst = article.Standfirst,
            Body = article.Body,
            Status = article.Status,
            PublishAt = article.PublishAt,
        };
    }
}
