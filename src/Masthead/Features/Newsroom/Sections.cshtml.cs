using System.ComponentModel.DataAnnotations;
using Masthead.Data;
using Masthead.Features.Publishing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Newsroom;

/// <summary>Sections in navigation order: add, rename, reorder, and remove the empty ones.</summary>
public sealed class SectionsModel(MastheadDb db, PublicPages publicPages) : PageModel
{
    public sealed record Row(int Id, string Name, string Slug, int Position, int Articles);

    public sealed class SectionInput
    {
        public int? Id { get; set; }

        [Required(ErrorMessage = "Enter the section's name."), MaxLength(80, ErrorMessage = "Section names are at most 80 characters.")]
        public string Name { get; set; } = "";

        [MaxLength(Article.SlugMax)]
        public string? Slug { get; set; }

        [Range(0, 1000, ErrorMessage = "Position is a number from 0 to 1000.")]
        public int Position { get; set; }
    }

    [BindProperty]
    public SectionInput Input { get; set; } = new();

    public List<Row> Sections { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        var slug = Slug.Choose(Input.Slug, Input.Name);
        if (!Slug.IsValid(slug)) ModelState.AddModelError("Input.Slug", Slug.InvalidMessage);
        else if (await db.Sections.AnyAsync(s => s.Slug == slug && s.Id != (Input.Id ?? 0), ct))
            ModelState.AddModelError("Input.Slug", $"Another section already uses /section/{slug}.");
        var section = Input.Id is { } id ? await db.Sections.FirstOrDefaultAsync(s => s.Id == id, ct) : null;
        if (Input.Id is not null && section is null) return NotFound();
        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var name = Input.Name!.Trim();
        section ??= db.Sections.Add(new Section { Name = name, Slug = slug }).Entity;
        section.Name = name;
        section.Slug = slug;
        section.Position = Input.Position;
        await db.SaveChangesAsync(ct);
        await publicPages.ChangedAsync(ct);
        TempData["Notice"] = $"Section “{section.Name}” saved.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken ct)
    {
        var section = await db.Sections.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (section is null) return NotFound();
        if (await db.Articles.AnyAsync(a => a.SectionId == id, ct))
        {
            ModelState.AddModelError("", $"“{section.Name}” still has articles: move them to another section first.");
            await LoadAsync(ct);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        db.Sections.Remove(section);
        await db.SaveChangesAsync(ct);
        await publicPages.ChangedAsync(ct);
        TempData["Notice"] = $"Section “{section.Name}” removed.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Sections = await db.Sections.AsNoTracking().OrderBy(s => s.Position).ThenBy(s => s.Name)
            .Select(s => new Row(s.Id, s.Name, s.Slug, s.Position, db.Articles.Count(a => a.SectionId == s.Id)))
            .ToListAsync(ct);
}
