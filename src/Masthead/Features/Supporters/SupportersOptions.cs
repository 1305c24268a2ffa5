namespace Masthead.Features.Supporters;

/// <summary>Settings of monthly support (<c>Supporters__…</c>).</summary>
public sealed class SupportersOptions
{
    public const string SectionName = "Supporters";

    /// <summary>The most a reader can pledge a month online; bigger pledges are a conversation, not a form.</summary>
    public long MaximumMonthlyPounds { get; set; } = 1_000;

    public long MaximumMonthlyPence => MaximumMonthlyPounds * 100;
}
