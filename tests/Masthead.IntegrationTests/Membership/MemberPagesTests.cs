using System.Net;
using System.Text.Json;
using Masthead.Features.Membership;
using Masthead.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Masthead.IntegrationTests.Membership;

public sealed class MemberPagesTests_Sqlite(SqliteApp app) : MemberPagesTests<SqliteApp>(app);
[Trait("Needs", "PostgreSQL")]
public sealed class MemberPagesTests_Postgres(PostgresApp app) : MemberPagesTests<PostgresApp>(app);

/// <summary>Members sign in by an emailed link and look after their own entry: address, email, nomination, their data.</summary>
public abstract class MemberPagesTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : MastheadApp
{
    private const string Header = "number,kind,name,address,postcode,email,email_purposes,registered_society,admitted_on,ceased_on,ceased_reason,shares,amount_paid\n";

    private async Task<Member> MemberAsync(string email, long shares = 120)
    {
        var name = $"Reader {Guid.NewGuid():N}"[..18];
        var outcome = await app.WithServiceAsync<RegisterImport, RegisterImport.Outcome>(i =>
            i.ImportAsync(Header + $",person,{name},\"12 Mill Lane; Hebden Bridge\",HX7 8AB,{email},meetings,,2022-02-02,,,{shares},\n", "test"));
        Assert.Empty(outcome.Problems);
        return await app.WithDbAsync(db => db.Members.AsNoTracking().SingleAsync(m => m.Name == name));
    }

    [Trait("Needs", "Smtp")]
    [Fact]
    public async Task A_member_signs_in_by_link_and_sees_their_entry_and_holding()
    {
        var email = SmtpInbox.NewAddress("reader-member");
        var member = await MemberAsync(email);
        var reader = await app.ReaderClientAsync(email);

        var home = await reader.GetDocumentAsync("/my");
        Assert.Contains(home.QuerySelectorAll(".account-parts a"), a => a.GetAttribute("href") == "/my/membership");
        var page = await reader.GetDocumentAsync("/my/membership");

        Assert.Equal(member.Number.ToString(), page.QuerySelector("[data-field=number]")!.TextContent);
        Assert.Equal("120", page.QuerySelector("[data-field=shares]")!.TextContent);
        Assert.Equal("£120", page.QuerySelector("[data-field=paid]")!.TextContent);
        Assert.DoesNotContain("Recorded by", page.QuerySelector(".share-history")!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, (await app.CreateClient().GetAsync("/my/membership")).StatusCode);
    }

    [Trait("Needs", "Smtp")]
    [Fact]
    public async Task A_member_updates_their_address_and_nominates_someone_and_the_register_keeps_the_history()
    {
        var email = SmtpInbox.NewAddress("movers");
        var member = await MemberAsync(email);
        var reader = await app.ReaderClientAsync(email);

        var missing = await reader.PostFormAsync("/my/membership?handler=Contact",
            new() { ["MemberId"] = member.Id.ToString(), ["Address"] = "", ["Postcode"] = "HX7 8AB", ["Email"] = email }, formPage: "/my/membership");
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("Give the postal address", (await missing.ReadDocumentAsync()).QuerySelector("[role=alert]")!.TextContent);

        var moved = await reader.PostFormAsync("/my/membership?handler=Contact", new()
        {
            ["MemberId"] = member.Id.ToString(),
            ["Address"] = "4 New Street\nHalifax",
            ["Postcode"] = "hx1 1aa",
            ["Email"] = email,
            ["Purposes"] = "Meetings",
        }, formPage: "/my/membership");
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        var nominated = await reader.PostFormAsync("/my/membership?handler=Nominate", new()
        {
            ["MemberId"] = member.Id.ToString(),
            ["NomineeName"] = "Jess Byrne",
            ["NomineeAddress"] = "4 New Street\nHalifax",
            ["Relationship"] = "daughter",
        }, formPage: "/my/membership");
        Assert.Equal(HttpStatusCode.Redirect, nominated.StatusCode);

        var page = await reader.GetDocumentAsync("/my/membership");
        Assert.Contains("4 New Street", page.QuerySelector("[data-field=address]")!.TextContent);
        Assert.Contains("HX1 1AA", page.QuerySelector("[data-field=address]")!.TextContent);
        Assert.StartsWith("Jess Byrne (daughter), nominated ", page.QuerySelector("[data-field=nomination]")!.TextContent);
        var history = await app.WithDbAsync(db => db.MemberChanges.AsNoTracking().Where(c => c.MemberId == member.Id).OrderBy(c => c.Id).ToListAsync());
        Assert.Contains("Address changed from \"12 Mill Lane,Hebden Bridge, HX7 8AB\"", history[0].What);
        Assert.Equal($"the member ({email})", history[0].By);
    }

