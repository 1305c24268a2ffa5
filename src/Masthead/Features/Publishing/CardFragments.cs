using Masthead.Infrastructure;

namespace Masthead.Features.Publishing;

/// <summary>
/// A card standing in an article for a link to one of the site's pages, as a live fragment ("card:{path}"): a
/// statement's card shows its count, an event's what to do now, so the article is cached once and its cards move
/// on their own. A card is rendered again when its feature says it changed (<see cref="LiveFragments.Invalidate"/>),
/// when its <see cref="ArticleCard.ChangesAt"/> passes (an event starts or ends), or when content changes.
/// </summary>
public sealed class CardFragments(IServiceScopeFactory scopes, FragmentRenderer renderer) : ILiveFragmentSource
{
    public static string Key(string path) => "card:" + path;

    public string Prefix => "card";

    public async Task<LiveFragment> RenderAsync(string path, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        foreach (var source in scope.ServiceProvider.GetServices<IArticleCardSource>())
        {
            if (await source.FindAsync(path, ct) is not { } card) continue;
            var html = await renderer.RenderAsync<ArticleCardView>(new Dictionary<string, object?> { [nameof(ArticleCardView.Card)] = card });
            return new LiveFragment(html, card.ChangesAt);
        }
        return LiveFragment.Empty;
    }
}
