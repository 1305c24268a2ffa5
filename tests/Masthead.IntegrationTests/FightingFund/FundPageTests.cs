using System.Globalization;
using System.Net;
using Masthead.Features.Donations;
using Masthead.Features.FightingFund;
using Masthead.Features.Publishing;
using Masthead.IntegrationTests.Infrastructure;

namespace Masthead.IntegrationTests.FightingFund;

public sealed class FundPageTests_Sqlite(SqliteApp app) : FundPageTests<SqliteApp>(app);
[Trait("Needs", "PostgreSQL")]
public sealed class FundPageTests_Postgres(PostgresApp app) : FundPageTests<PostgresApp>(app);

/// <summary>
/// The public fund page and the print list. Tests share this month's period, so each one recognises its own
/// gifts by amounts and names no other test uses, or compares the page before and after its own gifts.
/// (The clock is not moved by months: the fake clock would fire every background timer for each tick skipped.)
/// </summary>
public abstract class FundPageTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : MastheadApp
{
    private static readonly CultureInfo Uk = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>The period open today (opening this month's if the background job has not yet), and today.</summary>
    private async Task<(FundPeriod Period, DateOnly Today)> CurrentAsync()
    {
        var period = await app.WithServiceAsync<FundPeriods, FundPeriod>(async periods =>
        {
            await periods.EnsureMonthAsync();
            return await periods.CurrentAsync() ?? throw new InvalidOperationException("No period is open today");
        });
        return (period, await app.WithServiceAsync<PaperClock, DateOnly>(clock => Task.FromResult(clock.Today())));
    }

    private Task<LedgerEntry> GiveAsync(long pence, DateOnly day, string? name = null, ThankAs? thankAs = null,
        string? town = null, bool showTown = false) =>
        app.WithServiceAsync<DonationRecorder, LedgerEntry>(async recorder => (await recorder.RecordAsync(new DonationRecorder.Money(
            $"test:{Guid.NewGuid():N}", EntryKind.Donation, PaymentMethod.Card, pence, "GBP", day.ToDateTime(new TimeOnly(12, 0)),
            name, DonorTown: town, ThankAs: thankAs, ShowTown: showTown, FundDate: day), "test")).Entry);

    private static long Pence(string text) => Amounts.TryParsePence(text, out var pence) ? pence : throw new FormatException(text);

    [Fact]
    public async Task Donors_who_asked_are_thanked_as_they_chose_and_a_refunded_gift_is_not()
    {
        var (_, today) = await CurrentAsync();
        var tag = Guid.NewGuid().ToString("N")[..6];
        await GiveAsync(5_001, today, $"Jo Bloggs{tag}", ThankAs.FullName, "Leeds", showTown: true);
        await GiveAsync(2_003, today, $"Morag Campbell{tag}", ThankAs.Anonymous, "Guernsey", showTown: true);
        await GiveAsync(1_557, today, $"Ada Lovelace{tag}", ThankAs.Initials, "London");
        await GiveAsync(9_907, today, $"Quiet Giver{tag}", thankAs: null, "Bath", showTown: true);
        var refunded = await GiveAsync(7_009, today, $"Refunded Reader{tag}", ThankAs.FullName, "York", showTown: true);
        await app.WithServiceAsync<DonationRecorder, object>(async r => await r.ReverseAsync(refunded, refunded.AmountPence, "Paid twice by mistake", "test"));
        var partly = await GiveAsync(10_011, today, $"Half Back{tag}", ThankAs.FullName);
        await app.WithServiceAsync<DonationRecorder, object>(async r => await r.RecordAsync(new DonationRecorder.Money(
            $"test:{Guid.NewGuid():N}", EntryKind.Refund, PaymentMethod.Card, -4_000, "GBP", today.ToDateTime(new TimeOnly(15, 0)),
            $"Half Back{tag}", ReversesId: partly.Id, FundDate: today), "test"));

        var page = await app.CreateClient().GetDocumentAsync("/fund");

        var thanks = page.QuerySelectorAll(".fund-thanks__list li").Select(li => li.TextContent.Trim()).ToList();
        string[] mine = [$"£60.11, Half Back{tag}", "£15.57, A. L.", "£20.03, anonymous, Guernsey", $"£50.01, Jo Bloggs{tag}, Leeds"];
        Assert.Equal(mine, thanks.Where(mine.Contains));
        Assert.DoesNotContain($"Quiet Giver{tag}", page.Body!.TextContent);
        Assert.DoesNotContain($"Refunded Reader{tag}", page.Body!.TextContent);
        Assert.DoesNotContain(thanks, t => t.StartsWith("£70.09"));
    }

    [Fact]
    public async Task The_chart_has_the_target_line_a_point_per_day_so_far_and_a_table_of_running_totals()
    {
        var (period, today) = await CurrentAsync();
        var client = app.CreateClient();
        static List<string[]> Rows(AngleSharp.Html.Dom.IHtmlDocument page) => page.QuerySelectorAll(".fund-days__table tbody tr")
            .Select(tr => tr.Children.Select(c => c.TextContent.Trim()).ToArray()).ToList();
        var before = Rows(await client.GetDocumentAsync("/fund"));

        await GiveAsync(2_050, period.Start);
        await GiveAsync(10_000, today);
        var mistake = await GiveAsync(3_000, today);
        await app.WithServiceAsync<DonationRecorder, object>(async r => await r.ReverseAsync(mistake, mistake.AmountPence, "Entered twice", "test"));
        var page = await client.GetDocumentAsync("/fund");

        var daysSoFar = today.DayNumber - period.Start.DayNumber + 1;
        var svg = page.QuerySelector("figure.fund-chart svg[role=img]")!;
        Assert.NotNull(svg);
        Assert.Contains($"target of {Money.Pounds(period.TargetPence / 100)}", svg.QuerySelector("desc")!.TextContent);
        var target = svg.QuerySelector("line.fund-chart__target")!;
        Assert.Equal(target.GetAttribute("y1"), target.GetAttribute("y2"));
        Assert.Contains($"Target {Money.Pounds(period.TargetPence / 100)}", svg.QuerySelector(".fund-chart__target-label")!.TextContent);
        Assert.Equal(daysSoFar, svg.QuerySelector("polyline.fund-chart__line")!.GetAttribute("points")!.Split(' ').Length);

        var after = Rows(page);
        Assert.Equal(daysSoFar, after.Count);
        Assert.Equal(period.Start.ToString("yyyy-MM-dd"), page.QuerySelector(".fund-days__table tbody time")!.GetAttribute("datetime"));
        var added = after.Zip(before, (a, b) => Pence(a[2]) - Pence(b[2])).ToList();
        var expected = Enumerable.Range(0, daysSoFar).Select(i => 2_050L + (i == daysSoFar - 1 ? 10_000 : 0));
        Assert.Equal(expected, added);
        Assert.All(after, row => Assert.Equal(Pence(row[2]), after.TakeWhile(r => r != row).Sum(r => Pence(r[1])) + Pence(row[1])));
    }

    [Fact]
    public async Task Earlier_appeals_are_listed_latest_first_with_raised_against_target()
    {
        var (period, today) = await CurrentAsync();
        var lastMonth = period.Start.AddMonths(-1);
        var monthBefore = period.Start.AddMonths(-2);
        await app.WithServiceAsync<FundPeriods, object>(async p =>
        {
            await p.OpenAsync(monthBefore, lastMonth.AddDays(-1), 500, "test");
            return await p.OpenAsync(lastMonth, period.Start.AddDays(-1), 100, "test");
        });
        await GiveAsync(15_000, lastMonth.AddDays(3));
        await GiveAsync(2_099, monthBefore.AddDays(20));
        await GiveAsync(1_000, today); // this month: not an earlier appeal

        var page = await app.CreateClient().GetDocumentAsync("/fund");

        var rows = page.QuerySelectorAll(".fund-past__table tbody tr")
            .Select(tr => tr.Children.Select(c => c.TextContent.Trim()).ToArray()).ToList();
        Assert.True(rows.Count >= 2);
        Assert.Equal([lastMonth.ToString("MMMM yyyy", Uk), "£100", "£150", "Target met"], rows[0]);
        Assert.Equal([monthBefore.ToString("MMMM yyyy", Uk), "£500", "£20", "£480 short"], rows[1]);
    }

    [Fact]
    public async Task Finance_downloads_the_print_list_with_the_days_total_running_total_and_names()
    {
        // A day of a period of its own, long ago, so no other test's money is in its totals.
        var period = await app.WithServiceAsync<FundPeriods, FundPeriod>(p => p.OpenAsync(new(2001, 3, 1), new(2001, 3, 31), 18_000, "test"));
        var day = new DateOnly(2001, 3, 14);
        await GiveAsync(10_000, period.Start.AddDays(1), "Earlier Donor", ThankAs.FullName);
        await GiveAsync(2_500, day, "Ada Lovelace", ThankAs.FullName, "Leeds", showTown: true);
        await GiveAsync(1_000, day, "Morag Campbell", ThankAs.Anonymous, "Guernsey", showTown: true);
        await GiveAsync(550, day, "Jo Bloggs", ThankAs.Initials);
        await GiveAsync(500, day, "Quiet Giver");
        await GiveAsync(7_000, day.AddDays(1), "Next Day", ThankAs.FullName);
        var finance = await app.SignedInClientAsync(Roles.Finance);

        var response = await finance.GetAsync($"/finance/print-list?date={day:yyyy-MM-dd}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal($"fighting-fund-{day:yyyy-MM-dd}.txt", response.Content.Headers.ContentDisposition.FileName?.Trim('"'));
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal("THE DAILY MASTHEAD FIGHTING FUND", lines[0]);
        Assert.Equal("Gifts received on Wednesday 14 March 2001", lines[1]);
        Assert.Contains("That day: £45.50", lines);
        Assert.Contains(lines, l => l.StartsWith("Running total: £145.50 of our £18,000 target"));
        var names = lines.SkipWhile(l => l != "Many thanks to:").Skip(1).Where(l => l.Length > 0).ToList();
        Assert.Equal(["£25, Ada Lovelace, Leeds", "£10, anonymous, Guernsey", "£5.50, J. B."], names);
    }

    [Theory]
    [InlineData("", "Give the day of the list as a date")]
    [InlineData("?date=", "Give the day of the list as a date")]
    [InlineData("?date=2026-02-30", "\"2026-02-30\" is not a date")]
    [InlineData("?date=14/03/2026", "\"14/03/2026\" is not a date")]
    public async Task A_bad_or_missing_date_gets_a_plain_400(string query, string message)
    {
        var finance = await app.SignedInClientAsync(Roles.Finance);

        var response = await finance.GetAsync($"/finance/print-list{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_print_list_is_for_Finance_only()
    {
        var anonymous = await app.CreateClient().GetAsync("/finance/print-list?date=2026-03-14");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/signin", anonymous.Headers.Location!.PathAndQuery);

        var editor = await app.SignedInClientAsync(Roles.Editor);
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.GetAsync("/finance/print-list?date=2026-03-14")).StatusCode);
    }

    [Fact]
    public async Task The_fund_page_is_linked_from_the_widget_and_the_footer()
    {
        await CurrentAsync();

        var home = await app.CreateClient().GetDocumentAsync("/");

        Assert.NotNull(home.QuerySelector(".fund-widget__title a[href='/fund']"));
        Assert.NotNull(home.QuerySelector(".site-footer a[href='/fund']"));
    }
}
