using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Masthead.Infrastructure.Email;

/// <summary>
/// An email waiting to be sent, written in the same transaction as what caused it, so a crash between
/// the two loses nothing; the unique key stops the same email being queued twice.
/// </summary>
public sealed class OutboxEmail
{
    public long Id { get; set; }
    public required string Key { get; set; }
    public required string ToAddress { get; set; }
    public string? ToName { get; set; }
    public required string Subject { get; set; }
    public required string TextBody { get; set; }
    public string? HtmlBody { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public int Attempts { get; set; }
    public DateTime? LockedUntil { get; set; }
    public string? LockedBy { get; set; }
    public DateTime? SentAt { get; set; }
    public string? LastError { get; set; }
    /// <summary>Files sent with the message (a calendar entry, say), written in the same transaction as the message.</summary>
    public List<OutboxAttachment> Attachments { get; set; } = [];

    private const string InsertColumns = """
        INSERT INTO "Outbox" ("Key", "ToAddress", "ToName", "Subject", "TextBody", "HtmlBody", "CreatedAt", "NextAttemptAt", "Attempts")
        """;

    private const string InsertValues = "@key, @to, @toName, @subject, @text, @html, @createdAt, @nextAttemptAt, 0";

    /// <summary>
    /// Queues a message without attachments by plain SQL, for writes that run hundreds of times a second
    /// (see <see cref="Masthead.Data.Sql"/>); with the parameters from <see cref="SqlValues"/>. EF Core does not see
    /// it, so the writer wakes this instance's sender once it commits (<see cref="OutboxQueued"/> does that for EF's saves).
    /// </summary>
    public const string InsertSql = InsertColumns + " VALUES (" + InsertValues + ");\n";

    /// <summary>As <see cref="InsertSql"/>, but the message is queued only when <paramref name="condition"/> (SQL) holds.</summary>
    public static string InsertSqlWhen(string condition) => $"{InsertColumns} SELECT {InsertValues} WHERE {condition};\n";

    /// <summary>The values <see cref="InsertSql"/> binds.</summary>
    public (string Name, object? Value)[] SqlValues()
    {
        if (Attachments.Count > 0) throw new InvalidOperationException("InsertSql does not write attachments; queue this email through EF Core.");
        return [("key", Key), ("to", ToAddress), ("toName", ToName), ("subject", Subject), ("text", TextBody), ("html", HtmlBody),
            ("createdAt", CreatedAt), ("nextAttemptAt", NextAttemptAt)];
    }

    internal sealed class Configuration : IEntityTypeConfiguration<OutboxEmail>
    {
        public void Configure(EntityTypeBuilder<OutboxEmail> b)
        {
            b.HasIndex(e => e.Key).IsUnique();
            b.HasIndex(e => new { e.SentAt, e.NextAttemptAt });
            b.Property(e => e.Key).HasMaxLength(200);
            b.Property(e => e.ToAddress).HasMaxLength(254);
            b.Property(e => e.ToName).HasMaxLength(200);
            b.Property(e => e.Subject).HasMaxLength(300);
            b.Property(e => e.LockedBy).HasMaxLength(100);
            b.Property(e => e.LastError).HasMaxLength(2000);
        }
    }
}

/// <summary>A file attached to an <see cref="OutboxEmail"/>.</summary>
public sealed class OutboxAttachment
{
    /// <summary>Mail servers commonly refuse messages over 10–25 MB; attachments here are small documents.</summary>
    public const int MaxBytes = 1024 * 1024;

    public long Id { get; set; }
    public long OutboxEmailId { get; set; }
    public required string FileName { get; set; }
    /// <summary>A MIME type with its parameters, e.g. <c>text/calendar; charset=utf-8; method=PUBLISH</c>.</summary>
    public required string ContentType { get; set; }
    public required byte[] Content { get; set; }

    internal sealed class Configuration : IEntityTypeConfiguration<OutboxAttachment>
    {
        public void Configure(EntityTypeBuilder<OutboxAttachment> b)
        {
            b.ToTable("OutboxAttachments");
            b.HasOne<OutboxEmail>().WithMany(e => e.Attachments).HasForeignKey(a => a.OutboxEmailId).OnDelete(DeleteBehavior.Cascade);
            b.Property(a => a.FileName).HasMaxLength(200);
            b.Property(a => a.ContentType).HasMaxLength(200);
        }
    }
}
