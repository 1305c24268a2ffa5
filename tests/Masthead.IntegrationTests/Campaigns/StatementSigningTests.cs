using System.Net;
using Masthead.Features.Campaigns;
using Masthead.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Masthead.IntegrationTests.Campaigns;

public sealed class StatementSigningTests_Sqlite(SqliteApp app) : StatementSigningTests<SqliteApp>(app);
[Trait("Needs", "PostgreSQL")]
public sealed class StatementSigningTests_Postgres(PostgresApp app) : StatementSigningTests<PostgresApp>(app);

/// <summary>A reader signs, confirms by the emailed link, signs again, withdraws; bad input and robots change nothing.</summary>
public abstract class StatementSigningTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : MastheadApp
{
    [Trait("Needs", "Smtp")]
    [Fact]
    public async Task A_signature_counts_only_once_its_emailed_link_is_followed()
    {
        var statement = await Statements.NewAsync(app);
        var client = app.CreateClient();
        Assert.Equal("No one has signed yet", await Statements.CountShownAsync(client, statement));
        var email = SmtpInbox.NewAddress("signer");

        var response = await Statements.SignAsync(client, statement, Statements.Form(email, "Rosa Signer", town: "Leeds"));
        var page = await Statements.FollowAsync(client, response, "sent");
        Assert.Contains("we have emailed you a link", page.QuerySelector("[role=status]")!.TextContent);
        Assert.Null(page.QuerySelector(".sign-form"));

        var mail = Assert.Single(await SmtpInbox.WaitForAsync(email, 1, app));
        Assert.Contains(statement.Title, mail.Subject);
        Assert.Contains("Dear Rosa Signer", mail.TextBody);
        var (confirm, withdraw) = Statements.Links(mail);
        Assert.StartsWith($"{statement.Path}/withdraw/", withdraw);
        // Signed but not confirmed: not counted, not listed.
        Assert.Equal("No one has signed yet", await Statements.CountShownAsync(client, statement));

        // The link leads to the statement, thanking the signer, with their signature in the count.
        var confirmed = await Statements.ConfirmAsync(client, confirm);
        Assert.Contains("your signature counts", confirmed.QuerySelector("[role=status]")!.TextContent);
        Assert.Equal(statement.Title, confirmed.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal("1 person has signed", confirmed.QuerySelector("[data-statement=count]")!.TextContent.Trim());
        var statementPage = await client.GetDocumentAsync(statement.Path);
        Assert.Equal("1 person has signed", statementPage.QuerySelector("[data-statement=count]")!.TextContent.Trim());
        Assert.Equal("Rosa Signer, Leeds", statementPage.QuerySelector(".signatories__list li")!.TextContent.Trim());
        Assert.DoesNotContain(email, statementPage.DocumentElement.OuterHtml, StringComparison.OrdinalIgnoreCase);

        // Following the link again changes nothing.
        var again = await Statements.FollowAsync(client, await client.GetAsync(confirm), "counted");
        Assert.Contains("already counted", again.QuerySelector("[role=status]")!.TextContent);
        Assert.Equal(1, (await Statements.ReloadAsync(app, statement)).SignedCount);

        // The thank-you pages are cached, but never with a count that has since moved.
        var (secondConfirm, _) = await Statements.SignAndReadLinksAsync(app, client, statement, Statements.Form(SmtpInbox.NewAddress("second")));
        var second = await Statements.ConfirmAsync(client, secondConfirm);
        Assert.Equal("2 people have signed", second.QuerySelector("[data-statement=count]")!.TextContent.Trim());
        // Only the known steps are pages of their own; anything else is sent to the plain page.
        var made = await client.GetAsync($"{statement.Path}?{StatementPageModel.StepKey}=anything-at-all");
        Assert.Equal(HttpStatusCode.Redirect, made.StatusCode);
        Assert.Equal(statement.Path, made.Headers.Location!.OriginalString);
    }

    [Trait("Needs", "Smtp")]
    [Fact]
    public async Task Signing_again_with_the_same_email_says_so_kindly_and_counts_once()
    {
        var statement = await Statements.NewAsync(app);
        var client = app.CreateClient();
        var email = SmtpInbox.NewAddress("twice");
        var (confirm, _) = await Statements.SignAndReadLinksAsync(app, client, statement, Statements.Form(email));

        // Before confirming: a second try sends a fresh link, and still one signature.
        var resent = await Statements.FollowAsync(client,
            await Statements.SignAsync(client, statement, Statements.Form(email.ToUpperInvariant(), "Rosa Again")), "resent");
        Assert.Contains("already signed", resent.QuerySelector("[role=status]")!.TextContent);
        var mails = await SmtpInbox.WaitForAsync(email, 2, app);
        var fresh = mails.Select(Statements.Links).Select(l => l.Confirm).Single(c => c != confirm);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(confirm)).StatusCode); // the older link was replaced
        await Statements.ConfirmAsync(client, fresh);

