using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Masthead.Features.Donations;

/// <summary>
/// What a reader asked to give on the donate page, kept while they are at the hosted checkout. It is not
/// money: only the payment provider's signed event turns it into a <see cref="LedgerEntry"/>.
/// </summary>
public sealed class DonationIntent
{
    public Guid Id { get; set; }
    public required string Provider { get; set; }
    public string? ProviderSessionId { get; set; }
    public long AmountPence { get; set; }
    public string Currency { get; set; } = "GBP";
    public required string Name { get; set; }
    public required string Email { get; set; }
    public string? Town { get; set; }
    public ThankAs? ThankAs { get; set; }
    public bool ShowTown { get; set; }
    public DateTime CreatedAt { get; set; }

    internal sealed class Configuration : IEntityTypeConfiguration<DonationIntent>
    {
        public void Configure(EntityTypeBuilder<DonationIntent> b)
        {
            b.HasIndex(i => i.ProviderSessionId).IsUnique();
            b.Property(i => i.Provider).HasMaxLength(20);
            b.Property(i => i.ProviderSessionId).HasMaxLength(200);
            b.Property(i => i.Currency).HasMaxLength(3);
            b.Property(i => i.Name).HasMaxLength(LedgerEntry.NameMax);
            b.Property(i => i.Email).HasMaxLength(254);
            b.Property(i => i.Town).HasMaxLength(100);
        }
    }
}
