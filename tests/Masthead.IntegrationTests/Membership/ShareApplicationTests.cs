using System.Net;
using System.Text.Json.Nodes;
using Masthead.Features.Membership;
using Masthead.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Masthead.IntegrationTests.Membership;

public sealed class ShareApplicationTests_Sqlite(SqliteApp app) : ShareApplicationTests<SqliteApp>(app);
[Trait("Needs", "PostgreSQL")]
public sealed class ShareApplicationTests_Postgres(PostgresApp app) : ShareApplicationTests<PostgresApp>(app);

/// <summary>
/// A reader applies for shares on the public page, pays at the (sandbox) checkout or by cheque, and the committee
/// approves — a member with a number and a confirmation email — or refuses, with the money refunded and recorded.
/// </summary>
public abstract class ShareApplicationTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : MastheadApp
{
    private DateTimeOffset Now => app.Clock.GetUtcNow();

    public static Dictionary<string, string> Form(string email, string shares = "250", string method = "Card", string name = "Ada Byrne",
        string address = "3 Canal Street\nTodmorden", string postcode = "OL14 5AA", string kind = "Person", bool society = false) => new()
        {
            ["Input.Kind"] = kind,
            ["Input.Name"] = name,
            ["Input.Address"] = address,
            ["Input.Postcode"] = postcode,
            ["Input.Email"] = email,
            ["Input.Shares"] = shares,
            ["Input.Method"] = method,
            ["Input.AcceptsRules"] = "true",
            ["Input.AgeConfirmed"] = "true",
            ["Input.IsRegisteredSociety"] = society ? "true" : "false",
        };

    private Task<ShareApplication> ApplicationAsync(string email) =>
        app.WithDbAsync(db => db.ShareApplications.AsNoTracking().SingleAsync(a => a.Email == email));

    /// <summary>Applies through the page and pays at the sandbox checkout; gives the application.</summary>
    private async Task<ShareApplication> ApplyAndPayAsync(string email, string shares = "250")
    {
        var client = app.CreateClient();
        var started = await client.PostFormAsync("/shares", Form(email, shares));
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var checkout = started.Headers.Location!.OriginalString;
        Assert.StartsWith("/sandbox/shares/", checkout);
        var paid = await client.PostFormAsync(checkout, []);
        Assert.Equal(HttpStatusCode.Redirect, paid.StatusCode);
        Assert.StartsWith("/shares/applied?application=", paid.Headers.Location!.OriginalString);
        return await ApplicationAsync(email);
    }

    [Trait("Needs", "Smtp")]
    [Fact]
    public async Task A_paid_application_approved_by_the_committee_becomes_a_member_with_a_number_and_an_email()
    {
        var email = SmtpInbox.NewAddress("member");
        var ledgerBefore = await app.WithDbAsync(db => db.Ledger.CountAsync());

        var application = await ApplyAndPayAsync(email);

        Assert.Equal(ApplicationStatus.AwaitingDecision, application.Status);
        Assert.Equal(25_000, application.AmountPence);
        var payment = await app.WithDbAsync(db => db.SharePayments.AsNoTracking().SingleAsync(p => p.ApplicationId == application.Id));
        Assert.Equal((ShareMoneyMethod.Card, 25_000L), (payment.Method, payment.AmountPence));
        // Share money is capital: nothing reached the fighting fund's ledger.
        Assert.Equal(ledgerBefore, await app.WithDbAsync(db => db.Ledger.CountAsync()));

        var committee = await app.SignedInClientAsync(Roles.Membership);
        var page = await committee.GetDocumentAsync($"/membership/applications/{application.Id}");
        Assert.Contains("Waiting for the committee", page.QuerySelector("[data-field=state]")!.TextContent);
        var approved = await committee.PostFormAsync($"/membership/applications/{application.Id}?handler=Approve", new() { ["Note"] = "Welcome" },
            formPage: $"/membership/applications/{application.Id}");

        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        var member = await app.WithDbAsync(db => db.Members.AsNoTracking().SingleAsync(m => m.Email == email));
        Assert.True(member.Number > 0);
        Assert.Equal(("Ada Byrne", "3 Canal Street\nTodmorden", "OL14 5AA"), (member.Name, member.Address, member.Postcode));
        var entry = await committee.GetDocumentAsync(approved.Headers.Location!.OriginalString);
        Assert.Equal("250", entry.QuerySelector("[data-field=shares]")!.TextContent);
        Assert.Equal("£250", entry.QuerySelector("[data-field=paid]")!.TextContent);
        Assert.Equal(member.Number.ToString(), entry.QuerySelector("[data-field=number]")!.TextContent);
        var mail = Assert.Single(await SmtpInbox.WaitForAsync(email, 1, app));
        Assert.Contains($"member number {member.Number}", mail.Subject);
        Assert.Contains("Shares allotted: 250", mail.TextBody);

        var again = await committee.PostFormAsync($"/membership/applications/{application.Id}?handler=Approve", [], formPage: $"/membership/applications/{application.Id}");
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Single(await app.WithDbAsync(db => db.Members.AsNoTracking().Where(m => m.Email == email).ToListAsync()));
    }

