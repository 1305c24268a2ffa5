namespace Masthead.Features.Readers;

public sealed class ReaderOptions
{
    public const string SectionName = "Readers";

    /// <summary>How long an emailed sign-in link works.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>At most this many links are sent to one address in an hour, however often it is asked for.</summary>
    public int LinksPerHour { get; set; } = 5;

    /// <summary>Sign-in forms one network address may post in ten minutes (asking for links and using them).</summary>
    public int SignInPostsPerTenMinutes { get; set; } = 20;

    /// <summary>How long a reader stays signed in without coming back.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(14);
}
