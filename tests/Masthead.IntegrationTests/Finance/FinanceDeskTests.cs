using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Masthead.Features.Donations;
using Masthead.Features.FightingFund;
using Masthead.Features.Publishing;
using Masthead.Infrastructure.Payments;
using Masthead.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Masthead.IntegrationTests.Finance;

public sealed class FinanceDeskTests_Sqlite(SqliteApp app) : FinanceDeskTests<SqliteApp>(app);
[Trait("Needs", "PostgreSQL")]
public sealed class FinanceDeskTests_Postgres(PostgresApp app) : FinanceDeskTests<PostgresApp>(app);

public abstract class FinanceDeskTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : MastheadApp
{
    private Task<DateOnly> TodayAsync() => app.WithServiceAsync<PaperClock, DateOnly>(c => Task.FromResult(c.Today()));

    private Task EnsurePeriodAsync() => app.WithServiceAsync<FundPeriods, FundPeriod?>(p => p.EnsureMonthAsync());

    private async Task<long> RaisedPenceAsync(HttpClient client)
    {
        var json = await client.GetFromJsonAsync<JsonElement>("/api/fighting-fund");
        return json.GetProperty("raised_pence").GetInt64();
    }

    private Task<int> LedgerCountAsync() => app.WithDbAsync(db => db.Ledger.CountAsync());

    private static Dictionary<string, string> Cheque(DateOnly received, string amount, string reference, string? email = null) => new()
    {
        ["Input.Key"] = Guid.NewGuid().ToString("N"),
        ["Input.Method"] = "Cheque",
        ["Input.Received"] = received.ToString("yyyy-MM-dd"),
        ["Input.Amount"] = amount,
        ["Input.Name"] = "Rosa Pemberton",
        ["Input.Email"] = email ?? "",
        ["Input.Town"] = "Hebden Bridge",
        ["Input.ThankAs"] = "FullName",
        ["Input.ShowTown"] = "true",
        ["Input.Reference"] = reference,
        ["Input.Note"] = "Sent with a kind letter.",
    };

    private async Task<LedgerEntry> RecordChequeAsync(HttpClient finance, string amount, string reference)
    {
        var response = await finance.PostFormAsync("/finance/money/new", Cheque(await TodayAsync(), amount, reference));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await app.WithDbAsync(db => db.Ledger.AsNoTracking().SingleAsync(e => e.Reference == reference));
    }

