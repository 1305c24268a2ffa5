using Masthead.Data;
using Masthead.Features.Readers;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Membership.My;

/// <summary>
/// A member's own page: their entry in the register and their shares; they change their address and email for
/// notices, nominate someone to receive their shares on death, and download everything the register holds on them.
/// </summary>
public sealed class MyMembershipModel(MastheadDb db, ShareRegister register) : PageModel
{
    public IReadOnlyList<MemberEntry> Entries { get; private set; } = [];
    public IReadOnlyList<ShareApplication> Applications { get; private set; } = [];
    public string? Problem { get; private set; }
    public int? ProblemFor { get; private set; }

    [BindProperty] public int MemberId { get; set; }
    [BindProperty] public string? Address { get; set; }
    [BindProperty] public string? Postcode { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public NoticePurposes[] Purposes { get; set; } = [];
    [BindProperty] public string? NomineeName { get; set; }
    [BindProperty] public string? NomineeAddress { get; set; }
    [BindProperty] public string? Relationship { get; set; }
    [BindProperty] public string? Shares { get; set; }

    private string Reader => User.ReaderEmail()!;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostContactAsync(CancellationToken ct)
    {
        if (!await OwnsAsync(ct)) return NotFound();
        return await TryAsync(async () =>
        {
            await register.UpdateContactAsync(MemberId, Address ?? "", Postcode ?? "", Email,
                Purposes.Aggregate(NoticePurposes.None, (a, p) => a | p), $"the member ({Reader})", ct);
            var changedEmail = Email is not null && ReaderAccess.Normalise(Email) != Reader;
            TempData["Notice"] = changedEmail
                ? "Saved. Your notices now go to your new email address; sign in with it next time."
                : "Saved: your entry in the register is up to date.";
        }, ct);
    }

    public async Task<IActionResult> OnPostNominateAsync(CancellationToken ct)
    {
        if (!await OwnsAsync(ct)) return NotFound();
        return await TryAsync(async () =>
        {
            await register.NominateAsync(MemberId, NomineeName ?? "", NomineeAddress ?? "", Relationship, $"the member ({Reader})", ct);
            TempData["Notice"] = "Your nomination is recorded with today's date.";
        }, ct);
    }

    public async Task<IActionResult> OnPostWithdrawAsync(CancellationToken ct)
    {
        if (!await OwnsAsync(ct)) return NotFound();
        return await TryAsync(async () =>
        {
            var shares = long.TryParse(Shares?.Replace(",", "").Trim(), out var n) ? n : throw new RegisterRefusal("Enter a whole number of shares.");
            await register.RequestWithdrawalAsync(MemberId, shares, $"the member ({Reader})", ct);
            TempData["Notice"] = "Your request to withdraw shares has gone to the committee. We will write to you with its decision.";
        }, ct);
    }

    private async Task<IActionResult> TryAsync(Func<Task> action, CancellationToken ct)
    {
        try
        {
            await action();
        }
        catch (RegisterRefusal e)
        {
            (Problem, ProblemFor) = (e.Message, MemberId);
            await LoadAsync(ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        return Redirect("/my/membership");
    }

    /// <summary>A reader changes only an entry whose email for notices is the address they signed in with.</summary>
    private Task<bool> OwnsAsync(CancellationToken ct) =>
        db.Members.AnyAsync(m => m.Id == MemberId && m.Email == Reader && m.CeasedOn == null, ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        var ids = await db.Members.AsNoTracking().Where(m => m.Email == Reader).OrderBy(m => m.Number).Select(m => m.Id).ToListAsync(ct);
        var entries = new List<MemberEntry>();
        foreach (var id in ids) entries.Add((await MemberEntry.LoadAsync(db, id, ct))!);
        Entries = entries;
        Applications = await db.ShareApplications.AsNoTracking()
            .Where(a => a.Email == Reader && a.Status != ApplicationStatus.Approved).OrderByDescending(a => a.CreatedAt).ToListAsync(ct);
    }
}
