using System.ComponentModel.DataAnnotations;
using Masthead.Data;
using Masthead.Features.Publishing;
using Masthead.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Masthead.Features.Campaigns;

/// <summary>
/// A statement: its text, its live count, who signed publicly, and the form to sign. The page is served from the
/// output cache and dropped when its count moves, so the form carries no anti-forgery token (a forged
/// submission can do no more than the form itself, and still needs the emailed link to count).
/// </summary>
/// <remarks>
/// Signing and confirming answer with a redirect here (post/redirect/get): <c>?signed=sent</c> and the like show the
/// page with what happened in place of the form. Those few variants are cached like the page itself, so a crowd
/// signing at once is answered from memory; anything else after <c>signed=</c> is sent back to the plain page.
/// </remarks>
[OutputCache(PolicyName = PublicPages.CachePolicy, VaryByQueryKeys = ["page", StepKey])]
[IgnoreAntiforgeryToken]
[EnableRateLimiting(CampaignsFeature.SignRateLimit)]
public sealed class StatementPageModel(MastheadDb db, StatementSigning signing, IFeaturingArticles featuring,
    IOptions<CampaignOptions> options, IOptions<PaperOptions> paper) : PageModel
{
    public sealed class SignInput
    {
        [Required(ErrorMessage = "Tell us your name."), MaxLength(Signature.NameMax, ErrorMessage = "Names are at most 200 characters.")]
        public string? Name { get; set; }

        [Required(ErrorMessage = "Give your email address: we send a link to confirm your signature."),
         EmailAddress(ErrorMessage = "Enter an email address like name@example.org."),
         MaxLength(Signature.EmailMax, ErrorMessage = "Email addresses are at most 254 characters.")]
        public string? Email { get; set; }

        [MaxLength(Signature.TownMax, ErrorMessage = "Towns are at most 100 characters.")]
        public string? Town { get; set; }

        [MaxLength(Signature.CountryMax, ErrorMessage = "Countries are at most 100 characters.")]
        public string? Country { get; set; }

        [MaxLength(Signature.OrganisationMax, ErrorMessage = "Organisations are at most 200 characters.")]
        public string? Organisation { get; set; }

        public bool ShowPublicly { get; set; }
        public ShowWith ShowWith { get; set; }
        public bool MayContact { get; set; }

        /// <summary>Hidden from people; a robot that fills every field fills this one too.</summary>
        [MaxLength(500)]
        public string? Website { get; set; }
    }

    public sealed record Signatory(string Name, string? Byline);

    [BindProperty]
    public SignInput Input { get; set; } = new();

    public Statement Statement { get; private set; } = null!;
    public IReadOnlyList<Signatory> Recent { get; private set; } = [];
    public IReadOnlyList<Teaser> FeaturedIn { get; private set; } = [];
    public string CanonicalUrl { get; private set; } = "";

    /// <summary>After a submission: what happened, in words for the signer; null while the form is shown.</summary>
    public string? Outcome { get; private set; }
    public bool OutcomeIsProblem { get; private set; }

    /// <summary>The query key that says what the reader has just done.</summary>
    public const string StepKey = "signed";

    /// <summary>What each step says; the last part is whether it is the thanks for a counted signature.</summary>
    private static readonly Dictionary<string, (string Message, bool Counted)> Steps = new()
    {
        ["sent"] = ("Thank you! One more step: we have emailed you a link. Your signature counts once you open it.", false),
        ["resent"] = ("You have already signed this statement with that email address — thank you. It still needs confirming, so we have sent the link again: please check your inbox.", false),
        ["already"] = ("You have already signed this statement with that email address — thank you! Each person counts once, so nothing more is needed.", false),
        ["confirmed"] = ("Thank you — your signature counts.", true),
        ["counted"] = ("Your signature is already counted — each person counts once. Thank you.", true),
    };

    /// <summary>Where a reader goes after a step: the statement page saying what happened.</summary>
    public static string StepPath(string slug, string step) => $"{Statement.PathOf(slug)}?{StepKey}={step}";

    /// <summary>The reader has just confirmed (or had already): thank them and ask them to spread the word.</summary>
    public bool Counted { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        if (Request.Query.TryGetValue(StepKey, out var step))
        {
            // Only the known steps are cached pages; anything else is the plain page.
            if (!Steps.TryGetValue(step.ToString(), out var said)) return Redirect(Statement.PathOf(slug));
            (Outcome, Counted) = said;
        }
        if (!await LoadAsync(slug, ct)) return NotFound();
        if (HttpContext.Features.Get<IOutputCacheFeature>() is { } cache) cache.Context.Tags.Add(StatementLive.CacheTag(slug));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken ct)
    {
        // A submission is answered by a redirect to the cached page saying what happened. The statement is looked up
        // in the signing transaction; only a problem loads it here, to show the form with its messages (without the
        // list of signatories and the articles).
        // A robot that fills the hidden field is told what a person would be told, and nothing is kept.
        if (!string.IsNullOrEmpty(Input.Website)) return new SeeOtherResult(StepPath(slug, "sent"));
        if (!Enum.IsDefined(Input.ShowWith)) ModelState.AddModelError("Input.ShowWith", "Choose how your name is shown.");
        if (!ModelState.IsValid)
        {
            if (!await LoadAsync(slug, ct, everything: false)) return NotFound();
            if (Statement.Status != StatementStatus.Open) return Refuse(StatusCodes.Status409Conflict, Closed);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var form = new StatementSigning.SignForm(Input.Name!, Input.Email!, Input.Town, Input.Country, Input.Organisation,
            Input.ShowPublicly, Input.ShowWith, Input.MayContact);
        var result = await signing.SignAsync(slug, form, ct);
        if (result == StatementSigning.SignOutcome.Sent) return new SeeOtherResult(StepPath(slug, "sent"));
        if (result == StatementSigning.SignOutcome.Resent) return new SeeOtherResult(StepPath(slug, "resent"));
        if (result == StatementSigning.SignOutcome.AlreadySigned) return new SeeOtherResult(StepPath(slug, "already"));
        if (result == StatementSigning.SignOutcome.NotFound || !await LoadAsync(slug, ct, everything: false)) return NotFound();
        ModelState.Clear();
        return result == StatementSigning.SignOutcome.TooMany
            ? Refuse(StatusCodes.Status429TooManyRequests,
                "We have had several signatures with that email address in the last few minutes. Please check your inbox for the link, or try again later.")
            : Refuse(StatusCodes.Status409Conflict, Closed);
    }

    private const string Closed = "This statement is closed and no longer takes signatures.";

    private PageResult Refuse(int status, string outcome)
    {
        Response.StatusCode = status;
        (Outcome, OutcomeIsProblem) = (outcome, true);
        return Page();
    }

    private async Task<bool> LoadAsync(string slug, CancellationToken ct, bool everything = true)
    {
        var statement = await db.Statements.AsNoTracking().FirstOrDefaultAsync(s => s.Slug == slug && s.Status != StatementStatus.Draft, ct);
        if (statement is null) return false;
        Statement = statement;
        CanonicalUrl = SiteUrls.Absolute(paper.Value, statement.Path);
        if (!everything) return true;
        var recent = await db.Signatures.AsNoTracking()
            .Where(s => s.StatementId == statement.Id && s.ConfirmedAt != null && s.ShowPublicly)
            .OrderByDescending(s => s.ConfirmedAt).ThenByDescending(s => s.Id).Take(options.Value.RecentSignatories)
            .Select(s => new { s.Name, s.ShowWith, s.Town, s.Organisation }).ToListAsync(ct);
        Recent = recent.Select(s => new Signatory(s.Name, Signature.Byline(s.ShowWith, s.Town, s.Organisation))).ToList();
        FeaturedIn = await featuring.LinkingToAsync(statement.Path, ct);
        return true;
    }
}
