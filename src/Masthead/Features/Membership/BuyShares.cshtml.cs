using Masthead.Data;
using Masthead.Features.Publishing;
using Masthead.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Masthead.Features.Membership;

/// <summary>The public "Buy shares" page: the application to join the society, then the hosted checkout or a cheque or transfer.</summary>
[EnableRateLimiting(Donations.DonationsFeature.CheckoutRateLimit)]
public sealed class BuySharesModel(MastheadDb db, ShareApplications applications, ShareCheckout checkout, IOptions<PaperOptions> paper) : PageModel
{
    public sealed class ApplicationInput
    {
        public MemberKind Kind { get; set; } = MemberKind.Person;
        public bool IsRegisteredSociety { get; set; }
        public string? Name { get; set; }
        public string? Address { get; set; }
        public string? Postcode { get; set; }
        public string? Email { get; set; }
        public string? Shares { get; set; }
        public bool AcceptsRules { get; set; }
        public bool AgeConfirmed { get; set; }
        public ShareMoneyMethod Method { get; set; } = ShareMoneyMethod.Card;
    }

    [BindProperty]
    public ApplicationInput Input { get; set; } = new();

    public MembershipOptions Settings => applications.Settings;
    public bool CardAvailable => checkout.Available;

    public void OnGet([FromQuery] long? shares)
    {
        Input.Shares = (shares is { } s && s > 0 ? s : Math.Max(Settings.MinimumFirstShares, 100)).ToString();
        if (!CardAvailable) Input.Method = ShareMoneyMethod.BankTransfer;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // Binding errors ("abc" for a kind) are replaced by the form's own words below.
        ModelState.Clear();
        long? shares = long.TryParse(Input.Shares?.Replace(",", "").Trim(), out var n) ? n : null;
        if (!Enum.IsDefined(Input.Kind)) Input.Kind = MemberKind.Person;
        var form = new ShareApplications.Form(Input.Kind, Input.IsRegisteredSociety, Input.Name, Input.Address, Input.Postcode, Input.Email,
            shares, Input.AcceptsRules, Input.AgeConfirmed, Input.Method);
        foreach (var problem in applications.Check(form)) ModelState.AddModelError($"Input.{problem.Field}", problem.Message);
        if (Input.Method == ShareMoneyMethod.Card && !CardAvailable)
            ModelState.AddModelError("Input.Method", "Paying by card is not available at the moment: choose a cheque or a bank transfer.");
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var application = await applications.CreateAsync(form, ct);
        if (application.Method != ShareMoneyMethod.Card) return Redirect($"/shares/applied?application={application.Id}");

        var site = SiteUrls.Absolute(paper.Value, "");
        var start = await checkout.StartAsync(application, new Uri($"{site}/shares/applied?application={application.Id}"),
            new Uri($"{site}/shares?cancelled=1"), ct);
        application.Provider = checkout.UsesStripe ? Infrastructure.Payments.StripePayments.ProviderName : Infrastructure.Payments.SandboxPayments.ProviderName;
        application.ProviderSessionId = start.SessionId;
        await db.SaveChangesAsync(ct);
        return Redirect(start.RedirectUrl);
    }
}
