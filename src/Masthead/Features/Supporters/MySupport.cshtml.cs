using Masthead.Data;
using Masthead.Features.Donations;
using Masthead.Features.Publishing;
using Masthead.Features.Readers;
using Masthead.Infrastructure;
using Masthead.Infrastructure.Payments;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Masthead.Features.Supporters;

/// <summary>
/// A signed-in supporter's own page: their support, every payment, and the means to change the amount or stop —
/// Stripe's billing portal where Stripe takes the payments, Masthead's own forms under the sandbox (which then
/// delivers the subscription events Stripe would, so the same webhook code runs).
/// </summary>
public sealed class MySupportModel(MastheadDb db, PaymentProviders providers, StripePayments stripe, SandboxBilling sandbox,
    IOptions<SupportersOptions> options, IOptions<PaperOptions> paper, ILogger<MySupportModel> log) : PageModel
{
    public List<Supporter> Supporters { get; private set; } = [];
    public ILookup<int?, LedgerEntry> Payments { get; private set; } = Enumerable.Empty<LedgerEntry>().ToLookup(e => e.SupporterId);
    public long MaximumMonthlyPence => options.Value.MaximumMonthlyPence;

    [BindProperty]
    public string? Amount { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>Whether this supporter's subscription is changed here (sandbox) or in Stripe's portal.</summary>
    public bool ManagedHere(Supporter s) => s.Provider == Supporter.SandboxProvider && providers.SandboxActive && s.SubscriptionId is not null;
    public bool ManagedInStripe(Supporter s) => s.Provider == Supporter.StripeProvider && providers.Current is StripePayments && s.CustomerId is not null;

    public async Task<IActionResult> OnPostPortalAsync(int id, CancellationToken ct)
    {
        if (await MineAsync(id, ct) is not { } s || !ManagedInStripe(s)) return NotFound();
        var back = new Uri(SiteUrls.Absolute(paper.Value, SupporterAccountPart.PagePath));
        try
        {
            return Redirect(await stripe.BillingPortalAsync(s.CustomerId!, back, ct));
        }
        catch (Stripe.StripeException e)
        {
            log.LogWarning("Stripe refused a billing portal session for supporter {Id}: {Code} {Type}", s.Id, e.StripeError?.Code, e.StripeError?.Type);
            ModelState.AddModelError(nameof(Amount), "Stripe's billing page could not be opened just now. Nothing has changed; please try again in a few minutes.");
            await LoadAsync(ct);
            Response.StatusCode = StatusCodes.Status502BadGateway;
            return Page();
        }
    }

    public async Task<IActionResult> OnPostAmountAsync(int id, CancellationToken ct)
    {
        if (await MineAsync(id, ct) is not { } s || !ManagedHere(s) || s.State == SupporterState.Cancelled) return NotFound();
        long pence = 0;
        if (string.IsNullOrWhiteSpace(Amount) || !Amounts.TryParsePence(Amount, out pence))
            ModelState.AddModelError(nameof(Amount), "Enter an amount in pounds, like 12 or 7.50.");
        else if (SupporterRules.AmountProblem(OpenScheme(s.Scheme!), pence, MaximumMonthlyPence) is { } problem)
            ModelState.AddModelError(nameof(Amount), problem);
        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        await sandbox.ChangeAmountAsync(s, pence, ct);
        TempData["Notice"] = $"Your support is now {Masthead.Kernel.Money.Pence(pence)} a month. Thank you.";
        return Redirect(SupporterAccountPart.PagePath);
    }

    public async Task<IActionResult> OnPostCancelAsync(int id, CancellationToken ct)
    {
        if (await MineAsync(id, ct) is not { } s || !ManagedHere(s)) return NotFound();
        if (s.State != SupporterState.Cancelled) await sandbox.CancelAsync(s, ct);
        TempData["Notice"] = "Your monthly support has stopped; no more payments will be taken. Thank you for all you gave.";
        return Redirect(SupporterAccountPart.PagePath);
    }

    public async Task<IActionResult> OnPostPayNowAsync(int id, CancellationToken ct)
    {
        if (await MineAsync(id, ct) is not { } s || !ManagedHere(s)) return NotFound();
        if (s.State == SupporterState.PastDue) await sandbox.PayNowAsync(s, ct);
        TempData["Notice"] = "Thank you: your payment went through and your support is up to date.";
        return Redirect(SupporterAccountPart.PagePath);
    }

    /// <summary>An open scheme keeps its minimum; on a fixed one a supporter may still choose to give more or less, from £1.</summary>
    private static SupporterScheme OpenScheme(SupporterScheme scheme) => scheme.OpenAmount ? scheme : new()
    {
        Name = scheme.Name,
        MonthlyPence = 100,
        OpenAmount = true,
    };

    private Task<Supporter?> MineAsync(int id, CancellationToken ct)
    {
        var email = User.ReaderEmail();
        return db.Supporters.AsNoTracking().Include(s => s.Scheme).FirstOrDefaultAsync(s => s.Id == id && s.Email == email, ct);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var email = User.ReaderEmail();
        Supporters = await db.Supporters.AsNoTracking().Include(s => s.Scheme)
            .Where(s => s.Email == email && s.State != SupporterState.Pending)
            .OrderBy(s => s.State == SupporterState.Cancelled).ThenByDescending(s => s.JoinedAt).ToListAsync(ct);
        var ids = Supporters.Select(s => (int?)s.Id).ToList();
        Payments = (await db.Ledger.AsNoTracking().Where(e => ids.Contains(e.SupporterId))
            .OrderByDescending(e => e.FundDate).ThenByDescending(e => e.Id).ToListAsync(ct)).ToLookup(e => e.SupporterId);
    }
}
