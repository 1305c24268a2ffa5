using System.Net;
using Masthead.Features.Membership;
using Masthead.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Masthead.IntegrationTests.Membership;

public sealed class RegisterDeskTests_Sqlite(SqliteApp app) : RegisterDeskTests<SqliteApp>(app);
[Trait("Needs", "PostgreSQL")]
public sealed class RegisterDeskTests_Postgres(PostgresApp app) : RegisterDeskTests<PostgresApp>(app);

/// <summary>The committee's desk: the register as at a date, voters, withdrawals, cessation, search, officers, the printable entry.</summary>
public abstract class RegisterDeskTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : MastheadApp
{
    private const string Header = "number,kind,name,address,postcode,email,email_purposes,registered_society,admitted_on,ceased_on,ceased_reason,shares,amount_paid\n";

    private DateOnly Today => app.Services.GetRequiredService<Masthead.Kernel.PaperClock>().Today();

    /// <summary>A member brought across by the committee's import (with a unique name unless given), admitted on a past date with a holding.</summary>
    private async Task<Member> MemberAsync(string admitted, long shares, string? email = null, string postcode = "LS6 1AA", string? name = null)
    {
        name ??= $"Member {Guid.NewGuid():N}"[..20];
        var outcome = await app.WithServiceAsync<RegisterImport, RegisterImport.Outcome>(i =>
            i.ImportAsync(Header + $",person,\"{name.Replace("\"", "\"\"")}\",1 Test Road,{postcode},{email},,,{admitted},,,{shares},\n", "test"));
        Assert.Empty(outcome.Problems);
        return await app.WithDbAsync(db => db.Members.AsNoTracking().SingleAsync(m => m.Name == name));
    }

    private static string Csv(string csv, int number) =>
        csv.Split("\r\n").Single(l => l.StartsWith($"{number},", StringComparison.Ordinal));

    [Fact]
    public async Task The_export_as_at_a_date_shows_the_holdings_on_that_date_not_todays()
    {
        var member = await MemberAsync("2020-03-01", 100);
        await app.WithServiceAsync<ShareRegister, ShareEntry>(r => r.PurchaseAsync(member.Id, 50, ShareMoneyMethod.Cheque, "CHQ 1", new DateOnly(2022, 6, 1), "test", Guid.NewGuid().ToString("N")));
        var later = await MemberAsync("2023-01-01", 20);
        var committee = await app.SignedInClientAsync(Roles.Membership);

        var response = await committee.GetAsync("/membership/export?asAt=2021-12-31");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("register-as-at-2021-12-31.csv", response.Content.Headers.ContentDisposition!.FileName?.Trim('"'));
        var csv = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("number,kind,name,address,postcode", csv);
        Assert.EndsWith(",100,100.00", Csv(csv, member.Number));
        Assert.DoesNotContain(csv.Split("\r\n"), l => l.StartsWith($"{later.Number},", StringComparison.Ordinal));
        var today = await (await committee.GetAsync($"/membership/export?asAt={Today:yyyy-MM-dd}")).Content.ReadAsStringAsync();
        Assert.EndsWith(",150,150.00", Csv(today, member.Number));
        Assert.EndsWith(",20,20.00", Csv(today, later.Number));

        var bad = await committee.GetAsync("/membership/export?asAt=31/12/2021");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("YYYY-MM-DD", await bad.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_register_and_voters_downloads_defuse_a_formula_name_and_the_export_reads_back_through_the_import()
    {
        var member = await MemberAsync("2022-02-02", 30, name: CsvDownload.Formula);
        var committee = await app.SignedInClientAsync(Roles.Membership);

        var export = await committee.GetAsync($"/membership/export?asAt={Today:yyyy-MM-dd}");
        var register = await CsvDownload.ReadAsync(export, $"register-as-at-{Today:yyyy-MM-dd}.csv");
        Assert.StartsWith($"{member.Number},person,{CsvDownload.Defused},1 Test Road,", CsvDownload.AssertDefused(register));
        var voters = await CsvDownload.ReadAsync(await committee.GetAsync($"/membership/voters?on={Today:yyyy-MM-dd}&format=csv"), $"voters-{Today:yyyy-MM-dd}.csv");
        Assert.Equal("number,name,votes", voters[0]);
        Assert.Equal($"{member.Number},{CsvDownload.Defused},1", CsvDownload.AssertDefused(voters));

        // The import reads the download as it came, byte-order mark and apostrophe included, and gets the name back.
        var (rows, problems) = RegisterCsv.Read(System.Text.Encoding.UTF8.GetString(await export.Content.ReadAsByteArrayAsync()), Today, new MembershipOptions());
        Assert.Empty(problems);
        Assert.Equal((CsvDownload.Formula, 30L), rows.Where(r => r.Number == member.Number).Select(r => (r.Name, r.Shares)).Single());
    }

    [Fact]
    public async Task Cessation_ends_the_membership_and_its_vote_on_its_date()
    {
        var member = await MemberAsync("2019-05-01", 500);
        var small = await MemberAsync("2019-05-01", 10);
        var committee = await app.SignedInClientAsync(Roles.Membership);
        var ceasedOn = Today.AddDays(-10);

        var ceased = await committee.PostFormAsync($"/membership/members/{member.Id}?handler=Cease",
            new() { ["Reason"] = "Death", ["On"] = ceasedOn.ToString("yyyy-MM-dd"), ["Note"] = "Notified by family" }, formPage: $"/membership/members/{member.Id}");

        Assert.Equal(HttpStatusCode.Redirect, ceased.StatusCode);
        var page = await committee.GetDocumentAsync($"/membership/members/{member.Id}");
        Assert.Equal("0", page.QuerySelector("[data-field=shares]")!.TextContent);
        Assert.Contains("(death)", page.QuerySelector("[data-field=ceased]")!.TextContent);
        Assert.Contains("Ceased: death — Notified by family", page.QuerySelector(".share-history")!.TextContent);
        var before = await committee.GetDocumentAsync($"/membership/voters?on={ceasedOn.AddDays(-1):yyyy-MM-dd}");
        var after = await committee.GetDocumentAsync($"/membership/voters?on={ceasedOn:yyyy-MM-dd}");
        string Votes(AngleSharp.Html.Dom.IHtmlDocument d, Member m) =>
            d.QuerySelectorAll("tbody tr").FirstOrDefault(r => r.QuerySelector("td")!.TextContent == m.Number.ToString())?.QuerySelectorAll("td")[2].TextContent ?? "none";
        Assert.Equal(("1", "1"), (Votes(before, member), Votes(before, small)));  // one vote each, 500 shares or 10
        Assert.Equal(("none", "1"), (Votes(after, member), Votes(after, small)));

        var again = await committee.PostFormAsync($"/membership/members/{member.Id}?handler=Cease", new() { ["Reason"] = "Resignation" }, formPage: $"/membership/members/{small.Id}");
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("already ceased", (await again.ReadDocumentAsync()).QuerySelector("[role=alert]")!.TextContent);
        Assert.Single(await app.WithDbAsync(db => db.ShareEntries.Where(e => e.MemberId == member.Id && e.Kind == ShareEntryKind.Cessation).ToListAsync()));
    }

    [Fact]
    public async Task A_withdrawal_waits_for_the_committee_then_leaves_the_register_and_is_paid_back()
    {
        var member = await MemberAsync("2021-01-01", 300);
        var committee = await app.SignedInClientAsync(Roles.Membership);

        var tooMany = await committee.PostFormAsync($"/membership/members/{member.Id}?handler=Withdraw", new() { ["Shares"] = "300" }, formPage: $"/membership/members/{member.Id}");
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("withdraw at most 299", (await tooMany.ReadDocumentAsync()).QuerySelector("[role=alert]")!.TextContent);
        var asked = await committee.PostFormAsync($"/membership/members/{member.Id}?handler=Withdraw", new() { ["Shares"] = "120" }, formPage: $"/membership/members/{member.Id}");
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        Assert.Equal(300, (await app.WithServiceAsync<ShareRegister, Holdings.Holding>(r => r.HoldingAsync(member.Id))).Shares);

        var request = await app.WithDbAsync(db => db.WithdrawalRequests.AsNoTracking().SingleAsync(w => w.MemberId == member.Id));
        var list = await committee.GetDocumentAsync("/membership/withdrawals");
        Assert.Contains(member.Name, list.QuerySelector("main")!.TextContent);
        var approved = await committee.PostFormAsync("/membership/withdrawals?handler=Approve", new() { ["RequestId"] = request.Id.ToString(), ["Note"] = "Hardship" });

        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        Assert.Equal(new Holdings.Holding(180, 18_000), await app.WithServiceAsync<ShareRegister, Holdings.Holding>(r => r.HoldingAsync(member.Id)));
        var paidBack = await app.WithDbAsync(db => db.SharePayments.AsNoTracking().SingleAsync(p => p.MemberId == member.Id));
        Assert.Equal(-12_000, paidBack.AmountPence);
        var twice = await committee.PostFormAsync("/membership/withdrawals?handler=Approve", new() { ["RequestId"] = request.Id.ToString() });
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
    }

    [Fact]
    public async Task A_further_purchase_over_the_cap_is_refused_and_changes_nothing()
    {
        var member = await MemberAsync("2021-01-01", 99_990);
        var committee = await app.SignedInClientAsync(Roles.Membership);

        var over = await committee.PostFormAsync($"/membership/members/{member.Id}?handler=Purchase", new() { ["Shares"] = "11", ["Method"] = "Cheque" }, formPage: $"/membership/members/{member.Id}");

        Assert.Equal(HttpStatusCode.BadRequest, over.StatusCode);
        Assert.Contains("can buy at most 10 more", (await over.ReadDocumentAsync()).QuerySelector("[role=alert]")!.TextContent);
        Assert.Equal(99_990, (await app.WithServiceAsync<ShareRegister, Holdings.Holding>(r => r.HoldingAsync(member.Id))).Shares);
        var ok = await committee.PostFormAsync($"/membership/members/{member.Id}?handler=Purchase", new() { ["Shares"] = "10", ["Method"] = "Cheque" }, formPage: $"/membership/members/{member.Id}");
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Equal(100_000, (await app.WithServiceAsync<ShareRegister, Holdings.Holding>(r => r.HoldingAsync(member.Id))).Shares);
    }

    [Fact]
    public async Task The_share_ledger_is_append_only_in_the_database()
    {
        var member = await MemberAsync("2021-01-01", 10);
        await Assert.ThrowsAnyAsync<Exception>(() => app.WithDbAsync(db =>
            db.Database.ExecuteSqlRawAsync("UPDATE \"ShareEntries\" SET \"Shares\" = 1000 WHERE \"MemberId\" = {0}", member.Id)));
        await Assert.ThrowsAnyAsync<Exception>(() => app.WithDbAsync(db =>
            db.Database.ExecuteSqlRawAsync("DELETE FROM \"ShareEntries\" WHERE \"MemberId\" = {0}", member.Id)));
        Assert.Equal(10, (await app.WithServiceAsync<ShareRegister, Holdings.Holding>(r => r.HoldingAsync(member.Id))).Shares);
    }

    [Fact]
    public async Task Staff_search_by_postcode_and_see_totals_move_with_the_register()
    {
        var committee = await app.SignedInClientAsync(Roles.Membership);
        async Task<string> Figure(string name) => (await committee.GetDocumentAsync("/membership")).QuerySelector($"[data-figure={name}]")!.TextContent;
        var (membersBefore, sharesBefore) = (int.Parse(await Figure("members"), System.Globalization.NumberStyles.AllowThousands), long.Parse(await Figure("shares"), System.Globalization.NumberStyles.AllowThousands));
        var postcode = $"ZZ{Random.Shared.Next(10, 99)} {Random.Shared.Next(1, 9)}QQ";
        var member = await MemberAsync("2024-02-02", 40, postcode: postcode);

        Assert.Equal(membersBefore + 1, int.Parse(await Figure("members"), System.Globalization.NumberStyles.AllowThousands));
        Assert.Equal(sharesBefore + 40, long.Parse(await Figure("shares"), System.Globalization.NumberStyles.AllowThousands));
        var index = await committee.GetDocumentAsync("/membership");
        Assert.NotNull(index.QuerySelector("svg.fund-chart__svg polyline"));
        var found = await committee.GetDocumentAsync($"/membership/members?q={Uri.EscapeDataString(postcode.ToLowerInvariant())}");
        var row = Assert.Single(found.QuerySelectorAll("tbody tr"));
        Assert.Equal(member.Name, row.QuerySelector("a")!.TextContent);
        var print = await committee.GetDocumentAsync($"/membership/members/{member.Id}/print");
        Assert.Equal(postcode, print.QuerySelector("[data-field=address]")!.TextContent.Split("1 Test Road")[1].Trim());
        Assert.Contains("section 30", print.QuerySelector(".print-entry__footer")!.TextContent);
    }

    [Fact]
    public async Task Officers_are_entered_with_their_office_and_dates()
    {
        var committee = await app.SignedInClientAsync(Roles.Membership);
        var name = $"Officer {Guid.NewGuid():N}"[..18];
        var added = await committee.PostFormAsync("/membership/officers?handler=Add",
            new() { ["Name"] = name, ["Office"] = "Treasurer", ["On"] = "2024-04-20" }, formPage: "/membership/officers");
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var officer = await app.WithDbAsync(db => db.Officers.AsNoTracking().SingleAsync(o => o.Name == name));

        var ended = await committee.PostFormAsync("/membership/officers?handler=End",
            new() { ["OfficerId"] = officer.Id.ToString(), ["On"] = "2024-01-01" }, formPage: "/membership/officers");
        Assert.Equal(HttpStatusCode.BadRequest, ended.StatusCode);
        ended = await committee.PostFormAsync("/membership/officers?handler=End",
            new() { ["OfficerId"] = officer.Id.ToString(), ["On"] = "2025-04-20" }, formPage: "/membership/officers");
        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        var row = (await committee.GetDocumentAsync("/membership/officers")).QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains(name));
        Assert.Contains("Treasurer", row.TextContent);
        Assert.Contains("20 Apr 2024", row.TextContent);
        Assert.Contains("20 Apr 2025", row.TextContent);
    }
}
