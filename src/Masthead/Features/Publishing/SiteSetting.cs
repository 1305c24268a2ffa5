using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Masthead.Features.Publishing;

/// <summary>A named piece of site text that staff can change without a deploy (the co-operative's blurb…).</summary>
public sealed class SiteSetting
{
    public required string Key { get; set; }
    public string Value { get; set; } = "";

    internal sealed class Configuration : IEntityTypeConfiguration<SiteSetting>
    {
        public void Configure(EntityTypeBuilder<SiteSetting> b)
        {
            b.HasKey(s => s.Key);
            b.Property(s => s.Key).HasMaxLength(80);
            b.Property(s => s.Value).HasMaxLength(4000);
        }
    }
}