        // After confirming: said kindly, nothing sent, nothing counted.
        var response = await Statements.SignAsync(client, statement, Statements.Form(email, "Rosa Third"));
        var page = await Statements.FollowAsync(client, response, "already");
        Assert.Contains("already signed this statement", page.QuerySelector("[role=status]")!.TextContent);
        Assert.Contains("thank you", page.QuerySelector("[role=status]")!.TextContent);
        Assert.Equal("1 person has signed", await Statements.CountShownAsync(client, statement));
        Assert.Equal(1, await Statements.SignatureRowsAsync(app, statement));
        Assert.Equal(2, await app.WithDbAsync(db => db.Outbox.CountAsync(e => e.ToAddress.ToLower() == email)));
    }

    [Trait("Needs", "Smtp")]
    [Fact]
    public async Task Withdrawing_takes_the_signature_out_of_the_count_and_the_list_and_deletes_it()
    {
        var statement = await Statements.NewAsync(app);
        var client = app.CreateClient();
        var email = SmtpInbox.NewAddress("withdraws");
        var (confirm, withdraw) = await Statements.SignAndReadLinksAsync(app, client, statement, Statements.Form(email, "Walter Withdrawn"));
        await Statements.ConfirmAsync(client, confirm);
        Assert.Contains("Walter Withdrawn", (await client.GetDocumentAsync(statement.Path)).QuerySelector(".signatories__list")!.TextContent);

        // Opening the link only asks; the button withdraws.
        var asking = await client.GetDocumentAsync(withdraw);
        Assert.NotNull(asking.QuerySelector("form button"));
        Assert.Equal(1, (await Statements.ReloadAsync(app, statement)).SignedCount);
        var done = await client.PostFormAsync(withdraw, []);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains("has been withdrawn", (await done.ReadDocumentAsync()).QuerySelector("[role=status]")!.TextContent);

        var page = await client.GetDocumentAsync(statement.Path);
        Assert.Equal("No one has signed yet", page.QuerySelector("[data-statement=count]")!.TextContent.Trim());
        Assert.Null(page.QuerySelector(".signatories__list"));
        Assert.Equal(0, await Statements.SignatureRowsAsync(app, statement));
        // The link now finds nothing, and says so.
        var gone = await client.GetAsync(withdraw);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Contains("There is no signature for this link", (await gone.ReadDocumentAsync()).QuerySelector("[role=alert]")!.TextContent);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(confirm)).StatusCode);
    }

    public static TheoryData<string, string, string, string> BadInput => new()
    {
        { "empty name", "Input.Name", "", "Tell us your name." },
        { "not an email", "Input.Email", "not-an-email", "Enter an email address like name@example.org." },
        { "100 KB organisation", "Input.Organisation", new string('x', 100 * 1024), "Organisations are at most 200 characters." },
        { "huge town", "Input.Town", new string('y', 5_000), "Towns are at most 100 characters." },
        { "empty email", "Input.Email", "", "Give your email address" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Bad_input_gets_a_clear_message_and_changes_nothing(string what, string field, string value, string message)
    {
        var statement = await Statements.NewAsync(app);
        var email = SmtpInbox.NewAddress("bad");
        var form = Statements.Form(email);
        form[field] = value;

        var response = await Statements.SignAsync(app.CreateClient(), statement, form);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {(int)response.StatusCode}");
        var page = await response.ReadDocumentAsync();
        Assert.Contains(message, page.QuerySelector(".sign-form")!.TextContent);
        Assert.Contains("Your signature was not added", page.QuerySelector("[role=alert]")!.TextContent);
        Assert.Equal(0, await Statements.SignatureRowsAsync(app, statement));
        Assert.Equal(0, await app.WithDbAsync(db => db.Outbox.CountAsync(e => e.ToAddress == email)));
    }

    [Trait("Needs", "Smtp")]
    [Fact]
    public async Task A_forged_confirmation_token_gets_a_clear_message_and_changes_nothing()
    {
        var statement = await Statements.NewAsync(app);
        var client = app.CreateClient();
        var (confirm, _) = await Statements.SignAndReadLinksAsync(app, client, statement, Statements.Form(SmtpInbox.NewAddress("forged")));
        var other = await Statements.NewAsync(app);

        foreach (var forged in new[]
        {
            $"{statement.Path}/confirm/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            $"{statement.Path}/confirm/{new string('z', 60)}",
            $"{statement.Path}/confirm/{Uri.EscapeDataString("'; DROP TABLE x;--")}",
            confirm.Replace(statement.Path, other.Path), // a real token on another statement
        })
        {
            var response = await client.GetAsync(forged);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains("This link does not work", (await response.ReadDocumentAsync()).QuerySelector("h1")!.TextContent);
        }
        Assert.Equal(0, (await Statements.ReloadAsync(app, statement)).SignedCount);
        Assert.Equal(0, (await Statements.ReloadAsync(app, other)).SignedCount);
        Assert.Equal(0, await app.WithDbAsync(db => db.Signatures.CountAsync(s => s.StatementId == statement.Id && s.ConfirmedAt != null)));
    }

    [Trait("Needs", "Smtp")]
    [Fact]
    public async Task A_flood_of_bad_and_robot_submissions_changes_no_count_and_keeps_nothing()
    {
        var statement = await Statements.NewAsync(app);
        var client = app.CreateClient();
        var (confirm, _) = await Statements.SignAndReadLinksAsync(app, client, statement, Statements.Form(SmtpInbox.NewAddress("real")));
        await Statements.ConfirmAsync(client, confirm);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 60; i++)
        {
            var form = Statements.Form($"robot{i}-{Guid.NewGuid():N}@robots.test", $"Robot {i}");
            switch (i % 4)
            {
                case 0: form["Input.Website"] = "http://spam.example"; break; // the honeypot
                case 1: form["Input.Email"] = $"robot{i}"; break;
                case 2: form["Input.Name"] = new string('r', 2_000); break;
                default: form["Input.ShowWith"] = "Everything"; break;
            }
            statuses.Add((await Statements.SignAsync(client, statement, form)).StatusCode);
        }

        // A robot that fills the honeypot is told what a person would be told, and nothing is kept.
        Assert.Equal(15, statuses.Count(s => s == HttpStatusCode.SeeOther));
        Assert.Equal(45, statuses.Count(s => s == HttpStatusCode.BadRequest));
        Assert.Equal("1 person has signed", await Statements.CountShownAsync(client, statement));
        Assert.Equal(1, await Statements.SignatureRowsAsync(app, statement));
        Assert.Equal(0, await app.WithDbAsync(db => db.Outbox.CountAsync(e => e.ToAddress.EndsWith("@robots.test"))));
    }

    [Fact]
    public async Task One_email_address_may_try_a_few_times_then_is_asked_to_wait()
    {
        var statement = await Statements.NewAsync(app);
        var client = app.CreateClient();
        var email = SmtpInbox.NewAddress("hammer");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++) statuses.Add((await Statements.SignAsync(client, statement, Statements.Form(email))).StatusCode);

        Assert.Equal([HttpStatusCode.SeeOther, HttpStatusCode.SeeOther, HttpStatusCode.SeeOther, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(1, await Statements.SignatureRowsAsync(app, statement));
        Assert.Equal(3, await app.WithDbAsync(db => db.Outbox.CountAsync(e => e.ToAddress == email)));
    }

    [Fact]
    public async Task One_network_address_may_sign_only_so_often_and_is_told_why()
    {
        await using var limited = Activator.CreateInstance<TApp>();
        limited.WithSetting("Campaigns:SignsPerAddress", "3");
        await limited.InitializeAsync();
        var statement = await Statements.NewAsync(limited);
        var client = limited.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++) statuses.Add((await Statements.SignAsync(client, statement, Statements.Form(SmtpInbox.NewAddress("crowd")))).StatusCode);

        Assert.Equal([HttpStatusCode.SeeOther, HttpStatusCode.SeeOther, HttpStatusCode.SeeOther, HttpStatusCode.TooManyRequests], statuses);
        var refused = await Statements.SignAsync(client, statement, Statements.Form(SmtpInbox.NewAddress("crowd")));
        Assert.Contains("Too many tries", (await refused.ReadDocumentAsync()).QuerySelector("h1")!.TextContent);
        Assert.Equal(3, await Statements.SignatureRowsAsync(limited, statement));
        // Reading is never limited.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(statement.Path)).StatusCode);
    }

    [Trait("Needs", "Smtp")]
    [Fact]
    public async Task An_unconfirmed_signature_lapses_after_the_configured_days_and_is_deleted()
    {
        var statement = await Statements.NewAsync(app);
        var client = app.CreateClient();
        var email = SmtpInbox.NewAddress("late");
        var (confirm, _) = await Statements.SignAndReadLinksAsync(app, client, statement, Statements.Form(email));
        var days = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<CampaignOptions>>().Value.UnconfirmedLapseDays;
        // The signature was made longer ago than the lapse (moving the app's clock by days would run every timer in between).
        await BackdateAsync(statement, TimeSpan.FromDays(days) + TimeSpan.FromMinutes(1));

        var response = await client.GetAsync(confirm);
        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.Contains("expired", (await response.ReadDocumentAsync()).QuerySelector("h1")!.TextContent);
        Assert.Equal(0, (await Statements.ReloadAsync(app, statement)).SignedCount);

        // A day later the sweep deletes it, and the same address may sign afresh.
        await BackdateAsync(statement, TimeSpan.FromDays(days) + StatementKeeper.Grace + TimeSpan.FromMinutes(1));
        await app.Services.GetRequiredService<StatementKeeper>().SweepAsync();
        Assert.Equal(0, await Statements.SignatureRowsAsync(app, statement));
        var again = await Statements.FollowAsync(client, await Statements.SignAsync(client, statement, Statements.Form(email)), "sent");
        Assert.Contains("we have emailed you a link", again.QuerySelector("[role=status]")!.TextContent);
    }

    private Task BackdateAsync(Statement statement, TimeSpan age)
    {
        var then = app.Clock.GetUtcNow().UtcDateTime - age;
        return app.WithDbAsync(db => db.Signatures.Where(s => s.StatementId == statement.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.CreatedAt, then)));
    }

    [Fact]
    public async Task A_closed_statement_shows_its_count_and_takes_no_signatures()
    {
        var statement = await Statements.NewAsync(app, status: StatementStatus.Closed);
        var client = app.CreateClient();
        var page = await client.GetDocumentAsync(statement.Path);
        Assert.Null(page.QuerySelector(".sign-form"));
        Assert.Contains("closed", page.QuerySelector(".statement__closed")!.TextContent);

        var email = SmtpInbox.NewAddress("closed");
        var response = await Statements.SignAsync(client, statement, Statements.Form(email));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(0, await Statements.SignatureRowsAsync(app, statement));
        var draft = await Statements.NewAsync(app, status: StatementStatus.Draft);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(draft.Path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Statements.SignAsync(client, draft, Statements.Form(email))).StatusCode);
    }

    [Trait("Needs", "Smtp")]
    [Fact]
    public async Task The_public_list_shows_each_signatory_as_they_chose_and_only_those_who_agreed()
    {
        var statement = await Statements.NewAsync(app);
        var client = app.CreateClient();
        var people = new[]
        {
            Statements.Form(SmtpInbox.NewAddress("a"), "Ann Town", town: "York", showWith: "Town"),
            Statements.Form(SmtpInbox.NewAddress("b"), "Bob Org", town: "Hull", organisation: "Unison branch 9", showWith: "Organisation"),
            Statements.Form(SmtpInbox.NewAddress("c"), "Cy Name", town: "Bath", showWith: "NameOnly"),
            Statements.Form(SmtpInbox.NewAddress("d"), "Di Private", town: "Ely", showPublicly: false),
        };
        foreach (var form in people)
        {
            var (confirm, _) = await Statements.SignAndReadLinksAsync(app, client, statement, form);
            await Statements.ConfirmAsync(client, confirm);
        }

        var page = await client.GetDocumentAsync(statement.Path);
        Assert.Equal("4 people have signed", page.QuerySelector("[data-statement=count]")!.TextContent.Trim());
        var listed = page.QuerySelectorAll(".signatories__list li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(["Cy Name", "Bob Org, Unison branch 9", "Ann Town, York"], listed);
        Assert.DoesNotContain("Di Private", page.DocumentElement.TextContent);
    }
}
