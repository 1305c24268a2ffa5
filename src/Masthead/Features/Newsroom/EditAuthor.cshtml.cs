using System.ComponentModel.DataAnnotations;
using Masthead.Data;
using Masthead.Features.Publishing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Newsroom;

public sealed class EditAuthorModel(MastheadDb db, PublicPages publicPages) : PageModel
{
    private const int MaxLinks = 8;

    public sealed class AuthorInput
    {
        [Required(ErrorMessage = "Enter the author's name."), MaxLength(Author.NameMax, ErrorMessage = "Names are at most 120 characters.")]
        public string Name { get; set; } = "";

        [MaxLength(Article.SlugMax)]
        public string? Slug { get; set; }

        [Display(Name = "Short name"), MaxLength(Author.NameMax)]
        public string? ShortName { get; set; }

        [MaxLength(Author.BioMax, ErrorMessage = "The biography is at most 4,000 characters.")]
        public string? Bio { get; set; }

        [Display(Name = "Photo address"), Url(ErrorMessage = "The photo address must be a web address starting https://."), MaxLength(500)]
        public string? PhotoUrl { get; set; }

        /// <summary>One link a line: "Label | https://…".</summary>
        [MaxLength(4000)]
        public string? Links { get; set; }
    }

    [BindProperty]
    public AuthorInput Input { get; set; } = new();

    public Author? Author { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken ct)
    {
        if (id is null) return Page();
        Author = await db.Authors.AsNoTracking().Include(a => a.Links).FirstOrDefaultAsync(a => a.Id == id, ct);
        if (Author is null) return NotFound();
        Input = new AuthorInput
        {
            Name = Author.Name,
            Slug = Author.Slug,
            ShortName = Author.ShortName,
            Bio = Author.Bio,
            PhotoUrl = Author.PhotoUrl,
            Links = string.Join("\n", Author.Links.OrderBy(l => l.Position).Select(l => $"{l.Label} | {l.Url}")),
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct)
    {
        Author = id is null ? null : await db.Authors.Include(a => a.Links).FirstOrDefaultAsync(a => a.Id == id, ct);
        if (id is not null && Author is null) return NotFound();

        var slug = Slug.Choose(Input.Slug, Input.Name);
        if (!Slug.IsValid(slug)) ModelState.AddModelError("Input.Slug", Slug.InvalidMessage);
        else if (await db.Authors.AnyAsync(a => a.Slug == slug && a.Id != (id ?? 0), ct))
            ModelState.AddModelError("Input.Slug", $"Another author already uses /author/{slug}.");
        if (Input.PhotoUrl is { } photo && !photo.StartsWith("https://", StringComparison.OrdinalIgnoreCase) && !photo.StartsWith('/'))
            ModelState.AddModelError("Input.PhotoUrl", "The photo address must start with https:// or /.");
        var links = ParseLinks(Input.Links, out var linkProblem);
        if (linkProblem is not null) ModelState.AddModelError("Input.Links", linkProblem);
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Author ??= db.Authors.Add(new Author { Name = Input.Name!, Slug = slug }).Entity;
        Author.Name = Input.Name!.Trim();
        Author.Slug = slug;
        Author.ShortName = string.IsNullOrWhiteSpace(Input.ShortName) ? null : Input.ShortName.Trim();
        Author.Bio = Input.Bio?.Trim() ?? "";
        Author.PhotoUrl = string.IsNullOrWhiteSpace(Input.PhotoUrl) ? null : Input.PhotoUrl.Trim();
        Author.Links.Clear();
        Author.Links.AddRange(links);
        await db.SaveChangesAsync(ct);
        await publicPages.ChangedAsync(ct);
        TempData["Notice"] = $"{Author.Name} saved.";
        return RedirectToPage("/Newsroom/Authors");
    }

    internal static List<AuthorLink> ParseLinks(string? text, out string? problem)
    {
        problem = null;
        var links = new List<AuthorLink>();
        var lines = (text ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var (line, i) in lines.Select((l, i) => (l, i)))
        {
            var parts = line.Split('|', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length is 0 or > 60
                || !Uri.TryCreate(parts[1], UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            {
                problem = $"Line {i + 1}: write each link as “Label | https://address”.";
                return [];
            }
            links.Add(new AuthorLink { Label = parts[0], Url = uri.ToString(), Position = i });
        }
        if (links.Count > MaxLinks) problem = $"At most {MaxLinks} links.";
        return links;
    }
}
