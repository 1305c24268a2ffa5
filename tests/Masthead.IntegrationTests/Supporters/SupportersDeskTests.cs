using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Masthead.Features.Donations;
using Masthead.Features.FightingFund;
using Masthead.Features.Publishing;
using Masthead.Features.Supporters;
using Masthead.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Masthead.IntegrationTests.Supporters;

public sealed class SupportersDeskTests_Sqlite(SqliteApp app) : SupportersDeskTests<SqliteApp>(app);
[Trait("Needs", "PostgreSQL")]
public sealed class SupportersDeskTests_Postgres(PostgresApp app) : SupportersDeskTests<PostgresApp>(app);

/// <summary>The staff desk: the list and its filters, income, the joins chart, CSV, standing orders and schemes.</summary>
public abstract class SupportersDeskTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : MastheadApp
{
    private DateTime Now => app.Clock.GetUtcNow().UtcDateTime;
    private Task<DateOnly> TodayAsync() => app.WithServiceAsync<PaperClock, DateOnly>(c => Task.FromResult(c.Today()));

    private static List<string> Rows(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll("table.supporters tbody tr").Select(r => r.QuerySelector("td a")!.TextContent).ToList();

    [Fact]
    public async Task The_list_filters_by_scheme_state_and_joined_since_and_the_csv_holds_the_same_rows()
    {
        var scheme = await app.NewSchemeAsync(1_000);
        var old = await app.SupporterAsync(scheme, SupporterState.Active, Now.AddDays(-60), name: "Old Active");
        var late = await app.SupporterAsync(scheme, SupporterState.PastDue, Now.AddDays(-2), name: "Recent Pastdue");
        var gone = await app.SupporterAsync(scheme, SupporterState.Cancelled, Now.AddDays(-40), cancelledAt: Now.AddDays(-10), name: "Gone Cancelled");
        await app.SupporterAsync(scheme, SupporterState.Pending, Now, name: "Never Finished");
        var staff = await app.SignedInClientAsync(Roles.Membership);

        Assert.Equal(["Recent Pastdue", "Gone Cancelled", "Old Active"], Rows(await staff.GetDocumentAsync($"/supporters?scheme={scheme.Id}")));
        Assert.Equal(["Recent Pastdue"], Rows(await staff.GetDocumentAsync($"/supporters?scheme={scheme.Id}&state=PastDue")));
        Assert.Equal(["Never Finished"], Rows(await staff.GetDocumentAsync($"/supporters?scheme={scheme.Id}&state=Pending")));
        var since = (await TodayAsync()).AddDays(-7).ToString("yyyy-MM-dd");
        Assert.Equal(["Recent Pastdue"], Rows(await staff.GetDocumentAsync($"/supporters?scheme={scheme.Id}&since={since}")));
        var list = await staff.GetDocumentAsync($"/supporters?scheme={scheme.Id}");
        Assert.Contains("3 supporters in this list, giving £20 a month", list.QuerySelector("[data-figure=list]")!.TextContent);

        var csv = await staff.GetAsync($"/supporters/export.csv?scheme={scheme.Id}&state=Cancelled");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Contains("no-store", csv.Headers.CacheControl!.ToString());
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', SupporterList.Columns), lines[0]);
        var row = Assert.Single(lines[1..]).Split(',');
        Assert.Equal(gone.Id.ToString(CultureInfo.InvariantCulture), row[0]);
        Assert.Equal(("Gone Cancelled", gone.Email, "1000", "cancelled"), (row[1], row[2], row[4], row[6]));
        Assert.Equal(old.Email, (await (await staff.GetAsync($"/supporters/export.csv?scheme={scheme.Id}&state=Active")).Content.ReadAsStringAsync())
            .Split("\r\n")[1].Split(',')[2]);
        Assert.DoesNotContain(late.Email, await (await staff.GetAsync($"/supporters/export.csv?scheme={scheme.Id}&state=Active")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_bad_filter_is_explained_not_an_error()
    {
        var staff = await app.SignedInClientAsync(Roles.Finance);
        var page = await staff.GetDocumentAsync("/supporters?since=last-week", HttpStatusCode.BadRequest);
        Assert.Contains("YYYY-MM-DD", page.QuerySelector("[role=alert]")!.TextContent);
        var csv = await staff.GetAsync("/supporters/export.csv?state=happy");
        Assert.Equal(HttpStatusCode.BadRequest, csv.StatusCode);
        Assert.Contains("is not a state", await csv.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Monthly_income_and_this_months_joins_and_cancellations_are_what_the_data_holds()
    {
        var scheme = await app.NewSchemeAsync(700);
        await app.SupporterAsync(scheme, SupporterState.Active, Now, pence: 1_300);
        await app.SupporterAsync(scheme, SupporterState.Cancelled, Now.AddDays(-1), cancelledAt: Now);
        var staff = await app.SignedInClientAsync(Roles.Finance);

        var page = await staff.GetDocumentAsync("/supporters");

        var (income, active, joined, cancelled) = await app.WithDbAsync(async db =>
        {
            var all = await db.Supporters.AsNoTracking().ToListAsync();
            var clock = new { Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/London") };
            var month = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(Now, clock.Zone));
            bool ThisMonth(DateTime? t) => t is { } u && DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(u, clock.Zone)) is var d
                && d.Year == month.Year && d.Month == month.Month;
            return (all.Where(s => s.State is SupporterState.Active or SupporterState.PastDue).Sum(s => s.MonthlyPence),
                all.Count(s => s.State == SupporterState.Active), all.Count(s => ThisMonth(s.JoinedAt)), all.Count(s => ThisMonth(s.CancelledAt)));
        });
        Assert.Equal(Money.Pence(income), page.QuerySelector("[data-figure=income]")!.TextContent);
        Assert.Equal(active.ToString("N0", CultureInfo.GetCultureInfo("en-GB")), page.QuerySelector("[data-figure=active]")!.TextContent);
        var thisMonth = page.QuerySelectorAll("details tr[data-month]").Last();
        Assert.Equal(joined.ToString(CultureInfo.InvariantCulture), thisMonth.QuerySelector("[data-col=joined]")!.TextContent);
        Assert.Equal(cancelled.ToString(CultureInfo.InvariantCulture), thisMonth.QuerySelector("[data-col=cancelled]")!.TextContent);
        Assert.True(joined >= 2 && cancelled >= 1);
        Assert.Equal(12, page.QuerySelectorAll("svg rect.supporter-chart__join").Length);
    }

    [Fact]
    public async Task Finance_records_a_standing_order_supporter_and_their_payments_count_once_toward_the_fund()
    {
        var scheme = await app.NewSchemeAsync(500);
        var staff = await app.SignedInClientAsync(Roles.Finance);
        var email = SmtpInbox.NewAddress("standing");
        var today = await TodayAsync();

        var bad = await staff.PostFormAsync("/supporters/new", new()
        {
            ["Input.Name"] = "Dot Standing",
            ["Input.Email"] = email,
            ["Input.SchemeId"] = scheme.Id.ToString(CultureInfo.InvariantCulture),
            ["Input.Amount"] = "five pounds",
            ["Input.Started"] = today.ToString("yyyy-MM-dd"),
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Enter an amount in pounds", await bad.Content.ReadAsStringAsync());
        Assert.False(await app.WithDbAsync(db => db.Supporters.AnyAsync(s => s.Email == email)));

        var created = await staff.PostFormAsync("/supporters/new", new()
        {
            ["Input.Name"] = "Dot Standing",
            ["Input.Email"] = email.ToUpperInvariant(),
            ["Input.SchemeId"] = scheme.Id.ToString(CultureInfo.InvariantCulture),
            ["Input.Amount"] = "7.50",
            ["Input.Started"] = today.ToString("yyyy-MM-dd"),
            ["Input.Reference"] = "SO-1234",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var supporter = await app.WithDbAsync(db => db.Supporters.AsNoTracking().SingleAsync(s => s.Email == email));
        Assert.Equal((SupporterState.Active, PaymentMethod.StandingOrder, 750L, "SO-1234"), (supporter.State, supporter.Method, supporter.MonthlyPence, supporter.Reference));

        await app.WithServiceAsync<FundPeriods, FundPeriod?>(p => p.EnsureMonthAsync());
        var before = (await staff.GetFromJsonAsync<JsonElement>("/api/fighting-fund")).GetProperty("raised_pence").GetInt64();
        var form = await staff.GetDocumentAsync($"/supporters/{supporter.Id}/payments/new");
        var key = form.QuerySelector("input[name='Input.Key']")!.GetAttribute("value")!;
        Assert.Equal("7.50", form.QuerySelector("input[name='Input.Amount']")!.GetAttribute("value"));
        var fields = new Dictionary<string, string>
        {
            ["Input.Key"] = key,
            ["Input.Received"] = today.ToString("yyyy-MM-dd"),
            ["Input.Amount"] = "7.50",
            ["Input.Reference"] = "SO-1234",
        };
        Assert.Equal(HttpStatusCode.Redirect, (await staff.PostFormAsync($"/supporters/{supporter.Id}/payments/new", fields)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await staff.PostFormAsync($"/supporters/{supporter.Id}/payments/new", fields)).StatusCode);

        var payment = Assert.Single(await app.WithDbAsync(db => db.Ledger.AsNoTracking().Where(e => e.SupporterId == supporter.Id).ToListAsync()));
        Assert.Equal((EntryKind.SupporterPayment, PaymentMethod.StandingOrder, 750L, today), (payment.Kind, payment.Method, payment.AmountPence, payment.FundDate));
        Assert.Equal(before + 750, (await staff.GetFromJsonAsync<JsonElement>("/api/fighting-fund")).GetProperty("raised_pence").GetInt64());
        var page = await staff.GetDocumentAsync($"/supporters/{supporter.Id}");
        Assert.Equal("£7.50", page.QuerySelector($"tr[data-entry='{payment.Id}'] td.amount")!.TextContent);
        var future = await staff.PostFormAsync($"/supporters/{supporter.Id}/payments/new", new(fields)
        {
            ["Input.Key"] = Guid.NewGuid().ToString("N"),
            ["Input.Received"] = today.AddDays(3).ToString("yyyy-MM-dd"),
        });
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        Assert.Contains("can't be in the future", (await future.ReadDocumentAsync()).Body!.TextContent);
    }

    [Fact]
    public async Task Ending_a_standing_order_needs_a_reason_and_is_audited()
    {
        var scheme = await app.NewSchemeAsync(500);
        var supporter = await app.SupporterAsync(scheme, SupporterState.Active, Now.AddDays(-30), method: PaymentMethod.StandingOrder);
        var staff = await app.SignedInClientAsync(Roles.Finance);

        var bad = await staff.PostFormAsync($"/supporters/{supporter.Id}?handler=Cancel", new() { ["Reason"] = " " }, formPage: $"/supporters/{supporter.Id}");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(SupporterState.Active, (await app.WithDbAsync(db => db.Supporters.AsNoTracking().SingleAsync(s => s.Id == supporter.Id))).State);

        var ok = await staff.PostFormAsync($"/supporters/{supporter.Id}?handler=Cancel", new() { ["Reason"] = "Bank letter of 3 March" }, formPage: $"/supporters/{supporter.Id}");
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Equal(SupporterState.Cancelled, (await app.WithDbAsync(db => db.Supporters.AsNoTracking().SingleAsync(s => s.Id == supporter.Id))).State);
        Assert.True(await app.WithDbAsync(db => db.MoneyAudit.AnyAsync(a => a.Reason == "Bank letter of 3 March" && a.Details.Contains($"Supporter {supporter.Id}"))));
    }

    [Fact]
    public async Task Staff_make_and_change_schemes_and_a_scheme_taken_out_of_the_fund_stops_counting_from_the_next_payment()
    {
        var staff = await app.SignedInClientAsync(Roles.Admin);
        var name = $"Printers {Guid.NewGuid():N}"[..18];
        var bad = await staff.PostFormAsync("/supporters/schemes/new", new() { ["Input.Name"] = name, ["Input.Amount"] = "0.50" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("at least £1", await bad.Content.ReadAsStringAsync());

        var made = await staff.PostFormAsync("/supporters/schemes/new", new()
        {
            ["Input.Name"] = name,
            ["Input.Amount"] = "4",
            ["Input.OpenAmount"] = "true",
            ["Input.CountsTowardFund"] = "true",
            ["Input.Offered"] = "true",
            ["Input.Description"] = "For the presses.",
        });
        Assert.Equal(HttpStatusCode.Redirect, made.StatusCode);
        var scheme = await app.WithDbAsync(db => db.SupporterSchemes.AsNoTracking().SingleAsync(s => s.Name == name));
        Assert.Equal((400L, true, true), (scheme.MonthlyPence, scheme.OpenAmount, scheme.CountsTowardFund));
        Assert.Contains(name, (await app.CreateClient().GetDocumentAsync("/support")).QuerySelector(".schemes")!.TextContent);

        var changed = await staff.PostFormAsync($"/supporters/schemes/{scheme.Id}", new()
        {
            ["Input.Name"] = name,
            ["Input.Amount"] = "4",
            ["Input.OpenAmount"] = "true",
            ["Input.Offered"] = "false",
        });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        scheme = await app.WithDbAsync(db => db.SupporterSchemes.AsNoTracking().SingleAsync(s => s.Id == scheme.Id));
        Assert.False(scheme.CountsTowardFund);
        Assert.DoesNotContain(name, (await app.CreateClient().GetDocumentAsync("/support")).Body!.TextContent);

        var supporter = await app.SupporterAsync(scheme, SupporterState.Active, Now, method: PaymentMethod.StandingOrder);
        var fields = new Dictionary<string, string>
        {
            ["Input.Key"] = Guid.NewGuid().ToString("N"),
            ["Input.Received"] = (await TodayAsync()).ToString("yyyy-MM-dd"),
            ["Input.Amount"] = "4",
        };
        await staff.PostFormAsync($"/supporters/{supporter.Id}/payments/new", fields);
        Assert.False((await app.WithDbAsync(db => db.Ledger.AsNoTracking().SingleAsync(e => e.SupporterId == supporter.Id))).CountsTowardFund);
    }

    [Fact]
    public async Task Staff_can_export_one_supporters_data_on_request()
    {
        var scheme = await app.NewSchemeAsync(500);
        var supporter = await app.SupporterAsync(scheme, SupporterState.Active, Now, method: PaymentMethod.StandingOrder, name: "Export Me");
        await app.WithServiceAsync<DonationRecorder, int>(async r =>
        {
            await r.RecordAsync(new DonationRecorder.Money($"test:{Guid.NewGuid():N}", EntryKind.SupporterPayment, PaymentMethod.StandingOrder, 500, "GBP",
                Now, DonorName: "Export Me", SupporterId: supporter.Id), "test");
            return 0;
        });
        var staff = await app.SignedInClientAsync(Roles.Membership);

        var response = await staff.GetAsync($"/supporters/{supporter.Id}/data.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        var record = json.GetProperty("supporters").EnumerateArray().Single();
        Assert.Equal(supporter.Email, record.GetProperty("email").GetString());
        Assert.Equal(500, record.GetProperty("payments").EnumerateArray().Single().GetProperty("amountPence").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync("/supporters/999999/data.json")).StatusCode);
    }
}
