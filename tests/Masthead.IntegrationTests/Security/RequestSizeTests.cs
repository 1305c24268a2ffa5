using System.Net;
using System.Net.Http.Headers;
using Masthead.IntegrationTests.Campaigns;
using Masthead.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Masthead.IntegrationTests.Security;

/// <summary>
/// A post larger than the server takes (2 MB) gets a 413 and a page that says so, on public and staff forms alike,
/// and nothing is saved. (Reading such a form used to fail quietly inside model binding: a statement that exists
/// answered 404, a protected form "bad anti-forgery token".)
/// </summary>
public sealed class RequestSizeTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private static readonly string ThreeMegabytes = new('x', 3 * 1024 * 1024);

    private static async Task AssertTooLargeAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var page = await response.ReadDocumentAsync();
        Assert.Equal("That was more than we can take", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains("at most 2 MB", page.QuerySelector(".error-page")!.TextContent);
    }

    [Fact]
    public async Task Signing_a_statement_with_a_huge_body_is_refused_with_a_clear_page()
    {
        var statement = await Statements.NewAsync(app);
        var form = Statements.Form(SmtpInbox.NewAddress("huge"));
        form["Input.Organisation"] = ThreeMegabytes;

        await AssertTooLargeAsync(await Statements.SignAsync(app.CreateClient(), statement, form));
        Assert.Equal(0, await Statements.SignatureRowsAsync(app, statement));
    }

    [Fact]
    public async Task A_form_with_an_anti_forgery_token_and_a_huge_body_is_refused_with_a_clear_page()
    {
        var email = SmtpInbox.NewAddress("huge-signin");
        var response = await app.CreateClient().PostFormAsync("/my/signin", new() { ["Email"] = email, ["Padding"] = ThreeMegabytes });

        await AssertTooLargeAsync(response);
        Assert.Equal(0, await app.WithDbAsync(db => db.Outbox.CountAsync(m => m.ToAddress == email)));
    }

    [Fact]
    public async Task A_staff_upload_over_the_limit_is_refused_with_a_clear_page_and_the_ledger_is_unchanged()
    {
        var finance = await app.SignedInClientAsync(Roles.Finance);
        var page = await finance.GetDocumentAsync("/finance/import");
        var token = page.QuerySelector("form[enctype='multipart/form-data'] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var ledgerBefore = await app.WithDbAsync(db => db.Ledger.CountAsync());
        using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("2026-01-01,5,REF\n", 3 * 1024 * 1024 / 17))));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "Upload", "statement.csv");

        await AssertTooLargeAsync(await finance.PostAsync("/finance/import?handler=Preview", form));
        Assert.Equal(ledgerBefore, await app.WithDbAsync(db => db.Ledger.CountAsync()));
    }
}
