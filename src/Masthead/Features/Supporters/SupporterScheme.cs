using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Masthead.Features.Supporters;

/// <summary>
/// A way of supporting the paper every month, set by staff: a fixed monthly amount, or — when
/// <see cref="OpenAmount"/> — any amount the reader chooses from <see cref="MonthlyPence"/> up.
/// </summary>
public sealed class SupporterScheme
{
    public const int NameMax = 100;

    public int Id { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }

    /// <summary>The monthly amount in pence; the minimum when the amount is open.</summary>
    public long MonthlyPence { get; set; }
    public bool OpenAmount { get; set; }
    public string Currency { get; set; } = "GBP";

    /// <summary>Whether supporters' payments count toward the fighting fund (default yes).</summary>
    public bool CountsTowardFund { get; set; } = true;

    /// <summary>Shown on the "Become a supporter" page. A scheme no longer offered keeps its supporters.</summary>
    public bool Offered { get; set; } = true;
    public int Position { get; set; }

    internal sealed class Configuration : IEntityTypeConfiguration<SupporterScheme>
    {
        public void Configure(EntityTypeBuilder<SupporterScheme> b)
        {
            b.HasIndex(s => s.Name).IsUnique();
            b.Property(s => s.Name).HasMaxLength(NameMax);
            b.Property(s => s.Description).HasMaxLength(500);
            b.Property(s => s.Currency).HasMaxLength(3);
            b.Property(s => s.CountsTowardFund).HasDefaultValue(true);
        }
    }
}
