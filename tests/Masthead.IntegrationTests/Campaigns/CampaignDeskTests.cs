using System.Net;
using Masthead.Features.Campaigns;
using Masthead.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Masthead.IntegrationTests.Campaigns;

public sealed class CampaignDeskTests_Sqlite(SqliteApp app) : CampaignDeskTests<SqliteApp>(app);
[Trait("Needs", "PostgreSQL")]
public sealed class CampaignDeskTests_Postgres(PostgresApp app) : CampaignDeskTests<PostgresApp>(app);

/// <summary>Campaigns staff write, open, close and deliver statements, add paper batches and export the contacts they may use.</summary>
public abstract class CampaignDeskTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : MastheadApp
{
    [Fact]
    public async Task Staff_write_a_statement_open_it_close_it_and_mark_it_delivered()
    {
        var staff = await app.SignedInClientAsync(Roles.Campaigns);
        var reader = app.CreateClient();
        var tag = Guid.NewGuid().ToString("N")[..8];

        var created = await staff.PostFormAsync("/campaigns/statements/new?handler=Save", new()
        {
            ["Input.Title"] = $"Free the Tolpuddle {tag}",
            ["Input.Addressee"] = "To the Home Secretary",
            ["Input.Target"] = "500",
            ["Input.Text"] = "We ask for **their release**.\n\n<script>alert(1)</script>",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var statement = await app.WithDbAsync(db => db.Statements.AsNoTracking().SingleAsync(s => s.Title == $"Free the Tolpuddle {tag}"));
        Assert.Equal($"free-the-tolpuddle-{tag}", statement.Slug);
        Assert.Equal(StatementStatus.Draft, statement.Status);
        Assert.Equal($"/campaigns/statements/{statement.Id}", created.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync(statement.Path)).StatusCode);

        var desk = $"/campaigns/statements/{statement.Id}";
        Assert.Equal(HttpStatusCode.Redirect, (await staff.PostFormAsync($"{desk}?handler=Open", [])).StatusCode);
        var page = await reader.GetDocumentAsync(statement.Path);
        Assert.Equal($"Free the Tolpuddle {tag}", page.QuerySelector("h1")!.TextContent);
        Assert.Equal("To the Home Secretary", page.QuerySelector(".statement__addressee")!.TextContent);
        Assert.Equal("their release", page.QuerySelector(".statement__text strong")!.TextContent);
        Assert.Null(page.QuerySelector(".statement__text script"));
        Assert.NotNull(page.QuerySelector(".sign-form"));
        Assert.Equal("500 more to reach 500", page.QuerySelector(".statement-count__target")!.TextContent);

        var edited = await staff.PostFormAsync($"{desk}?handler=Save", new()
        {
            ["Input.Title"] = $"Free them all {tag}",
            ["Input.Slug"] = statement.Slug,
            ["Input.Text"] = "Changed text.",
            ["Input.Target"] = "",
        });
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        page = await reader.GetDocumentAsync(statement.Path);
        Assert.Equal($"Free them all {tag}", page.QuerySelector("h1")!.TextContent);
        Assert.Null(page.QuerySelector(".statement-count__target"));

        Assert.Equal(HttpStatusCode.Redirect, (await staff.PostFormAsync($"{desk}?handler=Close", [])).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await staff.PostFormAsync($"{desk}?handler=Deliver", new()
        {
            ["Delivery.On"] = "2026-11-27",
            ["Delivery.To"] = "The Home Office",
        })).StatusCode);
        page = await reader.GetDocumentAsync(statement.Path);
        Assert.Null(page.QuerySelector(".sign-form"));
        Assert.Equal("Delivered to The Home Office on 27 November 2026.", page.QuerySelector(".statement__delivered")!.TextContent);
    }

    [Fact]
    public async Task The_desk_refuses_bad_statements_with_a_message_and_saves_nothing()
    {
        var staff = await app.SignedInClientAsync(Roles.Campaigns);
        var existing = await Statements.NewAsync(app);
        var before = await app.WithDbAsync(db => db.Statements.CountAsync());
        foreach (var (form, message) in new (Dictionary<string, string>, string)[]
        {
            (new() { ["Input.Title"] = "", ["Input.Text"] = "Text" }, "Give the statement a title."),
            (new() { ["Input.Title"] = "Taken", ["Input.Slug"] = existing.Slug, ["Input.Text"] = "Text" }, $"Another statement already uses /statements/{existing.Slug}."),
            (new() { ["Input.Title"] = "Bad slug", ["Input.Slug"] = "Not A Slug!", ["Input.Text"] = "Text" }, "lower-case letters"),
            (new() { ["Input.Title"] = "Bad target", ["Input.Target"] = "-4", ["Input.Text"] = "Text" }, "The target is a whole number"),
            (new() { ["Input.Title"] = new string('t', 300), ["Input.Text"] = "Text" }, "Titles are at most 200 characters."),
        })
        {
            var response = await staff.PostFormAsync("/campaigns/statements/new?handler=Save", form);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(message, (await response.ReadDocumentAsync()).QuerySelector("main form")!.TextContent);
        }
        Assert.Equal(before, await app.WithDbAsync(db => db.Statements.CountAsync()));
    }

