using Masthead.Data;
using Masthead.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Campaigns;

/// <summary>
/// A statement's count as a live fragment ("statement:{slug}") of its page and its embed, rendered again only when
/// <see cref="StatementLive"/> says the count moved.
/// </summary>
public sealed class StatementFragments(IServiceScopeFactory scopes, FragmentRenderer renderer) : ILiveFragmentSource
{
    public static string Key(string slug) => "statement:" + slug;

    public string Prefix => "statement";

    public async Task<LiveFragment> RenderAsync(string slug, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var statement = await scope.ServiceProvider.GetRequiredService<MastheadDb>().Statements.AsNoTracking()
            .FirstOrDefaultAsync(s => s.Slug == slug && s.Status != StatementStatus.Draft, ct);
        if (statement is null) return LiveFragment.Empty;
        return new LiveFragment(await renderer.RenderAsync<StatementCount>(new Dictionary<string, object?>
        {
            [nameof(StatementCount.Figures)] = StatementFigures.Of(statement),
        }));
    }
}
