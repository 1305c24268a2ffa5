using System.ComponentModel.DataAnnotations;
using Masthead.Data;
using Masthead.Features.Donations;
using Masthead.Features.Publishing;
using Masthead.Features.Readers;
using Masthead.Infrastructure;
using Masthead.Infrastructure.Payments;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Masthead.Features.Supporters;

/// <summary>"Become a supporter": a scheme, an amount where the scheme leaves it open, who — then the hosted checkout in subscription mode.</summary>
[EnableRateLimiting(DonationsFeature.CheckoutRateLimit)]
public sealed class SupportModel(MastheadDb db, PaymentProviders providers, IOptions<SupportersOptions> options,
    IOptions<PaperOptions> paper, PaperClock clock, ILogger<SupportModel> log) : PageModel
{
    [BindProperty]
    public int? SchemeId { get; set; }

    [BindProperty, Display(Name = "Monthly amount")]
    public string? Amount { get; set; }

    [BindProperty, Required(ErrorMessage = "Tell us your name."), MaxLength(LedgerEntry.NameMax, ErrorMessage = "Names are at most 200 characters.")]
    public string Name { get; set; } = "";

    [BindProperty, Required(ErrorMessage = "Give an email address: it is how you sign in to manage your support."),
     EmailAddress(ErrorMessage = "Enter an email address like name@example.org."), MaxLength(254, ErrorMessage = "Email addresses are at most 254 characters.")]
    public string Email { get; set; } = "";

    public List<SupporterScheme> Schemes { get; private set; } = [];
    public bool Available => providers.Current is not null;
    public SupportersOptions Settings => options.Value;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Schemes = await OfferedAsync(ct);
        SchemeId ??= Schemes.FirstOrDefault()?.Id;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Schemes = await OfferedAsync(ct);
        var provider = providers.Current;
        if (provider is null || Schemes.Count == 0)
        {
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Page();
        }
        var scheme = Schemes.FirstOrDefault(s => s.Id == SchemeId);
        long pence = 0;
        if (scheme is null) ModelState.AddModelError(nameof(SchemeId), "Choose how you would like to support the paper.");
        else if (!scheme.OpenAmount) pence = scheme.MonthlyPence;
        else if (string.IsNullOrWhiteSpace(Amount)) ModelState.AddModelError(nameof(Amount), "Enter how much you would like to give each month.");
        else if (!Amounts.TryParsePence(Amount, out pence)) ModelState.AddModelError(nameof(Amount), "Enter an amount in pounds, like 12 or 7.50.");
        else if (SupporterRules.AmountProblem(scheme, pence, Settings.MaximumMonthlyPence) is { } problem) ModelState.AddModelError(nameof(Amount), problem);
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var supporter = new Supporter
        {
            Key = Guid.NewGuid(),
            SchemeId = scheme!.Id,
            Name = Name.Trim(),
            Email = ReaderAccess.Normalise(Email),
            MonthlyPence = pence,
            Currency = scheme.Currency,
            Method = PaymentMethod.Card,
            State = SupporterState.Pending,
            CreatedAt = clock.UtcNow,
            StateAt = clock.UtcNow,
            Provider = provider.Name,
            RecordedBy = provider.Name,
        };
        var site = SiteUrls.Absolute(paper.Value, "");
        CheckoutStart start;
        try
        {
            start = await provider.StartCheckoutAsync(SupporterCheckout.Request(supporter, scheme.Name),
                new Uri($"{site}/support/thanks?supporter={supporter.Key}"), new Uri($"{site}/support?cancelled=1"), ct);
        }
        catch (Stripe.StripeException e)
        {
            log.LogWarning("Stripe refused a supporter checkout: {Code} {Type}", e.StripeError?.Code, e.StripeError?.Type);
            ModelState.AddModelError(nameof(SchemeId), "The payment provider could not start your checkout, and nothing was set up or taken. Please try again in a few minutes.");
            Response.StatusCode = StatusCodes.Status502BadGateway;
            return Page();
        }
        supporter.CheckoutSessionId = start.SessionId;
        db.Supporters.Add(supporter);
        await db.SaveChangesAsync(ct);
        return Redirect(start.RedirectUrl);
    }

    private Task<List<SupporterScheme>> OfferedAsync(CancellationToken ct) =>
        db.SupporterSchemes.AsNoTracking().Where(s => s.Offered).OrderBy(s => s.Position).ThenBy(s => s.MonthlyPence).ToListAsync(ct);
}
