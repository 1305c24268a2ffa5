using System.ComponentModel.DataAnnotations;

namespace Masthead.Features.Membership;

/// <summary>The society's settings (<c>Membership__…</c>): its name, the value of a share and the limits on holdings.</summary>
public sealed class MembershipOptions
{
    public const string SectionName = "Membership";

    [Required, MaxLength(200)]
    public string SocietyName { get; set; } = "The Daily Masthead Readers' Co-operative Society";

    /// <summary>The nominal value of one share, paid in full on allotment.</summary>
    [Range(1, 100_000)]
    public long ShareValuePence { get; set; } = 100;

    /// <summary>The fewest shares a new member buys.</summary>
    [Range(1, 1_000_000)]
    public long MinimumFirstShares { get; set; } = 10;

    /// <summary>
    /// The most withdrawable share capital one member may hold (Co-operative and Community Benefit Societies
    /// Act 2014, s.24: £100,000). A member that is itself a registered society is exempt.
    /// </summary>
    [Range(1, 100_000_000)]
    public long CapPounds { get; set; } = 100_000;

    /// <summary>Whether the society's rules allow shares to be transferred between members.</summary>
    public bool AllowTransfers { get; set; }

    public string Currency { get; set; } = "GBP";

    public long CapPence => CapPounds * 100;

    /// <summary>The most shares one (non-society) member may hold.</summary>
    public long MaxShares => CapPence / ShareValuePence;
}