    [Trait("Needs", "Smtp")]
    [Fact]
    public async Task Paper_batches_add_to_the_count_and_the_page_says_how_many_came_on_paper()
    {
        var statement = await Statements.NewAsync(app, target: 200);
        var staff = await app.SignedInClientAsync(Roles.Campaigns);
        var reader = app.CreateClient();
        var (confirm, _) = await Statements.SignAndReadLinksAsync(app, reader, statement, Statements.Form(SmtpInbox.NewAddress("online")));
        await Statements.ConfirmAsync(reader, confirm);
        var desk = $"/campaigns/statements/{statement.Id}";

        Assert.Equal(HttpStatusCode.Redirect, (await staff.PostFormAsync($"{desk}?handler=Paper", new() { ["Paper.Count"] = "80", ["Paper.Note"] = "Leeds rally" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await staff.PostFormAsync($"{desk}?handler=Paper", new() { ["Paper.Count"] = "19", ["Paper.Note"] = "Trades council" })).StatusCode);
        var bad = await staff.PostFormAsync($"{desk}?handler=Paper", new() { ["Paper.Count"] = "0", ["Paper.Note"] = "" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("A batch holds from 1 to 1,000,000 signatures.", (await bad.ReadDocumentAsync()).QuerySelector("main")!.TextContent);

        var page = await reader.GetDocumentAsync(statement.Path);
        Assert.Equal("100 people have signed", page.QuerySelector("[data-statement=count]")!.TextContent.Trim());
        Assert.Equal("including 99 on paper", page.QuerySelector(".statement-count__paper")!.TextContent);
        Assert.Equal("50", page.QuerySelector("progress.statement-count__bar")!.GetAttribute("value"));
        var deskPage = await staff.GetDocumentAsync(desk);
        Assert.Contains("Leeds rally", deskPage.QuerySelector("table")!.TextContent);
        Assert.Contains("+80", deskPage.QuerySelector("table")!.TextContent);
    }

    [Trait("Needs", "Smtp")]
    [Fact]
    public async Task The_contacts_export_holds_only_confirmed_signatories_who_agreed_to_be_contacted()
    {
        var statement = await Statements.NewAsync(app);
        var reader = app.CreateClient();
        var yes = SmtpInbox.NewAddress("yes");
        var no = SmtpInbox.NewAddress("no");
        var unconfirmed = SmtpInbox.NewAddress("unconfirmed");
        foreach (var (email, name, consent) in new[] { (yes, CsvDownload.Formula, true), (no, "No Contact", false) })
        {
            var (confirm, _) = await Statements.SignAndReadLinksAsync(app, reader, statement,
                Statements.Form(email, name, organisation: "Branch, \"North\"", mayContact: consent));
            await Statements.ConfirmAsync(reader, confirm);
        }
        await Statements.SignAndReadLinksAsync(app, reader, statement, Statements.Form(unconfirmed, "Not Yet", mayContact: true));

        var staff = await app.SignedInClientAsync(Roles.Campaigns);
        var lines = await CsvDownload.ReadAsync(await staff.GetAsync($"/campaigns/statements/{statement.Id}/signatories.csv"), $"{statement.Slug}-contacts.csv");
        Assert.Equal("Name,Email,Town,Country,Organisation,Signed", lines[0]);
        var row = Assert.Single(lines[1..]);
        Assert.Equal(row, CsvDownload.AssertDefused(lines));
        Assert.StartsWith($"{CsvDownload.Defused},{yes},Leeds,United Kingdom,\"Branch, \"\"North\"\"\",", row);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync("/campaigns/statements/999999/signatories.csv")).StatusCode);
    }

    [Fact]
    public async Task The_desk_lists_statements_for_campaigns_staff_only()
    {
        var statement = await Statements.NewAsync(app);
        var staff = await app.SignedInClientAsync(Roles.Campaigns);
        var list = await staff.GetDocumentAsync("/campaigns");
        Assert.Contains(list.QuerySelectorAll("table a"), a => a.TextContent == statement.Title);
        var editor = await app.SignedInClientAsync(Roles.Editor);
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.GetAsync("/campaigns")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.GetAsync($"/campaigns/statements/{statement.Id}/signatories.csv")).StatusCode);
    }
}
