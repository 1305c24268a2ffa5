using System.Text;
using Masthead.Infrastructure.Email;
using Masthead.IntegrationTests.Infrastructure;
using MimeKit;

namespace Masthead.IntegrationTests.Email;

public sealed class OutboxAttachmentTests_Sqlite(SqliteApp app) : OutboxAttachmentTests<SqliteApp>(app);
[Trait("Needs", "PostgreSQL")]
public sealed class OutboxAttachmentTests_Postgres(PostgresApp app) : OutboxAttachmentTests<PostgresApp>(app);

/// <summary>Files queued with a message reach the SMTP server attached to it, byte for byte.</summary>
public abstract class OutboxAttachmentTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : MastheadApp
{
    [Trait("Needs", "Smtp")]
    [Fact]
    public async Task A_queued_attachment_arrives_with_its_name_type_and_content()
    {
        var email = SmtpInbox.NewAddress("attach");
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var pdfLike = Enumerable.Range(0, 3000).Select(i => (byte)(i % 251)).ToArray();
        await app.WithDbAsync(async db =>
        {
            db.Outbox.Add(new OutboxEmail
            {
                Key = $"test-attachment:{Guid.NewGuid():N}",
                ToAddress = email,
                Subject = "Two files",
                TextBody = "See attached.",
                CreatedAt = now,
                NextAttemptAt = now,
                Attachments =
                [
                    new() { FileName = "meeting.ics", ContentType = "text/calendar; charset=utf-8; method=PUBLISH", Content = Encoding.UTF8.GetBytes("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n") },
                    new() { FileName = "minutes.bin", ContentType = "application/octet-stream", Content = pdfLike },
                ],
            });
            await db.SaveChangesAsync();
        });

        var mail = Assert.Single(await SmtpInbox.WaitForAsync(email, 1, app));
        Assert.Equal("See attached.", mail.TextBody.Trim());
        var parts = mail.Message.Attachments.OfType<MimePart>().ToList();
        Assert.Equal(["meeting.ics", "minutes.bin"], parts.Select(p => p.FileName));
        Assert.Equal("text/calendar", parts[0].ContentType.MimeType);
        Assert.Equal("PUBLISH", parts[0].ContentType.Parameters["method"]);
        Assert.Equal("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", Encoding.UTF8.GetString(await DecodeAsync(parts[0])));
        Assert.Equal(pdfLike, await DecodeAsync(parts[1]));
    }

    private static async Task<byte[]> DecodeAsync(MimePart part)
    {
        using var stream = new MemoryStream();
        await part.Content!.DecodeToAsync(stream);
        return stream.ToArray();
    }
}