    [Trait("Needs", "Smtp")]
    [Fact]
    public async Task A_member_asks_to_withdraw_shares_and_the_request_waits_for_the_committee()
    {
        var email = SmtpInbox.NewAddress("withdrawing");
        var member = await MemberAsync(email, 80);
        var reader = await app.ReaderClientAsync(email);

        var all = await reader.PostFormAsync("/my/membership?handler=Withdraw", new() { ["MemberId"] = member.Id.ToString(), ["Shares"] = "80" }, formPage: "/my/membership");
        Assert.Equal(HttpStatusCode.BadRequest, all.StatusCode);
        Assert.Contains("withdraw at most 79", (await all.ReadDocumentAsync()).QuerySelector("[role=alert]")!.TextContent);
        var asked = await reader.PostFormAsync("/my/membership?handler=Withdraw", new() { ["MemberId"] = member.Id.ToString(), ["Shares"] = "30" }, formPage: "/my/membership");

        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        var request = await app.WithDbAsync(db => db.WithdrawalRequests.AsNoTracking().SingleAsync(w => w.MemberId == member.Id));
        Assert.Equal((30L, WithdrawalStatus.Pending, $"the member ({email})"), (request.Shares, request.Status, request.RequestedBy));
        Assert.Equal(80, (await app.WithServiceAsync<ShareRegister, Holdings.Holding>(r => r.HoldingAsync(member.Id))).Shares);
    }

    [Trait("Needs", "Smtp")]
    [Fact]
    public async Task A_reader_cannot_change_someone_elses_entry()
    {
        var victim = await MemberAsync(SmtpInbox.NewAddress("victim"));
        var email = SmtpInbox.NewAddress("other-member");
        await MemberAsync(email);
        var reader = await app.ReaderClientAsync(email);

        var response = await reader.PostFormAsync("/my/membership?handler=Contact", new()
        {
            ["MemberId"] = victim.Id.ToString(),
            ["Address"] = "1 Hijack Road",
            ["Postcode"] = "XX1 1XX",
            ["Email"] = email,
        }, formPage: "/my/membership");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("12 Mill Lane\nHebden Bridge", (await app.WithDbAsync(db => db.Members.AsNoTracking().SingleAsync(m => m.Id == victim.Id))).Address);
    }

    [Trait("Needs", "Smtp")]
    [Fact]
    public async Task A_member_downloads_everything_the_register_holds_about_them()
    {
        var email = SmtpInbox.NewAddress("data-member");
        var member = await MemberAsync(email, 75);
        var reader = await app.ReaderClientAsync(email);

        var response = await reader.GetAsync("/my/membership/data");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var entry = json.RootElement.GetProperty("members").EnumerateArray().Single();
        Assert.Equal(member.Number, entry.GetProperty("number").GetInt32());
        Assert.Equal(75, entry.GetProperty("shares_held").GetInt64());
        Assert.Equal("12 Mill Lane", entry.GetProperty("address")[0].GetString());
        Assert.Equal("Brought across", entry.GetProperty("share_history")[0].GetProperty("change").GetString());
    }
}