    /// <summary>Uploads a file to the import page's preview, as the browser's multipart form does.</summary>
    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] content, string fileName = "statement.csv")
    {
        var page = await client.GetDocumentAsync("/finance/import");
        var token = page.QuerySelector("form[enctype='multipart/form-data'] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "Upload", fileName);
        return await client.PostAsync("/finance/import?handler=Preview", form);
    }

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client, string csv, string fileName = "statement.csv") =>
        UploadAsync(client, Encoding.UTF8.GetBytes(csv), fileName);

    private static async Task<HttpResponseMessage> ConfirmAsync(HttpClient client, string sealedStatement) =>
        await client.PostFormAsync("/finance/import?handler=Confirm", new() { ["Statement"] = sealedStatement }, formPage: "/finance/import");

    private static string Tag() => Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();

    [Fact]
    public async Task Offline_cheque_counts_toward_this_months_target()
    {
        await EnsurePeriodAsync();
        var finance = await app.SignedInClientAsync(Roles.Finance);
        var reader = app.CreateClient();
        var before = await RaisedPenceAsync(reader);
        var reference = $"CHQ {Tag()}";

        var form = Cheque(await TodayAsync(), "£123.45", reference, email: "rosa@example.org");
        var response = await finance.PostFormAsync("/finance/money/new", form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/finance/ledger", response.Headers.Location!.OriginalString);

        Assert.Equal(before + 12345, await RaisedPenceAsync(reader));
        var home = await reader.GetDocumentAsync("/");
        Assert.Equal(Money.Pounds((before + 12345) / 100), home.QuerySelector(".fund-widget [data-fund=raised]")!.TextContent.Trim());

        var entry = await app.WithDbAsync(db => db.Ledger.AsNoTracking().SingleAsync(e => e.Reference == reference));
        Assert.StartsWith("offline:", entry.ExternalId);
        Assert.Equal((EntryKind.Donation, PaymentMethod.Cheque, await TodayAsync()), (entry.Kind, entry.Method, entry.FundDate));
        Assert.StartsWith("staff-", entry.RecordedBy);
        Assert.Equal(ThankAs.FullName, entry.ThankAs);
        Assert.True(entry.ShowTown);
        Assert.True(await app.WithDbAsync(db => db.Outbox.AnyAsync(o => o.Key == $"receipt:{entry.Id}" && o.ToAddress == "rosa@example.org")));

        // The same form sent twice (a double click, a retry) is recorded once.
        Assert.Equal(HttpStatusCode.Redirect, (await finance.PostFormAsync("/finance/money/new", form)).StatusCode);
        Assert.Equal(before + 12345, await RaisedPenceAsync(reader));

        var ledger = await finance.GetDocumentAsync("/finance/ledger");
        var row = ledger.QuerySelector($"tr[data-entry='{entry.Id}']")!;
        Assert.Equal("£123.45", row.QuerySelector("[data-col=amount]")!.TextContent);
        Assert.Equal("cheque", row.QuerySelector("[data-col=method]")!.TextContent);
        Assert.Equal(reference, row.QuerySelector("[data-col=reference]")!.TextContent);

        var desk = await finance.GetDocumentAsync("/finance");
        Assert.Equal(Money.Pounds((before + 12345) / 100), desk.QuerySelector("[data-figure=raised]")!.TextContent);
    }

    [Theory]
    [InlineData("-5", "more than £0")]
    [InlineData("0", "more than £0")]
    [InlineData("twelve", "Enter an amount")]
    [InlineData("1000000.01", "over £1,000,000")]
    public async Task Offline_money_with_a_bad_amount_is_refused_and_nothing_is_recorded(string amount, string message)
    {
        var finance = await app.SignedInClientAsync(Roles.Finance);
        var reference = $"BAD {Tag()}";
        var response = await finance.PostFormAsync("/finance/money/new", Cheque(await TodayAsync(), amount, reference));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, (await response.ReadDocumentAsync()).QuerySelector("[data-valmsg-for='Input.Amount']")!.TextContent);
        Assert.False(await app.WithDbAsync(db => db.Ledger.AnyAsync(e => e.Reference == reference)));
    }

    [Fact]
    public async Task Offline_money_received_in_the_future_is_refused()
    {
        var finance = await app.SignedInClientAsync(Roles.Finance);
        var reference = $"LATER {Tag()}";
        var response = await finance.PostFormAsync("/finance/money/new", Cheque((await TodayAsync()).AddDays(1), "10", reference));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("future", (await response.ReadDocumentAsync()).QuerySelector("[data-valmsg-for='Input.Received']")!.TextContent);
        Assert.False(await app.WithDbAsync(db => db.Ledger.AnyAsync(e => e.Reference == reference)));
    }

    [Fact]
    public async Task Csv_preview_flags_duplicates_and_bad_rows_by_line_and_writes_nothing()
    {
        var finance = await app.SignedInClientAsync(Roles.Finance);
        var today = await TodayAsync();
        var day = today.AddDays(-2);
        var tag = Tag();
        var existing = await RecordChequeAsync(finance, "40", $"SO {tag} A");
        var ledgerBefore = await LedgerCountAsync();
        var auditBefore = await app.WithDbAsync(db => db.MoneyAudit.CountAsync());

        var csv = $"""
            Date,Amount,Reference,Name
            {today:dd/MM/yyyy},40.00,so{tag}a,Rosa Pemberton
            {day:yyyy-MM-dd},"£1,025.50",TFR {tag} B,"Hall, Tom"
            {day:yyyy-MM-dd},1025.5,TFR {tag} B,Tom Hall
            31/02/2026,10,TFR {tag} C,
            {day:yyyy-MM-dd},-10,TFR {tag} D,
            """;
        var response = await UploadAsync(finance, csv);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ReadDocumentAsync();
        var problems = page.QuerySelectorAll(".import-problems li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(2, problems.Count);
        Assert.StartsWith("Line 5:", problems[0]);
        Assert.Contains("not a date", problems[0]);
        Assert.StartsWith("Line 6:", problems[1]);
        Assert.Contains("zero or negative", problems[1]);
        string Status(int line) => page.QuerySelector($".import-preview tr[data-line='{line}'] [data-col=status]")!.TextContent.Trim();
        Assert.Contains($"already in the ledger as entry {existing.Id}", Status(2));
        Assert.Equal("New", Status(3));
        Assert.Equal("Duplicate: repeats line 3", Status(4));
        Assert.Null(page.QuerySelector("input[name=Statement]"));

        Assert.Equal(ledgerBefore, await LedgerCountAsync());
        Assert.Equal(auditBefore, await app.WithDbAsync(db => db.MoneyAudit.CountAsync()));
    }

    [Fact]
    public async Task Confirming_imports_every_new_line_at_once_and_reimporting_adds_nothing()
    {
        await EnsurePeriodAsync();
        var finance = await app.SignedInClientAsync(Roles.Finance);
        var reader = app.CreateClient();
        var today = await TodayAsync();
        var tag = Tag();
        await RecordChequeAsync(finance, "15", $"CHQ {tag}");
        var raisedBefore = await RaisedPenceAsync(reader);
        var ledgerBefore = await LedgerCountAsync();
        var csv = $"""
            reference,amount,date,name
            CHQ {tag},15,{today:yyyy-MM-dd},Rosa Pemberton
            SO {tag} 1,25,{today:yyyy-MM-dd},Ann Lee
            SO {tag} 2,"£1,025.50",{today:dd/MM/yyyy},
            TFR {tag} 3,0.07,{today:yyyy-MM-dd},"Smith, Jo"
            """;

        var preview = await UploadAsync(finance, csv, $"july-{tag}.csv");
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var page = await preview.ReadDocumentAsync();
        Assert.Contains("3 new payment(s) totalling £1,050.57", page.QuerySelector("[role=status]")!.TextContent);
        Assert.Equal(ledgerBefore, await LedgerCountAsync());
        var sealedStatement = page.QuerySelector("input[name=Statement]")!.GetAttribute("value")!;

        var confirmed = await ConfirmAsync(finance, sealedStatement);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var imported = await app.WithDbAsync(db => db.Ledger.AsNoTracking().Where(e => e.ExternalId.StartsWith("bank:") && e.Reference!.Contains(tag)).OrderBy(e => e.Id).ToListAsync());
        Assert.Equal([2500L, 102550L, 7L], imported.Select(e => e.AmountPence));
        Assert.All(imported, e => Assert.Equal((PaymentMethod.BankTransfer, today), (e.Method, e.FundDate)));
        Assert.Equal($"bank:{today:yyyy-MM-dd}:2500:SO{tag}1", imported[0].ExternalId);
        Assert.Equal("Smith, Jo", imported[2].DonorName);
        Assert.Equal(raisedBefore + 105057, await RaisedPenceAsync(reader));
        var audit = await app.WithDbAsync(db => db.MoneyAudit.AsNoTracking().Where(a => a.Action == "Imported bank statement" && a.Details.Contains(tag)).ToListAsync());
        var single = Assert.Single(audit);
        Assert.StartsWith("staff-", single.By);
        Assert.Contains($"july-{tag}.csv: 3 payment(s) totalling £1,050.57", single.Details);

        // The same statement again: every line is a duplicate, and confirming the old preview again changes nothing.
        var again = await (await UploadAsync(finance, csv)).ReadDocumentAsync();
        Assert.Contains("nothing to import", again.QuerySelector("[role=status]")!.TextContent);
        Assert.Null(again.QuerySelector("input[name=Statement]"));
        var ledgerAfter = await LedgerCountAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await ConfirmAsync(finance, sealedStatement)).StatusCode);
        Assert.Equal(ledgerAfter, await LedgerCountAsync());
        Assert.Equal(raisedBefore + 105057, await RaisedPenceAsync(reader));
    }

    [Fact]
    public async Task A_confirmation_that_was_tampered_with_imports_nothing()
    {
        var finance = await app.SignedInClientAsync(Roles.Finance);
        var today = await TodayAsync();
        var tag = Tag();
        var page = await (await UploadAsync(finance, $"date,amount,reference\n{today:yyyy-MM-dd},5,T {tag}\n")).ReadDocumentAsync();
        var sealedStatement = page.QuerySelector("input[name=Statement]")!.GetAttribute("value")!;
        var ledgerBefore = await LedgerCountAsync();

        var tampered = sealedStatement[..^4] + (sealedStatement[^4] == 'A' ? "B" : "A") + sealedStatement[^3..];
        var response = await ConfirmAsync(finance, tampered);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("expired or was changed", (await response.ReadDocumentAsync()).QuerySelector("[role=alert]")!.TextContent);
        Assert.Equal(ledgerBefore, await LedgerCountAsync());
    }

    [Theory]
    [InlineData("missing column")]
    [InlineData("garbage")]
    [InlineData("1.5 MB")]
    [InlineData("empty")]
    public async Task A_bad_csv_gets_a_clear_message_and_the_ledger_is_unchanged(string kind)
    {
        var finance = await app.SignedInClientAsync(Roles.Finance);
        var (content, status, message) = kind switch
        {
            "missing column" => (Encoding.UTF8.GetBytes("date,amount,name\n2026-01-01,5,Ann\n"), HttpStatusCode.BadRequest, "missing: reference"),
            "garbage" => (new byte[] { 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe }, HttpStatusCode.BadRequest, "not CSV"),
            // Under the server's 2 MB (over it, RequestSizeTests), over the import's 1 MB.
            "1.5 MB" => (Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("2026-01-01,5,REF\n", 1536 * 1024 / 17))), HttpStatusCode.RequestEntityTooLarge, "larger than 1 MB"),
            _ => (Array.Empty<byte>(), HttpStatusCode.BadRequest, "Choose the bank statement"),
        };
        var ledgerBefore = await LedgerCountAsync();

        var response = await UploadAsync(finance, content);

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(message, (await response.ReadDocumentAsync()).QuerySelector("[role=alert]")!.TextContent);
        Assert.Equal(ledgerBefore, await LedgerCountAsync());
    }

    [Fact]
    public async Task A_correction_reverses_an_entry_with_a_reason_and_shows_in_the_audit()
    {
        await EnsurePeriodAsync();
        var finance = await app.SignedInClientAsync(Roles.Finance);
        var reader = app.CreateClient();
        var original = await RecordChequeAsync(finance, "60", $"CHQ {Tag()}");
        var raised = await RaisedPenceAsync(reader);
        var url = $"/finance/ledger/{original.Id}/correct";
        var ledger = await finance.GetDocumentAsync("/finance/ledger");
        Assert.Equal(url, ledger.QuerySelector($"tr[data-entry='{original.Id}'] a[href$='/correct']")!.GetAttribute("href"));

        var noReason = await finance.PostFormAsync(url, new() { ["Reason"] = " " });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("Say why", (await noReason.ReadDocumentAsync()).QuerySelector("[data-valmsg-for=Reason]")!.TextContent);

        var reason = $"Cheque bounced {Tag()}";
        Assert.Equal(HttpStatusCode.Redirect, (await finance.PostFormAsync(url, new() { ["Reason"] = reason })).StatusCode);

        var reversal = await app.WithDbAsync(db => db.Ledger.AsNoTracking().SingleAsync(e => e.ReversesId == original.Id));
        Assert.Equal((EntryKind.Correction, -6000L, reason, original.FundDate), (reversal.Kind, reversal.AmountPence, reversal.Reason, reversal.FundDate));
        Assert.True(await app.WithDbAsync(db => db.Ledger.AnyAsync(e => e.Id == original.Id && e.AmountPence == 6000)));
        Assert.Equal(raised - 6000, await RaisedPenceAsync(reader));

        ledger = await finance.GetDocumentAsync("/finance/ledger");
        Assert.Contains($"reversed by entry {reversal.Id}", ledger.QuerySelector($"tr[data-entry='{original.Id}'] [data-col=links]")!.TextContent);
        Assert.Contains($"reverses entry {original.Id}", ledger.QuerySelector($"tr[data-entry='{reversal.Id}'] [data-col=links]")!.TextContent);
        Assert.Null(ledger.QuerySelector($"tr[data-entry='{original.Id}'] a[href$='/correct']"));

        var audit = await finance.GetDocumentAsync("/finance/audit");
        var row = audit.QuerySelectorAll("tr[data-audit]").First(r => r.QuerySelector("[data-col=why]")!.TextContent == reason);
        Assert.Equal("Recorded correction", row.QuerySelector("[data-col=action]")!.TextContent);
        Assert.StartsWith("staff-", row.QuerySelector("[data-col=who]")!.TextContent);

        var twice = await finance.PostFormAsync(url, new() { ["Reason"] = "Again" }, formPage: "/finance/money/new");
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Contains("already been reversed", (await twice.ReadDocumentAsync()).QuerySelector("[role=alert]")!.TextContent);
        Assert.Equal(1, await app.WithDbAsync(db => db.Ledger.CountAsync(e => e.ReversesId == original.Id)));
    }

    [Fact]
    public async Task Finance_opens_edits_and_closes_a_period_and_overlaps_are_refused()
    {
        var finance = await app.SignedInClientAsync(Roles.Finance);
        var opened = await finance.PostFormAsync("/finance/periods/new",
            new() { ["Input.Start"] = "2091-03-01", ["Input.End"] = "2091-03-31", ["Input.Target"] = "£12,000" });
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        var period = await app.WithDbAsync(db => db.FundPeriods.AsNoTracking().SingleAsync(p => p.Start == new DateOnly(2091, 3, 1)));
        Assert.Equal(1_200_000, period.TargetPence);
        var list = await finance.GetDocumentAsync("/finance/periods");
        Assert.Contains(list.QuerySelectorAll("tbody tr"), r => r.TextContent.Contains("1 Mar 2091 – 31 Mar 2091") && r.TextContent.Contains("£12,000"));

        var overlap = await finance.PostFormAsync("/finance/periods/new",
            new() { ["Input.Start"] = "2091-03-20", ["Input.End"] = "2091-04-19", ["Input.Target"] = "5000" });
        Assert.Equal(HttpStatusCode.BadRequest, overlap.StatusCode);
        Assert.Contains("overlap the period 1 Mar 2091 – 31 Mar 2091", (await overlap.ReadDocumentAsync()).QuerySelector(".field-error")!.TextContent);
        Assert.False(await app.WithDbAsync(db => db.FundPeriods.AnyAsync(p => p.Start == new DateOnly(2091, 3, 20))));

        var url = $"/finance/periods/{period.Id}";
        var edit = new Dictionary<string, string> { ["Edit.Start"] = "2091-03-01", ["Edit.End"] = "2091-03-30", ["Edit.Target"] = "15000", ["EditReason"] = "" };
        var noReason = await finance.PostFormAsync(url + "?handler=Edit", edit, formPage: url);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(1_200_000, (await app.WithDbAsync(db => db.FundPeriods.AsNoTracking().SingleAsync(p => p.Id == period.Id))).TargetPence);

        edit["EditReason"] = "Board raised the target";
        Assert.Equal(HttpStatusCode.Redirect, (await finance.PostFormAsync(url + "?handler=Edit", edit, formPage: url)).StatusCode);
        var edited = await app.WithDbAsync(db => db.FundPeriods.AsNoTracking().SingleAsync(p => p.Id == period.Id));
        Assert.Equal((new DateOnly(2091, 3, 30), 1_500_000L), (edited.End, edited.TargetPence));

        var closeForm = new Dictionary<string, string> { ["CloseReason"] = "Appeal merged into April" };
        Assert.Equal(HttpStatusCode.Redirect, (await finance.PostFormAsync(url + "?handler=Close", closeForm, formPage: url)).StatusCode);
        var closed = await app.WithDbAsync(db => db.FundPeriods.AsNoTracking().SingleAsync(p => p.Id == period.Id));
        Assert.NotNull(closed.ClosedAt);
        Assert.StartsWith("staff-", closed.ClosedBy);

        var again = await finance.PostFormAsync(url + "?handler=Close", closeForm, formPage: "/finance/periods/new");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already closed", (await again.ReadDocumentAsync()).QuerySelector("[role=alert]")!.TextContent);

        var audit = await app.WithDbAsync(db => db.MoneyAudit.AsNoTracking().Where(a => a.FundPeriodId == period.Id).OrderBy(a => a.Id).ToListAsync());
        Assert.Equal(["Opened fund period", "Edited fund period", "Closed fund period"], audit.Select(a => a.Action));
        Assert.Equal([null, "Board raised the target", "Appeal merged into April"], audit.Select(a => a.Reason));
    }

    [Fact]
    public async Task Finance_sees_payment_events_to_review_and_marks_them_reviewed()
    {
        var id = $"evt_review_{Tag()}";
        await app.WithDbAsync(async db =>
        {
            db.WebhookEvents.Add(new WebhookEvent
            {
                Id = id,
                Type = "charge.refunded",
                ReceivedAt = DateTime.UtcNow,
                Outcome = WebhookOutcome.NeedsReview,
                PaymentKey = "pi_unknown",
                Note = "No gift for this payment.",
                Payload = "{}",
            });
            await db.SaveChangesAsync();
        });
        var finance = await app.SignedInClientAsync(Roles.Finance);

        var row = (await finance.GetDocumentAsync("/finance/review")).QuerySelector($"[data-event='{id}']")!;
        Assert.Contains("charge.refunded", row.TextContent);
        Assert.Contains("pi_unknown", row.TextContent);

        Assert.Equal(HttpStatusCode.Redirect, (await finance.PostFormAsync("/finance/review", new() { ["id"] = id })).StatusCode);
        var reviewed = await app.WithDbAsync(db => db.WebhookEvents.AsNoTracking().SingleAsync(e => e.Id == id));
        Assert.Equal(WebhookOutcome.Resolved, reviewed.Outcome);
        Assert.Contains("Dismissed by staff-", reviewed.Note);
        Assert.Null((await finance.GetDocumentAsync("/finance/review")).QuerySelector($"[data-event='{id}']"));
    }
}
