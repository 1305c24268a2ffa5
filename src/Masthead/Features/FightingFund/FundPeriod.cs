using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Masthead.Features.FightingFund;

/// <summary>
/// A stretch of days (end inclusive) with a target. Money counts toward the period whose dates hold its
/// fund date. A closed period stays in the history but is no longer shown as the current appeal.
/// </summary>
public sealed class FundPeriod
{
    public int Id { get; set; }
    public DateOnly Start { get; set; }
    public DateOnly End { get; set; }
    public long TargetPence { get; set; }
    public string Currency { get; set; } = "GBP";
    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime? ClosedAt { get; set; }
    public string? ClosedBy { get; set; }

    public bool IsOpen => ClosedAt is null;

    public bool Covers(DateOnly day) => Start <= day && day <= End;

    internal sealed class Configuration : IEntityTypeConfiguration<FundPeriod>
    {
        public void Configure(EntityTypeBuilder<FundPeriod> b)
        {
            // Two instances opening this month's period at once: the second insert fails instead of doubling it.
            b.HasIndex(p => p.Start).IsUnique();
            b.HasIndex(p => p.End);
            b.Property(p => p.Currency).HasMaxLength(3);
            b.Property(p => p.CreatedBy).HasMaxLength(256);
            b.Property(p => p.ClosedBy).HasMaxLength(256);
        }
    }
}
