using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Masthead.Features.Publishing;

public sealed class Author
{
    public const int NameMax = 120;
    public const int BioMax = 4000;

    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    /// <summary>First name used in "Follow … at": defaults to the first word of the name.</summary>
    public string? ShortName { get; set; }
    public string Bio { get; set; } = "";
    public string? PhotoUrl { get; set; }
    public List<AuthorLink> Links { get; set; } = [];

    public string FollowName => string.IsNullOrWhiteSpace(ShortName) ? Name.Split(' ')[0] : ShortName;

    internal sealed class Configuration : IEntityTypeConfiguration<Author>
    {
        public void Configure(EntityTypeBuilder<Author> b)
        {
            b.HasIndex(a => a.Slug).IsUnique();
            b.Property(a => a.Slug).HasMaxLength(Article.SlugMax);
            b.Property(a => a.Name).HasMaxLength(NameMax);
            b.Property(a => a.ShortName).HasMaxLength(NameMax);
            b.Property(a => a.Bio).HasMaxLength(BioMax);
            b.Property(a => a.PhotoUrl).HasMaxLength(500);
            b.HasMany(a => a.Links).WithOne().HasForeignKey(l => l.AuthorId).OnDelete(DeleteBehavior.Cascade);
        }
    }
}

/// <summary>One of an author's own places on the web ("Follow Ana at Mastodon").</summary>
public sealed class AuthorLink
{
    public int Id { get; set; }
    public int AuthorId { get; set; }
    public required string Label { get; set; }
    public required string Url { get; set; }
    public int Position { get; set; }

    internal sealed class Configuration : IEntityTypeConfiguration<AuthorLink>
    {
        public void Configure(EntityTypeBuilder<AuthorLink> b)
        {
            b.Property(l => l.Label).HasMaxLength(60);
            b.Property(l => l.Url).HasMaxLength(500);
        }
    }
}
