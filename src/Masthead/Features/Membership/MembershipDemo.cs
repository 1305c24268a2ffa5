using Masthead.Data;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Membership;

/// <summary>A handful of members, officers and one application waiting for the committee, for the Development demo.</summary>
public static class MembershipDemo
{
    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        var register = services.GetRequiredService<ShareRegister>();
        var today = register.Today;
        string Ago(int months) => today.AddMonths(-months).ToString("yyyy-MM-dd");
        var csv = $"""
            number,kind,name,address,postcode,email,email_purposes,registered_society,admitted_on,ceased_on,ceased_reason,shares,amount_paid
            1,person,Margaret Ellis,"14 Weavers Row; Hebden Bridge",HX7 6AB,margaret.ellis@example.org,meetings accounts,no,{Ago(26)},,,500,
            2,organisation,Bakers' Union Branch 12,"Union House; 3 Forge Lane; Sheffield",S1 4RT,branch12@example.org,meetings,no,{Ago(22)},,,2500,
            3,person,Dev Raman,"Flat 2; 88 Stokes Croft; Bristol",BS1 3QY,dev.raman@example.org,meetings accounts other,no,{Ago(18)},,,100,
            4,organisation,Northern Wholefoods Co-operative,"Unit 7; Canal Wharf; Leeds",LS11 5PS,,,yes,{Ago(14)},,,12000,
            5,person,Siobhan Kelly,"27 Falls Road; Belfast",BT12 4PD,siobhan.kelly@example.org,meetings,no,{Ago(10)},,,50,
            6,person,Walter Grant,"9 Pit Row; Ashington",NE63 8AA,,,no,{Ago(24)},{Ago(4)},death,250,
            """;
        var outcome = await services.GetRequiredService<RegisterImport>().ImportAsync(csv, "demo", ct);
        if (outcome.Problems.Count > 0) throw new InvalidOperationException("Demo register is broken: " + string.Join("; ", outcome.Problems));

        var db = services.GetRequiredService<MastheadDb>();
        var ids = await db.Members.ToDictionaryAsync(m => m.Number, m => m.Id, ct);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        await register.PurchaseAsync(ids[1], 250, ShareMoneyMethod.Cheque, "CHQ 100412", today.AddMonths(-8), "demo", "demo-1", ct);
        await register.PurchaseAsync(ids[3], 400, ShareMoneyMethod.BankTransfer, "DR SHARES", today.AddMonths(-2), "demo", "demo-2", ct);
        await register.RequestWithdrawalAsync(ids[2], 500, "demo", ct);

        db.Officers.AddRange(
            new Officer { Name = "Margaret Ellis", Office = "Chair", MemberId = ids[1], TookOfficeOn = today.AddMonths(-20), RecordedBy = "demo", RecordedAt = now },
            new Officer { Name = "Dev Raman", Office = "Secretary", MemberId = ids[3], TookOfficeOn = today.AddMonths(-12), RecordedBy = "demo", RecordedAt = now },
            new Officer { Name = "Walter Grant", Office = "Treasurer", MemberId = ids[6], TookOfficeOn = today.AddMonths(-24), LeftOfficeOn = today.AddMonths(-4), RecordedBy = "demo", RecordedAt = now });
        await db.SaveChangesAsync(ct);

        var applications = services.GetRequiredService<ShareApplications>();
        var waiting = await applications.CreateAsync(new ShareApplications.Form(MemberKind.Person, false, "Priya Shah", "5 Elm Grove\nLeicester", "LE2 1AB",
            "priya.shah@example.org", 200, true, true, ShareMoneyMethod.Cheque), ct);
        await applications.RecordOfflinePaymentAsync(waiting.Id, ShareMoneyMethod.Cheque, waiting.AmountPence, "CHQ 200981", today, "demo", ct);
    }
}
