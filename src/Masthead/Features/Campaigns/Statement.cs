using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Masthead.Features.Campaigns;

public enum StatementStatus
{
    /// <summary>Being written: not on the site.</summary>
    Draft = 0,
    /// <summary>On the site and taking signatures.</summary>
    Open = 1,
    /// <summary>On the site with its count, no longer taking signatures.</summary>
    Closed = 2,
}

/// <summary>A statement (petition) readers sign: its text, who it is addressed to, and its counts.</summary>
public sealed class Statement
{
    public const int TitleMax = 200;
    public const int SlugMax = 120;
    public const int AddresseeMax = 300;
    public const int TextMax = 50_000;
    public const int DeliveredToMax = 300;
    public const int MaxTarget = 100_000_000;

    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string Title { get; set; }
    /// <summary>Who the statement is addressed to: "To the Secretary of State for Transport".</summary>
    public string Addressee { get; set; } = "";
    /// <summary>The statement as the campaign wrote it (Markdown).</summary>
    public string Text { get; set; } = "";
    /// <summary>Sanitised HTML rendered from <see cref="Text"/> when it is saved.</summary>
    public string TextHtml { get; set; } = "";
    public int? Target { get; set; }
    public StatementStatus Status { get; set; }

    /// <summary>
    /// Confirmed online signatures. Kept by database triggers on the signatures table (migration
    /// <c>StatementsCount</c>), in the same transaction as the confirmation or withdrawal, so no code path can
    /// forget it and concurrent confirmations never lose an increment.
    /// </summary>
    public int SignedCount { get; set; }
    /// <summary>Signatures collected on paper: the sum of the paper batches.</summary>
    public int PaperCount { get; set; }
    /// <summary>Bumped on every change a reader could see (by the triggers too), so other instances notice.</summary>
    public long Revision { get; set; }

    public DateOnly? DeliveredOn { get; set; }
    public string? DeliveredTo { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? OpenedAt { get; set; }

    public int Total => SignedCount + PaperCount;
    public bool IsPublic => Status != StatementStatus.Draft;
    public string Path => PathOf(Slug);

    public static string PathOf(string slug) => $"/statements/{slug}";

    internal sealed class Configuration : IEntityTypeConfiguration<Statement>
    {
        public void Configure(EntityTypeBuilder<Statement> b)
        {
            b.HasIndex(s => s.Slug).IsUnique();
            b.Property(s => s.Slug).HasMaxLength(SlugMax);
            b.Property(s => s.Title).HasMaxLength(TitleMax);
            b.Property(s => s.Addressee).HasMaxLength(AddresseeMax);
            b.Property(s => s.DeliveredTo).HasMaxLength(DeliveredToMax);
        }
    }
}

/// <summary>Signatures collected on paper and counted by hand: "+80 from the Leeds rally".</summary>
public sealed class PaperBatch
{
    public const int NoteMax = 300;
    public const int MaxCount = 1_000_000;

    public int Id { get; set; }
    public int StatementId { get; set; }
    public int Count { get; set; }
    public required string Note { get; set; }
    public required string AddedBy { get; set; }
    public DateTime AddedAt { get; set; }

    internal sealed class Configuration : IEntityTypeConfiguration<PaperBatch>
    {
        public void Configure(EntityTypeBuilder<PaperBatch> b)
        {
            b.HasIndex(p => p.StatementId);
            b.Property(p => p.Note).HasMaxLength(NoteMax);
            b.Property(p => p.AddedBy).HasMaxLength(256);
            b.HasOne<Statement>().WithMany().HasForeignKey(p => p.StatementId).OnDelete(DeleteBehavior.Cascade);
        }
    }
}
