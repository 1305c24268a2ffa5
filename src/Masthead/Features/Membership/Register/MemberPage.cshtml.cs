using Masthead.Data;
using Masthead.Features.Donations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Membership.Register;

/// <summary>A member's entry and history, with the changes staff make to it: purchases, withdrawal requests, transfers, cessation, contact, property.</summary>
public sealed class MemberPageModel(MastheadDb db, ShareRegister register) : PageModel
{
    public MemberEntry Entry { get; private set; } = null!;
    public string? Problem { get; private set; }
    public MembershipOptions Settings => register.Settings;
    public DateOnly Today => register.Today;

    [BindProperty] public string? Shares { get; set; }
    [BindProperty] public ShareMoneyMethod Method { get; set; } = ShareMoneyMethod.Cheque;
    [BindProperty] public string? Reference { get; set; }
    [BindProperty] public string? Key { get; set; }
    [BindProperty] public DateOnly? On { get; set; }
    [BindProperty] public CessationReason? Reason { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public string? Address { get; set; }
    [BindProperty] public string? Postcode { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public NoticePurposes[] Purposes { get; set; } = [];
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string? Amount { get; set; }
    [BindProperty] public int? ToNumber { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Key = Guid.NewGuid().ToString("N");
        (Address, Postcode, Email) = (Entry.Member.Address, Entry.Member.Postcode, Entry.Member.Email);
        return Page();
    }

    public Task<IActionResult> OnPostPurchaseAsync(int id, CancellationToken ct) => ActAsync(id, "Shares bought and entered.", () =>
        register.PurchaseAsync(id, ParseShares(), Method, Reference, On ?? Today, By, Guid.TryParse(Key, out var k) ? k.ToString("N") : Guid.NewGuid().ToString("N"), ct), ct);

    public Task<IActionResult> OnPostWithdrawAsync(int id, CancellationToken ct) => ActAsync(id, "Withdrawal request recorded: it waits for the committee.", () =>
        register.RequestWithdrawalAsync(id, ParseShares(), By, ct), ct);

    public Task<IActionResult> OnPostTransferAsync(int id, CancellationToken ct) => ActAsync(id, "Shares transferred.", async () =>
    {
        var to = await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.Number == ToNumber, ct) ?? throw new RegisterRefusal("There is no member with that number.");
        await register.TransferAsync(id, to.Id, ParseShares(), On ?? Today, Note ?? "", By, ct);
        return 0;
    }, ct);

    public Task<IActionResult> OnPostCeaseAsync(int id, CancellationToken ct) => ActAsync(id, "The membership has ended and the shares have left the register.", async () =>
    {
        if (Reason is not { } reason) throw new RegisterRefusal("Choose why the membership ends: resignation, death or expulsion.");
        await register.CeaseAsync(id, On ?? Today, reason, Note, By, ct);
        return 0;
    }, ct);

    public Task<IActionResult> OnPostContactAsync(int id, CancellationToken ct) => ActAsync(id, "Contact details updated.", async () =>
    {
        await register.UpdateContactAsync(id, Address ?? "", Postcode ?? "", Email, Purposes.Aggregate(NoticePurposes.None, (a, p) => a | p), By, ct);
        return 0;
    }, ct);

    public Task<IActionResult> OnPostPropertyAsync(int id, CancellationToken ct) => ActAsync(id, "Property recorded.", () =>
        register.AddPropertyAsync(id, Description ?? "", Amounts.TryParsePence(Amount, out var p) ? p : 0, On ?? Today, By, ct), ct);

    private string By => User.Identity!.Name!;

    private long ParseShares() => long.TryParse(Shares?.Replace(",", "").Trim(), out var n) ? n : throw new RegisterRefusal("Enter a whole number of shares.");

    private async Task<IActionResult> ActAsync<T>(int id, string done, Func<Task<T>> action, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        try
        {
            await action();
        }
        catch (RegisterRefusal e)
        {
            Problem = e.Message;
            await LoadAsync(id, ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        TempData["Notice"] = done;
        return Redirect($"/membership/members/{id}");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var entry = await MemberEntry.LoadAsync(db, id, ct);
        if (entry is null) return false;
        Entry = entry;
        return true;
    }
}
