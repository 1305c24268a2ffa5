using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using Masthead.Features.Campaigns;
using Masthead.Features.Publishing;
using Masthead.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Masthead.IntegrationTests.Campaigns;

/// <summary>Builders and steps the statement tests share: a statement of a test's own, signing, reading the emailed links.</summary>
public static partial class Statements
{
    public static Task<Statement> NewAsync(MastheadApp app, int? target = 1_000, StatementStatus status = StatementStatus.Open) =>
        app.WithDbAsync(async db =>
        {
            var tag = Guid.NewGuid().ToString("N")[..10];
            var text = $"We call for fair pay now. Statement {tag}.";
            var now = app.Clock.GetUtcNow().UtcDateTime;
            var statement = new Statement
            {
                Slug = $"statement-{tag}",
                Title = $"Fair pay now {tag}",
                Addressee = "To the employers",
                Text = text,
                TextHtml = app.Services.GetRequiredService<ArticleBody>().ToHtml(text),
                Target = target,
                Status = status,
                CreatedAt = now,
                UpdatedAt = now,
                OpenedAt = status == StatementStatus.Open ? now : null,
            };
            db.Statements.Add(statement);
            await db.SaveChangesAsync();
            return statement;
        });

    public static Dictionary<string, string> Form(string email, string name = "Rosa Signer", string? town = "Leeds",
        string? organisation = null, bool showPublicly = true, string showWith = "Town", bool mayContact = false)
    {
        var form = new Dictionary<string, string>
        {
            ["Input.Name"] = name,
            ["Input.Email"] = email,
            ["Input.Town"] = town ?? "",
            ["Input.Country"] = "United Kingdom",
            ["Input.Organisation"] = organisation ?? "",
            ["Input.ShowWith"] = showWith,
        };
        if (showPublicly) form["Input.ShowPublicly"] = "true";
        if (mayContact) form["Input.MayContact"] = "true";
        return form;
    }

    public static Task<HttpResponseMessage> SignAsync(HttpClient client, Statement statement, Dictionary<string, string> form) =>
        client.PostAsync(statement.Path, new FormUrlEncodedContent(form));

    /// <summary>Signs through the form and returns the confirmation and withdrawal links from the email that arrives.</summary>
    public static async Task<(string Confirm, string Withdraw)> SignAndReadLinksAsync(MastheadApp app, HttpClient client, Statement statement,
        Dictionary<string, string> form)
    {
        var response = await SignAsync(client, statement, form);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var mail = Assert.Single(await SmtpInbox.WaitForAsync(form["Input.Email"], 1, app));
        return Links(mail);
    }

    /// <summary>
    /// Follows a 303 as a browser would, checking it leads to the statement page saying <paramref name="step"/>
    /// (e.g. "sent", "confirmed"), and returns that page.
    /// </summary>
    public static async Task<IHtmlDocument> FollowAsync(HttpClient client, HttpResponseMessage response, string step)
    {
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.EndsWith($"?{StatementPageModel.StepKey}={step}", location);
        return await client.GetDocumentAsync(location);
    }

    /// <summary>Follows a confirmation link that counts, and returns the page the signer lands on.</summary>
    public static async Task<IHtmlDocument> ConfirmAsync(HttpClient client, string confirmLink) =>
        await FollowAsync(client, await client.GetAsync(confirmLink), "confirmed");

    public static (string Confirm, string Withdraw) Links(ReceivedMail mail)
    {
        var confirm = ConfirmLink().Match(mail.TextBody);
        var withdraw = WithdrawLink().Match(mail.TextBody);
        Assert.True(confirm.Success, "The email has no confirmation link:\n" + mail.TextBody);
        Assert.True(withdraw.Success, "The email has no withdrawal link:\n" + mail.TextBody);
        return (new Uri(confirm.Value).PathAndQuery, new Uri(withdraw.Value).PathAndQuery);
    }

    /// <summary>The count as the statement page shows it.</summary>
    public static async Task<string> CountShownAsync(HttpClient client, Statement statement)
    {
        var page = await client.GetDocumentAsync(statement.Path);
        return page.QuerySelector("[data-statement=count]")!.TextContent.Trim();
    }

    public static Task<Statement> ReloadAsync(MastheadApp app, Statement statement) =>
        app.WithDbAsync(db => db.Statements.AsNoTracking().SingleAsync(s => s.Id == statement.Id));

    public static Task<int> SignatureRowsAsync(MastheadApp app, Statement statement) =>
        app.WithDbAsync(db => db.Signatures.CountAsync(s => s.StatementId == statement.Id));

    [GeneratedRegex(@"https?://\S+/confirm/[A-Za-z0-9_-]+")]
    private static partial Regex ConfirmLink();

    [GeneratedRegex(@"https?://\S+/withdraw/[A-Za-z0-9_-]+")]
    private static partial Regex WithdrawLink();
}
