using System.ComponentModel.DataAnnotations;
using Masthead.Data;
using Masthead.Features.Publishing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Campaigns.Desk;

/// <summary>
/// One statement on the desk: write and edit it, open and close it, add paper signatures, mark it delivered,
/// and download the contacts of those who agreed to hear more.
/// </summary>
public sealed class EditModel(MastheadDb db, ArticleBody markdown, PaperClock clock, PublicPages publicPages) : PageModel
{
    public sealed class StatementInput
    {
        [Required(ErrorMessage = "Give the statement a title."), MaxLength(Statement.TitleMax, ErrorMessage = "Titles are at most 200 characters.")]
        public string? Title { get; set; }

        [MaxLength(Statement.SlugMax, ErrorMessage = "Web addresses are at most 120 characters.")]
        public string? Slug { get; set; }

        [MaxLength(Statement.AddresseeMax, ErrorMessage = "The addressee is at most 300 characters.")]
        public string? Addressee { get; set; }

        [Range(1, Statement.MaxTarget, ErrorMessage = "The target is a whole number from 1 to 100,000,000, or empty for none.")]
        public int? Target { get; set; }

        [Required(ErrorMessage = "Write the statement's text."), MaxLength(Statement.TextMax, ErrorMessage = "The text is at most 50,000 characters.")]
        public string? Text { get; set; }
    }

    public sealed class PaperInput
    {
        [Required(ErrorMessage = "Enter how many signatures the batch holds."), Range(1, PaperBatch.MaxCount, ErrorMessage = "A batch holds from 1 to 1,000,000 signatures.")]
        public int? Count { get; set; }

        [Required(ErrorMessage = "Say where the batch came from, e.g. “Leeds rally”."), MaxLength(PaperBatch.NoteMax, ErrorMessage = "Notes are at most 300 characters.")]
        public string? Note { get; set; }
    }

    public sealed class DeliveryInput
    {
        [Required(ErrorMessage = "Enter the date it was delivered.")]
        public DateOnly? On { get; set; }

        [Required(ErrorMessage = "Say to whom it was delivered."), MaxLength(Statement.DeliveredToMax, ErrorMessage = "At most 300 characters.")]
        public string? To { get; set; }
    }

    [BindProperty]
    public StatementInput Input { get; set; } = new();

    [BindProperty]
    public PaperInput Paper { get; set; } = new();

    [BindProperty]
    public DeliveryInput Delivery { get; set; } = new();

