using System.Net;
using System.Net.Sockets;
using Masthead.Features.Donations;
using Masthead.Features.Publishing;
using Masthead.Infrastructure.Email;
using Masthead.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Masthead.IntegrationTests.Email;

public sealed class ReceiptEmailTests_Sqlite(SqliteApp app) : ReceiptEmailTests<SqliteApp>(app);
[Trait("Needs", "PostgreSQL")]
public sealed class ReceiptEmailTests_Postgres(PostgresApp app) : ReceiptEmailTests<PostgresApp>(app);

/// <summary>Receipts leave through the outbox and arrive at a real SMTP server (smtp4dev), where the tests read them.</summary>
public abstract class ReceiptEmailTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : MastheadApp
{
    [Trait("Needs", "Smtp")]
    [Fact]
    public async Task A_donation_with_an_email_address_sends_one_receipt_with_the_amount_number_and_paper()
    {
        var email = SmtpInbox.NewAddress();
        var gift = await GiveAsync(app, email, 2500);

        var mails = await SmtpInbox.WaitForAsync(email, 1, app);
        await WaitUntilSentAsync(app, email, 1);

        var receipt = Assert.Single(await SmtpInbox.ForAsync(email));
        var paper = app.Services.GetRequiredService<IOptions<PaperOptions>>().Value.Name;
        Assert.Contains("£25", receipt.Subject);
        Assert.Contains(paper, receipt.Subject);
        Assert.Contains("£25", receipt.TextBody);
        Assert.Contains($"Receipt number: {gift.Id}", receipt.TextBody);
        Assert.Contains(paper, receipt.TextBody);
        Assert.DoesNotContain("the The ", receipt.Subject + receipt.TextBody); // the paper's name brings its own article
        Assert.Contains("Dear Ann Reader", receipt.TextBody);
        Assert.Equal("fund@masthead.test", receipt.Message.From.Mailboxes.Single().Address);
        Assert.Equal(email, receipt.Message.To.Mailboxes.Single().Address);
        Assert.Single(mails);

        var row = await app.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync(e => e.ToAddress == email));
        Assert.NotNull(row.SentAt);
        Assert.Equal(1, row.Attempts);
        Assert.Null(row.LastError);
        Assert.Null(row.LockedBy);
    }

    [Trait("Needs", "Smtp")]
    [Fact]
    public async Task The_same_payment_recorded_twice_sends_one_receipt()
    {
        var email = SmtpInbox.NewAddress();
        var externalId = $"test:{Guid.NewGuid():N}";
        var first = await GiveAsync(app, email, 1000, externalId);
        var second = await app.WithServiceAsync<DonationRecorder, DonationRecorder.Result>(async r =>
            (await r.RecordAsync(Money(app, email, 1000, externalId), "test")).Result);
        Assert.Equal(DonationRecorder.Result.AlreadyRecorded, second);

        await SmtpInbox.WaitForAsync(email, 1, app);
        await WaitUntilSentAsync(app, email, 1);
        // Another few passes of the sender find nothing more to send.
        for (var i = 0; i < 5; i++) await app.Sender().SendDueAsync();

        var receipt = Assert.Single(await SmtpInbox.ForAsync(email));
        Assert.Contains($"Receipt number: {first.Id}", receipt.TextBody);
        Assert.Equal(1, await app.WithDbAsync(db => db.Outbox.CountAsync(e => e.ToAddress == email)));
    }

    [Trait("Needs", "Smtp")]
    [Fact]
    public async Task A_sandbox_donation_through_the_donate_page_emails_a_receipt()
    {
        var email = SmtpInbox.NewAddress("reader");
        var client = app.CreateClient();

        var donate = await client.PostFormAsync("/donate", new()
        {
            ["Amount"] = "other",
            ["OtherAmount"] = "12.50",
            ["Name"] = "Rosa Reader",
            ["Email"] = email,
            ["Town"] = "Leeds",
            ["ThankAs"] = "Initials",
        });
        Assert.Equal(HttpStatusCode.Redirect, donate.StatusCode);
        var checkout = donate.Headers.Location!.OriginalString;
        Assert.StartsWith("/sandbox/checkout/", checkout);

        var paid = await client.PostFormAsync(checkout, []);
        Assert.Equal(HttpStatusCode.Redirect, paid.StatusCode);
        Assert.StartsWith("/donate/thanks", paid.Headers.Location!.OriginalString);

        var receipt = Assert.Single(await SmtpInbox.WaitForAsync(email, 1, app));
        Assert.Contains("£12.50", receipt.Subject);
        Assert.Contains("Dear Rosa Reader", receipt.TextBody);
        Assert.Contains("Paid by: card", receipt.TextBody);
        var gift = await app.WithDbAsync(db => db.Ledger.AsNoTracking().SingleAsync(e => e.DonorEmail == email));
        Assert.Contains($"Receipt number: {gift.Id}", receipt.TextBody);
    }

    [Trait("Needs", "Smtp")]
    [Fact]
    public async Task Mail_the_SMTP_server_refuses_stays_queued_with_its_error_and_is_sent_once_the_server_is_right()
    {
        // An instance of its own, over a database of its own, whose SMTP port has nothing listening.
        await using var refused = Activator.CreateInstance<TApp>();
        refused.WithSetting("Email:SmtpPort", ClosedPort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        await refused.InitializeAsync();
        var email = SmtpInbox.NewAddress();
        await GiveAsync(refused, email, 5000);

        var failed = await Eventually.WaitForAsync(async () =>
        {
            refused.Clock.Advance(MastheadApp.EmailPollInterval);
            return await refused.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync(e => e.ToAddress == email));
        }, m => m.Attempts > 0);
        Assert.Equal(1, failed.Attempts);
        Assert.Null(failed.SentAt);
        Assert.False(string.IsNullOrWhiteSpace(failed.LastError));
        Assert.Null(failed.LockedBy);
        Assert.True(failed.NextAttemptAt > refused.Clock.GetUtcNow().UtcDateTime, "a failed message waits before the next attempt");

        // Until it is due again, further passes leave it alone.
        await refused.Sender().SendDueAsync();
        Assert.Equal(1, (await refused.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync(e => e.ToAddress == email))).Attempts);
        Assert.Empty(await SmtpInbox.ForAsync(email));

        // The instance restarts with the right settings once the message is due again.
        await using var mended = refused.Sibling();
        mended.Clock.SetUtcNow(new DateTimeOffset(failed.NextAttemptAt, TimeSpan.Zero).AddSeconds(1));
        await mended.InitializeAsync();

        var receipt = Assert.Single(await SmtpInbox.WaitForAsync(email, 1, mended));
        Assert.Contains("£50", receipt.Subject);
        var sent = await WaitUntilSentAsync(mended, email, 1);
        Assert.Equal(2, sent[0].Attempts);
        Assert.Null(sent[0].LastError);
    }

    [Trait("Needs", "Smtp")]
    [Fact]
    public async Task Two_instances_sending_the_same_outbox_deliver_each_receipt_once()
    {
        await using var sibling = app.Sibling();
        await sibling.InitializeAsync();
        var email = SmtpInbox.NewAddress();
        var gifts = new List<long>();
        for (var i = 0; i < 12; i++) gifts.Add((await GiveAsync(app, email, 100 + i)).Id);
        // The receipts are due on both clocks.
        if (sibling.Clock.GetUtcNow() < app.Clock.GetUtcNow()) sibling.Clock.SetUtcNow(app.Clock.GetUtcNow());

        // Both instances' background senders tick while each also runs three passes of its own at once.
        var passes = new[] { app, sibling }.SelectMany(a => Enumerable.Range(0, 3).Select(_ => Task.Run(() => a.Sender().SendDueAsync())));
        var waiting = SmtpInbox.WaitForAsync(email, gifts.Count, app, sibling);
        var sentByPasses = await Task.WhenAll(passes);
        await waiting;
        var rows = await WaitUntilSentAsync(app, email, gifts.Count);

        var mails = await SmtpInbox.ForAsync(email);
        Assert.Equal(gifts.Count, mails.Count);
        Assert.Equal(gifts.Select(g => $"Receipt number: {g}").Order(),
            mails.Select(m => m.TextBody.Split('\n').Single(l => l.StartsWith("Receipt number:", StringComparison.Ordinal)).Trim()).Order());
        Assert.Equal(gifts.Count, mails.Select(m => m.MessageId).Distinct().Count());
        Assert.All(rows, r => Assert.Equal(1, r.Attempts));
        Assert.True(sentByPasses.Sum() <= gifts.Count);
    }

    private static DonationRecorder.Money Money(MastheadApp app, string email, long pence, string? externalId = null) =>
        new(externalId ?? $"test:{Guid.NewGuid():N}", EntryKind.Donation, PaymentMethod.Card, pence, "GBP",
            app.Clock.GetUtcNow().UtcDateTime, DonorName: "Ann Reader", DonorEmail: email);

    private static Task<LedgerEntry> GiveAsync(MastheadApp app, string email, long pence, string? externalId = null) =>
        app.WithServiceAsync<DonationRecorder, LedgerEntry>(async r =>
        {
            var (result, entry) = await r.RecordAsync(Money(app, email, pence, externalId), "test");
            Assert.Equal(DonationRecorder.Result.Recorded, result);
            return entry;
        });

    /// <summary>Waits until the outbox holds <paramref name="count"/> messages to the address, all marked sent.</summary>
    private static Task<List<OutboxEmail>> WaitUntilSentAsync(MastheadApp app, string email, int count) =>
        Eventually.WaitForAsync(
            () => app.WithDbAsync(db => db.Outbox.AsNoTracking().Where(e => e.ToAddress == email).OrderBy(e => e.Id).ToListAsync()),
            rows => rows.Count == count && rows.All(r => r.SentAt is not null));

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
