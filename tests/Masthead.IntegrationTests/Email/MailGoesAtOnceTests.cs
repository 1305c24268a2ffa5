using Masthead.Features.Donations;
using Masthead.Features.Events;
using Masthead.Infrastructure.Email;
using Masthead.IntegrationTests.Events;
using Masthead.IntegrationTests.Infrastructure;

namespace Masthead.IntegrationTests.Email;

public sealed class MailGoesAtOnceTests_Sqlite : MailGoesAtOnceTests<SqliteApp>;
[Trait("Needs", "PostgreSQL")]
public sealed class MailGoesAtOnceTests_Postgres : MailGoesAtOnceTests<PostgresApp>;

/// <summary>
/// Mail an instance queues leaves at once, whatever the safety-net interval: the sender is woken when the mail is
/// committed, not found by polling. The clocks here never move, so a sender that waited for its interval sends nothing.
/// </summary>
public abstract class MailGoesAtOnceTests<TApp> where TApp : MastheadApp
{
    private static readonly TimeSpan LongInterval = TimeSpan.FromMinutes(10);

    [Trait("Needs", "Smtp")]
    [Fact]
    public async Task Mail_queued_by_a_save_in_a_transaction_and_by_plain_SQL_is_sent_within_seconds_with_a_ten_minute_interval()
    {
        var app = Activator.CreateInstance<TApp>();
        app.WithSetting("Email:PollInterval", LongInterval.ToString());
        try
        {
            await app.InitializeAsync();
            await SendsAtOnceAsync(app);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private static async Task SendsAtOnceAsync(MastheadApp app)
    {
        var now = app.Clock.GetUtcNow().UtcDateTime;

        // A plain save through EF Core, outside any transaction.
        var saved = SmtpInbox.NewAddress("saved");
        await app.WithDbAsync(async db =>
        {
            db.Outbox.Add(new OutboxEmail
            {
                Key = $"test-at-once:{Guid.NewGuid():N}",
                ToAddress = saved,
                Subject = "At once",
                TextBody = "Sent when saved.",
                CreatedAt = now,
                NextAttemptAt = now,
            });
            await db.SaveChangesAsync();
        });
        await ArrivesWithinSecondsAsync(saved);

        // Saves inside a transaction that commits later (a registration and its email).
        var registered = SmtpInbox.NewAddress("registered");
        var e = await app.NewEventAsync(TimeSpan.FromDays(5));
        Assert.Equal(EventRegistrations.Outcome.Registered, (await app.RegisterAsync(e, registered)).Outcome);
        await ArrivesWithinSecondsAsync(registered);

        // A receipt written with plain SQL, in the recorder's own transaction.
        var donor = SmtpInbox.NewAddress("donor");
        await app.WithServiceAsync<DonationRecorder, DonationRecorder.Result>(async r => (await r.RecordAsync(new(
            $"test:{Guid.NewGuid():N}", EntryKind.Donation, PaymentMethod.Card, 1500, "GBP", now, DonorName: "Ann Reader", DonorEmail: donor), "test")).Result);
        await ArrivesWithinSecondsAsync(donor);
    }

    /// <summary>Waits without moving any clock: only a woken sender can deliver in time.</summary>
    private static Task ArrivesWithinSecondsAsync(string address) =>
        Eventually.WaitForAsync(() => SmtpInbox.ForAsync(address), mails => mails.Count == 1, seconds: 5);
}
