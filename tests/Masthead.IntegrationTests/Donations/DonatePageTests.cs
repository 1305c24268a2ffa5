using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Masthead.Features.Donations;
using Masthead.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Masthead.IntegrationTests.Donations;

public sealed class DonatePageTests_Sqlite(SqliteApp app) : DonatePageTests<SqliteApp>(app);
[Trait("Needs", "PostgreSQL")]
public sealed class DonatePageTests_Postgres(PostgresApp app) : DonatePageTests<PostgresApp>(app);

/// <summary>A reader gives through the donate page and the sandbox checkout; nonsense is refused with a message.</summary>
public abstract class DonatePageTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : MastheadApp
{
    private static Dictionary<string, string> Form(string amount, string other = "", string name = "Ada Reader",
        string email = "ada@example.org", string thankAs = "FullName") => new()
        {
            ["Amount"] = amount,
            ["OtherAmount"] = other,
            ["Name"] = name,
            ["Email"] = email,
            ["Town"] = "Leeds",
            ["ThankAs"] = thankAs,
            ["ShowTown"] = "true",
        };

    private async Task<long> RaisedAsync() =>
        (await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/fighting-fund")).GetProperty("raised_pence").GetInt64();

    [Fact]
    public async Task A_reader_gives_through_the_sandbox_checkout_and_the_widget_counts_it()
    {
        var client = app.CreateClient();
        var email = $"giver-{Guid.NewGuid():N}@example.org";
        var before = await RaisedAsync();

        var started = await client.PostFormAsync("/donate", Form("other", "12.50", email: email));
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var checkout = started.Headers.Location!.OriginalString;
        Assert.StartsWith("/sandbox/checkout/", checkout);
        var page = await client.GetDocumentAsync(checkout);
        Assert.Contains("no real money moves", page.QuerySelector("[role=note]")!.TextContent);
        Assert.Contains("Pay £12.50", page.QuerySelector("h1")!.TextContent);

        var paid = await client.PostFormAsync(checkout, []);

        Assert.Equal(HttpStatusCode.Redirect, paid.StatusCode);
        Assert.StartsWith("/donate/thanks", paid.Headers.Location!.OriginalString);
        Assert.Equal(before + 1_250, await RaisedAsync());
        var gift = await app.WithDbAsync(db => db.Ledger.AsNoTracking().SingleAsync(e => e.DonorEmail == email));
        Assert.Equal(("Ada Reader", "Leeds", ThankAs.FullName, true), (gift.DonorName, gift.DonorTown, gift.ThankAs, gift.ShowTown));
        var home = await app.CreateClient().GetDocumentAsync("/");
        Assert.Equal(Masthead.Kernel.Money.Pounds((before + 1_250) / 100), home.QuerySelector("[data-fund=raised]")!.TextContent);

        var thanks = await client.GetDocumentAsync(paid.Headers.Location!.OriginalString);
        Assert.Contains("£12.50", thanks.QuerySelector(".lede")!.TextContent);
    }

    [Fact]
    public async Task Paying_the_same_sandbox_checkout_twice_counts_once()
    {
        var client = app.CreateClient();
        var started = await client.PostFormAsync("/donate", Form("25"));
        var checkout = started.Headers.Location!.OriginalString;
        var before = await RaisedAsync();

        await client.PostFormAsync(checkout, []);
        var again = await client.PostFormAsync(checkout, []);

        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(before + 2_500, await RaisedAsync());
    }

    [Theory]
    [InlineData("other", "-5", "Gifts online are from £1 to £10,000.")]
    [InlineData("other", "0.50", "Gifts online are from £1 to £10,000.")]
    [InlineData("other", "10000.01", "Gifts online are from £1 to £10,000.")]
    [InlineData("other", "99999999999", "Gifts online are from £1 to £10,000.")]
    [InlineData("other", "twelve", "Enter an amount in pounds, like 25 or 12.50.")]
    [InlineData("other", "1.005", "Enter an amount in pounds, like 25 or 12.50.")]
    [InlineData("other", "", "Choose an amount or enter your own.")]
    public async Task Nonsense_amounts_are_refused_with_a_message_and_nothing_starts(string amount, string other, string message)
    {
        var client = app.CreateClient();
        var email = $"nonsense-{Guid.NewGuid():N}@example.org";

        var response = await client.PostFormAsync("/donate", Form(amount, other, email: email));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ReadDocumentAsync();
        Assert.Contains(message, page.QuerySelector(".donate-form")!.TextContent);
        Assert.False(await app.WithDbAsync(db => db.DonationIntents.AnyAsync(i => i.Email == email)));
    }

    [Fact]
    public async Task Missing_name_bad_email_and_huge_fields_are_each_explained()
    {
        var client = app.CreateClient();
        var response = await client.PostFormAsync("/donate", Form("25", name: "", email: "not-an-email"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ReadDocumentAsync();
        Assert.Contains("Tell us your name.", page.QuerySelector("[data-valmsg-for=Name]")!.TextContent);
        Assert.Contains("Enter an email address", page.QuerySelector("[data-valmsg-for=Email]")!.TextContent);

        var huge = await client.PostFormAsync("/donate", Form("25", name: new string('n', 100_000)));
        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
        Assert.Contains("at most 200 characters", (await huge.ReadDocumentAsync()).QuerySelector("[data-valmsg-for=Name]")!.TextContent);

        var forgedThanks = await client.PostFormAsync("/donate", Form("25", thankAs: "Famous"));
        Assert.Equal(HttpStatusCode.BadRequest, forgedThanks.StatusCode);
    }

    [Fact]
    public async Task The_widget_json_and_embed_agree_with_the_ledger()
    {
        var client = app.CreateClient();
        var json = await client.GetFromJsonAsync<JsonElement>("/api/fighting-fund");
        var raised = json.GetProperty("raised_pence").GetInt64();
        var target = json.GetProperty("target_pence").GetInt64();
        Assert.Equal(Math.Max(0, target - raised), json.GetProperty("needed_pence").GetInt64());
        Assert.Equal("GBP", json.GetProperty("currency").GetString());
        var start = DateOnly.Parse(json.GetProperty("period_start").GetString()!);
        var end = DateOnly.Parse(json.GetProperty("period_end").GetString()!);
        Assert.Equal(1, start.Day);
        Assert.Equal(start.AddMonths(1).AddDays(-1), end);
        var ledger = await app.WithDbAsync(db => db.Ledger.Where(e => e.FundDate >= start && e.FundDate <= end).SumAsync(e => (long?)e.AmountPence)) ?? 0;
        Assert.Equal(ledger, raised);

        var embed = await client.GetAsync("/fighting-fund/embed");
        Assert.Contains("frame-ancestors *", string.Join(' ', embed.Headers.GetValues("Content-Security-Policy")));
        var fragment = await embed.ReadDocumentAsync();
        Assert.Equal("Donate today", fragment.QuerySelector(".fund-widget a.button")!.TextContent);
        Assert.Equal(Masthead.Kernel.Money.Pounds(raised / 100), fragment.QuerySelector("[data-fund=raised]")!.TextContent);
    }
}