    public Statement? Statement { get; private set; }
    public List<PaperBatch> Batches { get; private set; } = [];
    public int Contacts { get; private set; }
    public PaperClock Clock => clock;

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken ct)
    {
        if (id is not null && !await LoadAsync(id.Value, ct)) return NotFound();
        Fill(statement: true, delivery: true);
        return Page();
    }

    private void Fill(bool statement, bool delivery)
    {
        if (Statement is not { } s) return;
        if (statement) Input = new StatementInput { Title = s.Title, Slug = s.Slug, Addressee = s.Addressee, Target = s.Target, Text = s.Text };
        if (delivery) Delivery = new DeliveryInput { On = s.DeliveredOn ?? clock.Today(), To = s.DeliveredTo ?? (s.Addressee.Length > 0 ? s.Addressee : null) };
    }

    public async Task<IActionResult> OnPostSaveAsync(int? id, CancellationToken ct)
    {
        if (id is not null && !await LoadAsync(id.Value, ct)) return NotFound();
        ValidateOnly(Input, nameof(Input));
        Fill(statement: false, delivery: true);
        var slug = Publishing.Slug.Choose(Input.Slug, Input.Title);
        if (!Publishing.Slug.IsValid(slug)) ModelState.AddModelError("Input.Slug", Publishing.Slug.InvalidMessage);
        else if (await db.Statements.AnyAsync(s => s.Slug == slug && s.Id != (id ?? 0), ct))
            ModelState.AddModelError("Input.Slug", $"Another statement already uses /statements/{slug}.");
        if (!ModelState.IsValid) return Invalid();

        var now = clock.UtcNow;
        var statement = Statement is null ? db.Statements.Add(new Statement { Slug = slug, Title = "", CreatedAt = now }).Entity
            : await db.Statements.SingleAsync(s => s.Id == id, ct);
        statement.Title = Input.Title!.Trim();
        statement.Slug = slug;
        statement.Addressee = Input.Addressee?.Trim() ?? "";
        statement.Target = Input.Target;
        statement.Text = Input.Text!;
        statement.TextHtml = markdown.ToHtml(Input.Text!);
        statement.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        await publicPages.ChangedAsync(ct);
        TempData["Notice"] = $"“{statement.Title}” saved.";
        return Redirect($"/campaigns/statements/{statement.Id}");
    }

    public Task<IActionResult> OnPostOpenAsync(int id, CancellationToken ct) => SetStatusAsync(id, StatementStatus.Open, "is open for signatures", ct);

    public Task<IActionResult> OnPostCloseAsync(int id, CancellationToken ct) => SetStatusAsync(id, StatementStatus.Closed, "is closed: it stays on the site and takes no more signatures", ct);

    public async Task<IActionResult> OnPostPaperAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        ValidateOnly(Paper, nameof(Paper));
        Fill(statement: true, delivery: true);
        if (!ModelState.IsValid) return Invalid();

        var count = Paper.Count!.Value;
        using (await WriteGate.EnterAsync(db, ct))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.PaperBatches.Add(new PaperBatch
            {
                StatementId = id,
                Count = count,
                Note = Paper.Note!.Trim(),
                AddedBy = User.Identity?.Name ?? "staff",
                AddedAt = clock.UtcNow,
            });
            await db.SaveChangesAsync(ct);
            // Added to the count in the database, not read-modify-written: signatures may be arriving meanwhile.
            await db.Statements.Where(s => s.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.PaperCount, x => x.PaperCount + count)
                .SetProperty(x => x.Revision, x => x.Revision + 1), ct);
            await tx.CommitAsync(ct);
        }
        await publicPages.ChangedAsync(ct);
        TempData["Notice"] = $"Added {StatementFigures.Number(count)} paper signatures ({Paper.Note!.Trim()}).";
        return Redirect($"/campaigns/statements/{id}");
    }

    public async Task<IActionResult> OnPostDeliverAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        ValidateOnly(Delivery, nameof(Delivery));
        Fill(statement: true, delivery: false);
        if (!ModelState.IsValid) return Invalid();
        await db.Statements.Where(s => s.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.DeliveredOn, Delivery.On)
            .SetProperty(x => x.DeliveredTo, Delivery.To!.Trim())
            .SetProperty(x => x.UpdatedAt, clock.UtcNow)
            .SetProperty(x => x.Revision, x => x.Revision + 1), ct);
        await publicPages.ChangedAsync(ct);
        TempData["Notice"] = $"Marked as delivered to {Delivery.To!.Trim()} on {Delivery.On:d MMMM yyyy}.";
        return Redirect($"/campaigns/statements/{id}");
    }

    private async Task<IActionResult> SetStatusAsync(int id, StatementStatus status, string said, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var now = clock.UtcNow;
        await db.Statements.Where(s => s.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.Status, status)
            .SetProperty(x => x.OpenedAt, x => status == StatementStatus.Open && x.OpenedAt == null ? now : x.OpenedAt)
            .SetProperty(x => x.UpdatedAt, now)
            .SetProperty(x => x.Revision, x => x.Revision + 1), ct);
        await publicPages.ChangedAsync(ct);
        TempData["Notice"] = $"“{Statement!.Title}” {said}.";
        return Redirect($"/campaigns/statements/{id}");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        Statement = await db.Statements.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (Statement is null) return false;
        Batches = await db.PaperBatches.AsNoTracking().Where(b => b.StatementId == id).OrderByDescending(b => b.AddedAt).ThenByDescending(b => b.Id).ToListAsync(ct);
        Contacts = await db.Signatures.CountAsync(s => s.StatementId == id && s.ConfirmedAt != null && s.MayContact, ct);
        return true;
    }

    /// <summary>
    /// Only the form that was sent is validated; the page's other forms were not filled in (and, sent empty, they
    /// are validated under no prefix at all). What the sent form could not even bind is kept.
    /// </summary>
    private void ValidateOnly(object model, string prefix)
    {
        var unbound = ModelState.Where(e => e.Key.StartsWith(prefix + ".", StringComparison.Ordinal) && e.Value!.Errors.Any(x => x.Exception is not null || x.ErrorMessage.Contains("is not valid", StringComparison.Ordinal)))
            .Select(e => (e.Key, Message: $"Enter a valid value for {e.Key[(prefix.Length + 1)..].ToLowerInvariant()}.")).ToList();
        ModelState.Clear();
        foreach (var (key, message) in unbound) ModelState.AddModelError(key, message);
        TryValidateModel(model, prefix);
    }

    private PageResult Invalid()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
