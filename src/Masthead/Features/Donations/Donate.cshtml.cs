using System.ComponentModel.DataAnnotations;
using Masthead.Data;
using Masthead.Features.FightingFund;
using Masthead.Features.Publishing;
using Masthead.Infrastructure;
using Masthead.Infrastructure.Payments;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Masthead.Features.Donations;

/// <summary>The donate page: an amount, who is giving, how to be thanked — then the hosted checkout.</summary>
[EnableRateLimiting(DonationsFeature.CheckoutRateLimit)]
public sealed class DonateModel(MastheadDb db, PaymentProviders providers, IOptions<FundOptions> fund,
    IOptions<PaperOptions> paper, PaperClock clock, ILogger<DonateModel> log) : PageModel
{
    /// <summary>How the donor will appear in the list of thanks; "none" means not listed.</summary>
    public const string NotListed = "none";

    [BindProperty, Display(Name = "Amount")]
    public string? Amount { get; set; }

    [BindProperty, Display(Name = "Other amount")]
    public string? OtherAmount { get; set; }

    [BindProperty, Required(ErrorMessage = "Tell us your name."), MaxLength(LedgerEntry.NameMax, ErrorMessage = "Names are at most 200 characters.")]
    public string Name { get; set; } = "";

    [BindProperty, Required(ErrorMessage = "Give an email address for your receipt."), EmailAddress(ErrorMessage = "Enter an email address like name@example.org."),
     MaxLength(254, ErrorMessage = "Email addresses are at most 254 characters.")]
    public string Email { get; set; } = "";

    [BindProperty, MaxLength(100, ErrorMessage = "Towns are at most 100 characters.")]
    public string? Town { get; set; }

    [BindProperty]
    public string ThankAs { get; set; } = nameof(Donations.ThankAs.FullName);

    [BindProperty]
    public bool ShowTown { get; set; }

    public FundOptions Fund => fund.Value;
    public bool Available => providers.Current is not null;

    public IActionResult OnGet([FromQuery] long? amount)
    {
        if (amount is { } a && Fund.SuggestedPounds.Contains(a)) Amount = a.ToString();
        else Amount ??= Fund.SuggestedPounds.Length > 2 ? Fund.SuggestedPounds[2].ToString() : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var provider = providers.Current;
        if (provider is null) return Unavailable();

        var chosen = Amount == "other" ? OtherAmount : Amount;
        long pence = 0;
        if (string.IsNullOrWhiteSpace(chosen)) ModelState.AddModelError(nameof(Amount), "Choose an amount or enter your own.");
        else if (!Amounts.TryParsePence(chosen, out pence))
            ModelState.AddModelError(nameof(OtherAmount), "Enter an amount in pounds, like 25 or 12.50.");
        else if (pence < Fund.MinimumDonationPounds * 100 || pence > Fund.MaximumDonationPounds * 100)
            ModelState.AddModelError(nameof(OtherAmount),
                $"Gifts online are from {Masthead.Kernel.Money.Pounds(Fund.MinimumDonationPounds)} to {Masthead.Kernel.Money.Pounds(Fund.MaximumDonationPounds)}.");
        ThankAs? thankAs = null;
        if (ThankAs != NotListed)
        {
            if (Enum.TryParse<ThankAs>(ThankAs, out var t) && Enum.IsDefined(t)) thankAs = t;
            else ModelState.AddModelError(nameof(ThankAs), "Choose how you would like to be thanked.");
        }
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var intent = new DonationIntent
        {
            Id = Guid.NewGuid(),
            Provider = provider.Name,
            AmountPence = pence,
            Currency = Fund.Currency,
            Name = Name.Trim(),
            Email = Email.Trim(),
            Town = string.IsNullOrWhiteSpace(Town) ? null : Town.Trim(),
            ThankAs = thankAs,
            ShowTown = ShowTown && !string.IsNullOrWhiteSpace(Town),
            CreatedAt = clock.UtcNow,
        };
        // Saved before the checkout starts: the webhook matches the payment to it, however quickly it comes.
        db.DonationIntents.Add(intent);
        await db.SaveChangesAsync(ct);
        var site = SiteUrls.Absolute(paper.Value, "");
        CheckoutStart start;
        try
        {
            start = await provider.StartCheckoutAsync(GiftPayments.Checkout(intent),
                new Uri($"{site}/donate/thanks?gift={intent.Id}"), new Uri($"{site}/donate?cancelled=1"), ct);
        }
        catch (Stripe.StripeException e)
        {
            log.LogWarning("Stripe refused a gift's checkout: {Code} {Type}", e.StripeError?.Code, e.StripeError?.Type);
            ModelState.AddModelError(nameof(Amount), "The payment provider could not start your checkout, and nothing was taken. Please try again in a few minutes.");
            Response.StatusCode = StatusCodes.Status502BadGateway;
            return Page();
        }
        intent.ProviderSessionId = start.SessionId;
        await db.SaveChangesAsync(ct);
        return Redirect(start.RedirectUrl);
    }

    private PageResult Unavailable()
    {
        Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return Page();
    }
}