    [Fact]
    public async Task A_finance_user_without_the_membership_role_cannot_approve()
    {
        var application = await ApplyAndPayAsync(SmtpInbox.NewAddress("applicant"));
        var finance = await app.SignedInClientAsync(Roles.Finance);

        Assert.Equal(HttpStatusCode.Forbidden, (await finance.GetAsync($"/membership/applications/{application.Id}")).StatusCode);
        var post = await finance.PostAsync($"/membership/applications/{application.Id}?handler=Approve", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(ApplicationStatus.AwaitingDecision, (await ApplicationAsync(application.Email)).Status);
    }

    [Trait("Needs", "Smtp")]
    [Fact]
    public async Task A_refused_application_has_its_money_refunded_and_recorded()
    {
        var email = SmtpInbox.NewAddress("refused");
        var application = await ApplyAndPayAsync(email, "40");
        var committee = await app.SignedInClientAsync(Roles.Membership);

        var noReason = await committee.PostFormAsync($"/membership/applications/{application.Id}?handler=Refuse", new() { ["Note"] = "" },
            formPage: $"/membership/applications/{application.Id}");
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("reason", (await noReason.ReadDocumentAsync()).QuerySelector("[role=alert]")!.TextContent);

        var refused = await committee.PostFormAsync($"/membership/applications/{application.Id}?handler=Refuse",
            new() { ["Note"] = "Not eligible under rule 7" }, formPage: $"/membership/applications/{application.Id}");

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal(ApplicationStatus.Refused, (await ApplicationAsync(email)).Status);
        var money = await app.WithDbAsync(db => db.SharePayments.AsNoTracking().Where(p => p.ApplicationId == application.Id).OrderBy(p => p.Id).ToListAsync());
        Assert.Equal([4_000L, -4_000L], money.Select(p => p.AmountPence));
        Assert.StartsWith("sandbox-refund-", money[1].Reference);
        Assert.False(await app.WithDbAsync(db => db.Members.AnyAsync(m => m.Email == email)));
        var mail = Assert.Single(await SmtpInbox.WaitForAsync(email, 1, app));
        Assert.Contains("has been refunded", mail.TextBody);
    }

    [Fact]
    public async Task A_cheque_recorded_by_finance_lets_the_committee_approve()
    {
        var email = SmtpInbox.NewAddress("cheque");
        var client = app.CreateClient();
        var applied = await client.PostFormAsync("/shares", Form(email, "100", method: "Cheque"));
        Assert.Equal(HttpStatusCode.Redirect, applied.StatusCode);
        var next = await client.GetDocumentAsync(applied.Headers.Location!.OriginalString);
        var application = await ApplicationAsync(email);
        Assert.Contains(application.Reference, next.QuerySelector("main")!.TextContent);
        Assert.Contains("Send a cheque for £100", next.QuerySelector("main")!.TextContent);

        var committee = await app.SignedInClientAsync(Roles.Membership);
        var early = await committee.PostFormAsync($"/membership/applications/{application.Id}?handler=Approve", [], formPage: $"/membership/applications/{application.Id}");
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        Assert.Contains("not paid yet", (await early.ReadDocumentAsync()).QuerySelector("[role=alert]")!.TextContent);

        var finance = await app.SignedInClientAsync(Roles.Finance);
        var fields = new Dictionary<string, string> { ["ApplicationId"] = application.Id.ToString(), ["Method"] = "Cheque", ["Reference"] = "CHQ 100234" };
        var wrong = await finance.PostFormAsync("/finance/shares", new(fields) { ["Amount"] = "90" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("shares are paid in full", (await wrong.ReadDocumentAsync()).QuerySelector("[role=alert]")!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, (await finance.PostFormAsync("/finance/shares", new(fields) { ["Amount"] = "100.00" })).StatusCode);

        var approved = await committee.PostFormAsync($"/membership/applications/{application.Id}?handler=Approve", [], formPage: $"/membership/applications/{application.Id}");
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        var member = await app.WithDbAsync(db => db.Members.AsNoTracking().SingleAsync(m => m.Email == email));
        Assert.Equal(new Holdings.Holding(100, 10_000), await app.WithServiceAsync<ShareRegister, Holdings.Holding>(r => r.HoldingAsync(member.Id)));
    }

    [Theory]
    [InlineData("", "250", "Give the postal address")]
    [InlineData("1 Road", "0", "Shares must be between 10 and 100,000")]
    [InlineData("1 Road", "100001", "Shares must be between 10 and 100,000")]
    [InlineData("1 Road", "lots", "Enter how many shares")]
    public async Task Bad_applications_get_a_clear_message_and_nothing_is_saved(string address, string shares, string message)
    {
        var email = SmtpInbox.NewAddress("bad");
        var response = await app.CreateClient().PostFormAsync("/shares", Form(email, shares, address: address));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, (await response.ReadDocumentAsync()).QuerySelector("form")!.TextContent);
        Assert.False(await app.WithDbAsync(db => db.ShareApplications.AnyAsync(a => a.Email == email)));
    }

    [Fact]
    public async Task A_registered_society_may_apply_over_the_cap_but_a_person_may_not()
    {
        var person = SmtpInbox.NewAddress("big");
        var refused = await app.CreateClient().PostFormAsync("/shares", Form(person, "150000", method: "BankTransfer"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        var society = SmtpInbox.NewAddress("society");
        var accepted = await app.CreateClient().PostFormAsync("/shares",
            Form(society, "150000", method: "BankTransfer", name: "Northern Wholefoods Co-operative", kind: "Organisation", society: true));
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        var application = await ApplicationAsync(society);
        Assert.True(application.IsRegisteredSociety);
        Assert.Equal(15_000_000, application.AmountPence);
    }

    [Fact]
    public async Task Share_checkout_events_go_to_the_register_once_and_never_to_the_fund()
    {
        var email = SmtpInbox.NewAddress("webhook");
        var applied = await app.CreateClient().PostFormAsync("/shares", Form(email, "60"));
        Assert.Equal(HttpStatusCode.Redirect, applied.StatusCode);
        var application = await ApplicationAsync(email);
        var session = Session(application.ProviderSessionId!, application.Id, 6_000, email);
        var ledgerBefore = await app.WithDbAsync(db => db.Ledger.CountAsync());
        var client = app.CreateClient();

        var first = await client.DeliverAsync(StripeEvents.Event("checkout.session.completed", session, Now), Now);
        var repeat = await client.DeliverAsync(StripeEvents.Event("checkout.session.completed", Session(application.ProviderSessionId!, application.Id, 6_000, email), Now), Now);
        var unknown = await client.DeliverAsync(StripeEvents.Event("checkout.session.completed", Session(StripeEvents.NewId("cs"), Guid.NewGuid(), 6_000, email), Now), Now);

        Assert.Contains("\"Applied\"", await first.Content.ReadAsStringAsync());
        Assert.Contains("\"Duplicate\"", await repeat.Content.ReadAsStringAsync());
        var unknownBody = await unknown.Content.ReadAsStringAsync();
        Assert.Contains("\"NeedsReview\"", unknownBody);
        Assert.DoesNotContain(email, unknownBody, StringComparison.OrdinalIgnoreCase);
        Assert.Single(await app.WithDbAsync(db => db.SharePayments.Where(p => p.ApplicationId == application.Id).ToListAsync()));
        Assert.Equal(ApplicationStatus.AwaitingDecision, (await ApplicationAsync(email)).Status);
        Assert.Equal(ledgerBefore, await app.WithDbAsync(db => db.Ledger.CountAsync()));
    }

    private static JsonObject Session(string id, Guid application, long pence, string email)
    {
        var session = StripeEvents.CheckoutSession(id, StripeEvents.NewId("pi"), pence, email: email, name: "Ada Byrne");
        session["metadata"] = new JsonObject { ["purpose"] = "shares", ["masthead_application"] = application.ToString() };
        return session;
    }
}
