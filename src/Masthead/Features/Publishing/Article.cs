using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Masthead.Features.Publishing;

public enum ArticleStatus
{
    Draft = 0,
    Scheduled = 1,
    Published = 2,
}

public sealed class Article
{
    public const int TitleMax = 200;
    public const int StandfirstMax = 600;
    public const int BodyMax = 200_000;
    public const int SlugMax = 120;
    public const int TagsMax = 400;

    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string Title { get; set; }
    public string Standfirst { get; set; } = "";
    /// <summary>The article as the editor wrote it (Markdown).</summary>
    public string Body { get; set; } = "";
    /// <summary>Sanitised HTML rendered from <see cref="Body"/> when it is saved, so readers never pay for Markdown.</summary>
    public string BodyHtml { get; set; } = "";
    /// <summary>Plain text of the body, indexed by full-text search.</summary>
    public string BodyText { get; set; } = "";
    public string Tags { get; set; } = "";
    public ArticleStatus Status { get; set; }
    /// <summary>When a scheduled article goes out (UTC).</summary>
    public DateTime? PublishAt { get; set; }
    /// <summary>Publication time shown to readers (UTC).</summary>
    public DateTime? PublishedAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public int AuthorId { get; set; }
    public Author Author { get; set; } = null!;
    public int SectionId { get; set; }
    public Section Section { get; set; } = null!;

    public IEnumerable<string> TagList =>
        Tags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The moment from which readers may see it.</summary>
    public bool IsLive(DateTime utcNow) => Status == ArticleStatus.Published && PublishedAt <= utcNow;

    internal sealed class Configuration : IEntityTypeConfiguration<Article>
    {
        public void Configure(EntityTypeBuilder<Article> b)
        {
            b.HasIndex(a => a.Slug).IsUnique();
            b.HasIndex(a => new { a.Status, a.PublishedAt });
            b.HasIndex(a => new { a.Status, a.PublishAt });
            b.Property(a => a.Slug).HasMaxLength(SlugMax);
            b.Property(a => a.Title).HasMaxLength(TitleMax);
            b.Property(a => a.Standfirst).HasMaxLength(StandfirstMax);
            b.Property(a => a.Tags).HasMaxLength(TagsMax);
            b.HasOne(a => a.Author).WithMany().OnDelete(DeleteBehavior.Restrict);
            b.HasOne(a => a.Section).WithMany().OnDelete(DeleteBehavior.Restrict);
        }
    }
}
