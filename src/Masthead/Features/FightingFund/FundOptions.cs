using System.ComponentModel.DataAnnotations;

namespace Masthead.Features.FightingFund;

/// <summary>The fighting fund's settings, bound from the <c>Fund</c> configuration section.</summary>
public sealed class FundOptions
{
    public const string SectionName = "Fund";

    /// <summary>Target of each month's automatically opened period, in whole pounds.</summary>
    [Range(1, 100_000_000)]
    public long DefaultTargetPounds { get; set; } = 18_000;

    [Required, StringLength(3, MinimumLength = 3)]
    public string Currency { get; set; } = "GBP";

    [Range(1, 1_000_000)]
    public long MinimumDonationPounds { get; set; } = 1;

    [Range(1, 10_000_000)]
    public long MaximumDonationPounds { get; set; } = 10_000;

    /// <summary>The amounts offered as buttons on the donate page, in pounds.</summary>
    public long[] SuggestedPounds { get; set; } = [5, 10, 25, 50, 100];

    /// <summary>How often each instance looks for money recorded by another instance.</summary>
    public TimeSpan LiveInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}
