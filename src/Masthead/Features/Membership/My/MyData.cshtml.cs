using System.Text.Json;
using Masthead.Data;
using Masthead.Features.Readers;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Membership.My;

/// <summary>Everything the register holds on the signed-in reader, as a JSON file (a subject access request, self-served).</summary>
public sealed class MyDataModel(MastheadDb db, Microsoft.Extensions.Options.IOptions<MembershipOptions> society) : PageModel
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var email = User.ReaderEmail()!;
        var members = new List<object>();
        foreach (var id in await db.Members.AsNoTracking().Where(m => m.Email == email).Select(m => m.Id).ToListAsync(ct))
        {
            var e = (await MemberEntry.LoadAsync(db, id, ct))!;
            var m = e.Member;
            members.Add(new
            {
                m.Number,
                Kind = m.Kind.ToString(),
                m.IsRegisteredSociety,
                m.Name,
                Address = m.Address.Split('\n'),
                m.Postcode,
                m.Email,
                EmailPurposes = MemberDetails.Describe(m.EmailPurposes),
                m.AdmittedOn,
                m.CeasedOn,
                CeasedReason = m.CeasedReason?.ToString(),
                SharesHeld = e.Holding.Shares,
                AmountPaidPence = e.Holding.PaidPence,
                ShareHistory = e.Entries.Select(x => new { x.EffectiveOn, Change = MemberEntry.Describe(x.Kind), x.Shares, AmountPence = x.AmountPence, x.Reason }),
                OtherProperty = e.Property.Select(p => new { p.Description, p.AmountPence, p.From, p.Until }),
                Nominations = e.Nominations.Select(n => new { n.NomineeName, NomineeAddress = n.NomineeAddress.Split('\n'), n.Relationship, n.NominatedOn }),
                WithdrawalRequests = e.Withdrawals.Select(w => new { w.Shares, w.RequestedOn, Status = w.Status.ToString(), w.DecisionNote }),
                ChangesToTheEntry = e.Changes.Select(c => new { c.At, c.What }),
            });
        }
        var applications = await db.ShareApplications.AsNoTracking().Where(a => a.Email == email).OrderBy(a => a.CreatedAt).ToListAsync(ct);
        var ids = applications.Select(a => a.Id).ToList();
        var money = await db.SharePayments.AsNoTracking().Where(p => p.ApplicationId != null && ids.Contains(p.ApplicationId.Value)).ToListAsync(ct);
        var document = new
        {
            Society = society.Value.SocietyName,
            ExportedFor = email,
            Members = members,
            Applications = applications.Select(a => new
            {
                a.Reference,
                Kind = a.Kind.ToString(),
                a.Name,
                Address = a.Address.Split('\n'),
                a.Postcode,
                a.Email,
                a.Shares,
                a.AmountPence,
                a.AcceptsRules,
                a.AgeConfirmed,
                Method = a.Method.ToString(),
                Status = a.Status.ToString(),
                a.CreatedAt,
                a.DecidedAt,
                a.DecisionNote,
                Money = money.Where(p => p.ApplicationId == a.Id).OrderBy(p => p.Id).Select(p => new { p.At, p.AmountPence, Method = p.Method.ToString(), p.Reason }),
            }),
        };
        Response.Headers.CacheControl = "no-store";
        return File(JsonSerializer.SerializeToUtf8Bytes(document, Json), "application/json", "my-membership-data.json");
    }
}
