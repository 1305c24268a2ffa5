using System.ComponentModel.DataAnnotations;

namespace Masthead.Features.Campaigns;

/// <summary>Statements' settings, bound from the <c>Campaigns</c> configuration section.</summary>
public sealed class CampaignOptions
{
    public const string SectionName = "Campaigns";

    /// <summary>Days a signature may wait for its confirmation before it lapses and is deleted.</summary>
    [Range(1, 365)]
    public int UnconfirmedLapseDays { get; set; } = 7;

    /// <summary>Sign-form submissions one network address may make per <see cref="RateWindow"/> (a rally on one wifi is many people).</summary>
    [Range(1, 1_000_000)]
    public int SignsPerAddress { get; set; } = 60;

    /// <summary>Sign-form submissions with one email address per <see cref="RateWindow"/>: each may send a confirmation email.</summary>
    [Range(1, 1_000_000)]
    public int SignsPerEmail { get; set; } = 3;

    public TimeSpan RateWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often each instance deletes lapsed signatures and looks for counts changed by other instances.</summary>
    public TimeSpan LiveInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Public signatories listed on the statement page.</summary>
    [Range(0, 200)]
    public int RecentSignatories { get; set; } = 12;
}
