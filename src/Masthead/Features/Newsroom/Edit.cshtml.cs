using System.ComponentModel.DataAnnotations;
using Masthead.Data;
using Masthead.Features.Publishing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Newsroom;

public sealed class EditModel(MastheadDb db, ArticleDesk desk, PaperClock clock) : PageModel
{
    public sealed class ArticleInput
    {
        [Required(ErrorMessage = "Give the article a headline."), MaxLength(Article.TitleMax, ErrorMessage = "Headlines are at most 200 characters.")]
        public string Title { get; set; } = "";

        [MaxLength(Article.SlugMax, ErrorMessage = "The web address is at most 120 characters.")]
        public string? Slug { get; set; }

        [MaxLength(Article.StandfirstMax, ErrorMessage = "The standfirst is at most 600 characters.")]
        public string? Standfirst { get; set; }

        [MaxLength(Article.BodyMax, ErrorMessage = "The body is at most 200,000 characters.")]
        public string? Body { get; set; }

        [Display(Name = "Author")]
        public int AuthorId { get; set; }

        [Display(Name = "Section")]
        public int SectionId { get; set; }

        [MaxLength(Article.TagsMax, ErrorMessage = "Tags are at most 400 characters in all.")]
        public string? Tags { get; set; }

        /// <summary>Wall-clock time in the paper's zone.</summary>
        [Display(Name = "Publish at")]
        public DateTime? PublishAt { get; set; }

        public ArticleDesk.Draft ToDraft() =>
            new(Title ?? "", Slug, Standfirst ?? "", Body ?? "", AuthorId, SectionId, Tags ?? "");
    }

    [BindProperty]
    public ArticleInput Input { get; set; } = new();

    public Article? Article { get; private set; }
    public List<ArticleRevision> Revisions { get; private set; } = [];
    public SelectList Authors { get; private set; } = null!;
    public SelectList Sections { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken ct)
    {
        if (id is not null)
        {
            Article = await db.Articles.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
            if (Article is null) return NotFound();
            Input = new ArticleInput
            {
                Title = Article.Title,
                Slug = Article.Slug,
                Standfirst = Article.Standfirst,
                Body = Article.Body,
                AuthorId = Article.AuthorId,
                SectionId = Article.SectionId,
                Tags = Article.Tags,
                PublishAt = Article.PublishAt is { } at ? clock.ToLocal(at) : null,
            };
        }
        await LoadChoicesAsync(id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, ArticleDesk.Intent intent, CancellationToken ct)
    {
        Article? article = null;
        if (id is not null)
        {
            article = await db.Articles.FirstOrDefaultAsync(a => a.Id == id, ct);
            if (article is null) return NotFound();
        }

        if (ModelState.IsValid)
        {
            foreach (var (field, message) in await desk.ValidateAsync(Input.ToDraft(), id, ct))
            {
                ModelState.AddModelError($"{nameof(Input)}.{field}", message);
            }
        }
        DateTime? publishAtUtc = null;
        if (intent == ArticleDesk.Intent.Schedule)
        {
            if (Input.PublishAt is not { } local)
                ModelState.AddModelError("Input.PublishAt", "Choose when the article should be published.");
            else if ((publishAtUtc = clock.LocalToUtc(local)) <= clock.UtcNow)
                ModelState.AddModelError("Input.PublishAt", "Choose a time in the future, or publish now.");
        }
        if (!ModelState.IsValid)
        {
            Article = article;
            await LoadChoicesAsync(id, ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var saved = await desk.SaveAsync(article, Input.ToDraft(), intent, User.Identity!.Name!, publishAtUtc, ct);
        TempData["Notice"] = intent switch
        {
            ArticleDesk.Intent.Publish => "Published. Readers can see it now.",
            ArticleDesk.Intent.Schedule => $"Scheduled for {clock.ToLocal(saved.PublishAt!.Value):d MMMM yyyy HH:mm}.",
            ArticleDesk.Intent.Unpublish => "Unpublished. Readers can no longer see it.",
            ArticleDesk.Intent.Update => "Saved.",
            _ => "Draft saved.",
        };
        return Redirect($"/newsroom/articles/{saved.Id}");
    }

    private async Task LoadChoicesAsync(int? id, CancellationToken ct)
    {
        Authors = new SelectList(await db.Authors.AsNoTracking().OrderBy(a => a.Name).ToListAsync(ct), nameof(Author.Id), nameof(Author.Name));
        Sections = new SelectList(await db.Sections.AsNoTracking().OrderBy(s => s.Position).ToListAsync(ct), nameof(Section.Id), nameof(Section.Name));
        if (id is not null)
        {
            Revisions = await db.ArticleRevisions.AsNoTracking().Where(r => r.ArticleId == id)
                .OrderByDescending(r => r.Number).Take(50).ToListAsync(ct);
        }
    }
}
