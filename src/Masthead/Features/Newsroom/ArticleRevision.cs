using Masthead.Features.Publishing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Masthead.Features.Newsroom;

/// <summary>A snapshot of an article after one change, kept for ever: who changed it, when and how.</summary>
public sealed class ArticleRevision
{
    public long Id { get; set; }
    public int ArticleId { get; set; }
    public int Number { get; set; }
    public required string Action { get; set; }
    public required string ChangedBy { get; set; }
    public DateTime ChangedAt { get; set; }
    public required string Title { get; set; }
    public string Standfirst { get; set; } = "";
    public string Body { get; set; } = "";
    public ArticleStatus Status { get; set; }
    public DateTime? PublishAt { get; set; }

    internal sealed class Configuration : IEntityTypeConfiguration<ArticleRevision>
    {
        public void Configure(EntityTypeBuilder<ArticleRevision> b)
        {
            b.HasIndex(r => new { r.ArticleId, r.Number }).IsUnique();
            b.Property(r => r.Action).HasMaxLength(40);
            b.Property(r => r.ChangedBy).HasMaxLength(256);
            b.Property(r => r.Title).HasMaxLength(Article.TitleMax);
            b.Property(r => r.Standfirst).HasMaxLength(Article.StandfirstMax);
            b.HasOne<Article>().WithMany().HasForeignKey(r => r.ArticleId).OnDelete(DeleteBehavior.Cascade);
        }
    }
}
