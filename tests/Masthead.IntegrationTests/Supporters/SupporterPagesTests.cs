using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Masthead.Features.Donations;
using Masthead.Features.Publishing;
using Masthead.Features.Supporters;
using Masthead.Infrastructure.Payments;
using Masthead.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Masthead.IntegrationTests.Supporters;

public sealed class SupporterPagesTests_Sqlite(SqliteApp app) : SupporterPagesTests<SqliteApp>(app);
[Trait("Needs", "PostgreSQL")]
public sealed class SupporterPagesTests_Postgres(PostgresApp app) : SupporterPagesTests<PostgresApp>(app);

/// <summary>
/// A reader becomes a supporter through the sandbox, signs in by the emailed link and manages their support; the
/// sandbox turns each change into the subscription event Stripe would send, through the same webhook.
/// </summary>
public abstract class SupporterPagesTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : MastheadApp
{
    private Task<Supporter> ByEmailAsync(string email) =>
        app.WithDbAsync(db => db.Supporters.AsNoTracking().Include(s => s.Scheme).SingleAsync(s => s.Email == email));

    /// <summary>Signs the reader in once their welcome email has arrived, so the two emails are not confused.</summary>
    private async Task<HttpClient> SignInAsync(string email)
    {
        await SmtpInbox.WaitForAsync(email, 1, app);
        return await app.ReaderClientAsync(email);
    }

    private async Task<Supporter> SubscribeThroughTheSandboxAsync(HttpClient client, SupporterScheme scheme, string email, string? amount = null,
        string name = "Rosa Monthly")
    {
        var fields = new Dictionary<string, string> { ["SchemeId"] = scheme.Id.ToString(CultureInfo.InvariantCulture), ["Name"] = name, ["Email"] = email };
        if (amount is not null) fields["Amount"] = amount;
        var started = await client.PostFormAsync("/support", fields);
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var checkout = started.Headers.Location!.ToString();
        Assert.StartsWith("/sandbox/subscribe/", checkout);
        var page = await client.GetDocumentAsync(checkout);
        Assert.Contains("Sandbox checkout", page.QuerySelector("[role=note]")!.TextContent);
        var paid = await client.PostFormAsync(checkout, []);
        Assert.Equal(HttpStatusCode.Redirect, paid.StatusCode);
        Assert.StartsWith("/support/thanks?supporter=", paid.Headers.Location!.ToString());
        var thanks = await client.GetDocumentAsync(paid.Headers.Location!.ToString());
        Assert.Contains("a month", thanks.QuerySelector(".lede")!.TextContent);
        return await ByEmailAsync(email);
    }

