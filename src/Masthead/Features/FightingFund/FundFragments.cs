using Masthead.Infrastructure;

namespace Masthead.Features.FightingFund;

/// <summary>
/// The widget as a live fragment of every public page ("fund:widget", and "fund:embed" for the embed, which offers
/// a way to give even when no period is open). It is rendered again only when the figures change, once per instance.
/// </summary>
public sealed class FundFragments(FundLive live, FragmentRenderer renderer) : ILiveFragmentSource
{
    public const string Widget = "fund:widget";
    public const string Embed = "fund:embed";

    public string Prefix => "fund";

    public async ValueTask<long> VersionAsync(string name, CancellationToken ct)
    {
        // Catches up first if money has moved since the figures were computed: no reader sees a total older than the last commit.
        await live.GetAsync(ct);
        return live.Generation;
    }

    public async Task<LiveFragment> RenderAsync(string name, CancellationToken ct) =>
        new(await renderer.RenderAsync<FundWidget>(new Dictionary<string, object?>
        {
            [nameof(FundWidget.Snapshot)] = live.Current,
            [nameof(FundWidget.Embedded)] = name == "embed",
        }));
}
