using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Masthead.Features.Publishing;

public sealed class Section
{
    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    /// <summary>Order in the navigation bar and on the home page.</summary>
    public int Position { get; set; }

    internal sealed class Configuration : IEntityTypeConfiguration<Section>
    {
        public void Configure(EntityTypeBuilder<Section> b)
        {
            b.HasIndex(s => s.Slug).IsUnique();
            b.Property(s => s.Slug).HasMaxLength(Article.SlugMax);
            b.Property(s => s.Name).HasMaxLength(80);
        }
    }
}