    [Fact]
    public async Task The_support_page_offers_the_offered_schemes_and_explains_a_bad_amount_without_starting_anything()
    {
        var open = await app.NewSchemeAsync(300, open: true);
        var hidden = await app.NewSchemeAsync(2_000, offered: false);
        var client = app.CreateClient();

        var page = await client.GetDocumentAsync("/support");
        Assert.NotNull(page.QuerySelector($"input[name=SchemeId][value='{open.Id}']"));
        Assert.Null(page.QuerySelector($"input[name=SchemeId][value='{hidden.Id}']"));

        var email = SmtpInbox.NewAddress("supporter");
        foreach (var (amount, message) in new[] { ("2.99", "starts at £3 a month"), ("lots", "Enter an amount in pounds"), ("", "how much you would like") })
        {
            var response = await client.PostFormAsync("/support", new()
            {
                ["SchemeId"] = open.Id.ToString(CultureInfo.InvariantCulture),
                ["Amount"] = amount,
                ["Name"] = "Rosa",
                ["Email"] = email,
            });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(message, (await response.ReadDocumentAsync()).QuerySelector(".field-error:not(:empty)")!.TextContent);
        }
        var noScheme = await client.PostFormAsync("/support", new() { ["SchemeId"] = hidden.Id.ToString(CultureInfo.InvariantCulture), ["Name"] = "Rosa", ["Email"] = email });
        Assert.Equal(HttpStatusCode.BadRequest, noScheme.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Supporters.AnyAsync(s => s.Email == email)));
    }

    [Trait("Needs", "Smtp")]
    [Fact]
    public async Task A_reader_subscribes_through_the_sandbox_signs_in_by_the_emailed_link_and_sees_the_payment()
    {
        var scheme = await app.NewSchemeAsync(300, open: true);
        var email = SmtpInbox.NewAddress("supporter");

        var supporter = await SubscribeThroughTheSandboxAsync(app.CreateClient(), scheme, email, amount: "8.50");

        Assert.Equal((SupporterState.Active, 850L, Supporter.SandboxProvider), (supporter.State, supporter.MonthlyPence, supporter.Provider));
        var welcome = Assert.Single(await SmtpInbox.WaitForAsync(email, 1, app));
        Assert.Contains("£8.50 a month", welcome.TextBody);

        var reader = await SignInAsync(email);
        var home = await reader.GetDocumentAsync("/my");
        Assert.Contains(home.QuerySelectorAll("a"), a => a.GetAttribute("href") == "/my/support");
        var mine = await reader.GetDocumentAsync("/my/support");
        Assert.Contains("£8.50 a month", mine.QuerySelector("h2")!.TextContent);
        var payment = Assert.Single(mine.QuerySelectorAll("table.payments tbody tr[data-entry]"));
        Assert.Equal("£8.50", payment.QuerySelector(".amount")!.TextContent);
    }

    [Trait("Needs", "Smtp")]
    [Fact]
    public async Task Under_the_sandbox_a_supporter_changes_their_amount_and_cancels_through_the_same_webhook()
    {
        var scheme = await app.NewSchemeAsync(1_000);
        var email = SmtpInbox.NewAddress("supporter");
        var supporter = await SubscribeThroughTheSandboxAsync(app.CreateClient(), scheme, email);
        var reader = await SignInAsync(email);

        var tooMuch = await reader.PostFormAsync($"/my/support?handler=Amount&id={supporter.Id}", new() { ["Amount"] = "5000" }, formPage: "/my/support");
        Assert.Equal(HttpStatusCode.BadRequest, tooMuch.StatusCode);
        Assert.Contains("at most £1,000", (await tooMuch.ReadDocumentAsync()).QuerySelector("[role=alert]")!.TextContent);

        var changed = await reader.PostFormAsync($"/my/support?handler=Amount&id={supporter.Id}", new() { ["Amount"] = "15" }, formPage: "/my/support");
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(1_500, (await ByEmailAsync(email)).MonthlyPence);
        Assert.True(await app.WithDbAsync(db => db.WebhookEvents.AnyAsync(e => e.Type == "customer.subscription.updated" && e.PaymentKey == supporter.SubscriptionId)));

        var cancelled = await reader.PostFormAsync($"/my/support?handler=Cancel&id={supporter.Id}", [], formPage: "/my/support");
        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        var after = await ByEmailAsync(email);
        Assert.Equal(SupporterState.Cancelled, after.State);
        var page = await reader.GetDocumentAsync("/my/support");
        Assert.Contains("cancelled", page.QuerySelector(".state")!.TextContent);
        Assert.Null(page.QuerySelector("form[action*='handler=Cancel']"));
    }

    [Trait("Needs", "Smtp")]
    [Fact]
    public async Task A_reader_downloads_their_own_data_and_cannot_touch_anyone_elses_support()
    {
        var scheme = await app.NewSchemeAsync(600);
        var email = SmtpInbox.NewAddress("supporter");
        var supporter = await SubscribeThroughTheSandboxAsync(app.CreateClient(), scheme, email, name: CsvDownload.Formula);
        var otherEmail = SmtpInbox.NewAddress("supporter");
        var other = await SubscribeThroughTheSandboxAsync(app.CreateClient(), scheme, otherEmail);
        var reader = await SignInAsync(email);

        var json = await reader.GetAsync("/my/support/data.json");
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Contains("no-store", json.Headers.CacheControl!.ToString());
        var data = await json.Content.ReadFromJsonAsync<JsonElement>();
        var record = data.GetProperty("supporters").EnumerateArray().Single();
        Assert.Equal(email, record.GetProperty("email").GetString());
        Assert.Equal(600, record.GetProperty("payments").EnumerateArray().Single().GetProperty("amountPence").GetInt64());
        var csv = await CsvDownload.ReadAsync(await reader.GetAsync("/my/support/data.csv"), "my-support.csv");
        Assert.StartsWith("supporter_id,name,email,", csv[0]);
        var row = Assert.Single(csv[1..]);
        Assert.Equal(row, CsvDownload.AssertDefused(csv));
        Assert.StartsWith($"{supporter.Id},{CsvDownload.Defused},{email},", row);
        Assert.DoesNotContain(otherEmail, string.Join("\n", csv));
        // The staff list of the same supporters defuses the name too.
        var staff = await app.SignedInClientAsync(Roles.Membership);
        var list = await CsvDownload.ReadAsync(await staff.GetAsync($"/supporters/export.csv?scheme={scheme.Id}"), $"supporters-{app.Services.GetRequiredService<PaperClock>().Today():yyyy-MM-dd}.csv");
        Assert.StartsWith($"{supporter.Id},{CsvDownload.Defused},{email},", CsvDownload.AssertDefused(list));

        var theirs = await reader.PostFormAsync($"/my/support?handler=Cancel&id={other.Id}", [], formPage: "/my/support");
        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        Assert.Equal(SupporterState.Active, (await ByEmailAsync(otherEmail)).State);
        Assert.Equal(SupporterState.Active, (await ByEmailAsync(email)).State);
        _ = supporter;
    }

    [Trait("Needs", "Smtp")]
    [Fact]
    public async Task Staff_run_the_sandbox_billing_cycle_a_month_paid_then_a_failed_payment_that_the_supporter_pays()
    {
        var scheme = await app.NewSchemeAsync(1_100);
        var email = SmtpInbox.NewAddress("supporter");
        var supporter = await SubscribeThroughTheSandboxAsync(app.CreateClient(), scheme, email);
        var staff = await app.SignedInClientAsync(Roles.Finance);

        await staff.PostFormAsync($"/supporters/{supporter.Id}?handler=SandboxCharge", [], formPage: $"/supporters/{supporter.Id}");
        await staff.PostFormAsync($"/supporters/{supporter.Id}?handler=SandboxFail", [], formPage: $"/supporters/{supporter.Id}");
        Assert.Equal(SupporterState.PastDue, (await ByEmailAsync(email)).State);
        var mails = await SmtpInbox.WaitForAsync(email, 2, app);
        Assert.Contains(mails, m => m.Subject.Contains("didn't go through"));

        var reader = await app.ReaderClientAsync(email);
        Assert.Contains("didn't go through", (await reader.GetDocumentAsync("/my/support")).QuerySelector("[role=alert]")!.TextContent);
        await reader.PostFormAsync($"/my/support?handler=PayNow&id={supporter.Id}", [], formPage: "/my/support");
        Assert.Equal(SupporterState.Active, (await ByEmailAsync(email)).State);
        Assert.Equal(3, await app.WithDbAsync(db => db.Ledger.CountAsync(e => e.SupporterId == supporter.Id && e.Kind == EntryKind.SupporterPayment)));
    }
}
