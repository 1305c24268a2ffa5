using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Masthead.Features.Donations;

/// <summary>One money action by a person or a system: who, when, what and why. Append-only.</summary>
public sealed class MoneyAudit
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public required string By { get; set; }
    public required string Action { get; set; }
    public string? Reason { get; set; }
    public required string Details { get; set; }
    public long? LedgerEntryId { get; set; }
    public int? FundPeriodId { get; set; }

    internal sealed class Configuration : IEntityTypeConfiguration<MoneyAudit>
    {
        public void Configure(EntityTypeBuilder<MoneyAudit> b)
        {
            b.HasIndex(a => a.At);
            b.Property(a => a.By).HasMaxLength(256);
            b.Property(a => a.Action).HasMaxLength(80);
            b.Property(a => a.Reason).HasMaxLength(1000);
            b.Property(a => a.Details).HasMaxLength(2000);
        }
    }
}
