using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Html;

namespace Masthead.Infrastructure;

/// <summary>
/// Where a fragment of a public page comes from: the fighting-fund widget, a statement's count, a card in an
/// article. A feature registers one per kind of fragment, under a prefix ("fund", "statement", "card").
/// </summary>
public interface ILiveFragmentSource
{
    /// <summary>The part of a fragment's key before the first colon: "fund" in "fund:widget".</summary>
    string Prefix { get; }

    /// <summary>
    /// The current version of what the fragment shows, asked on every page served, so it must be cheap. A fragment
    /// is rendered again when its version moves. Sources that say when they change (<see cref="LiveFragments.Invalidate"/>)
    /// keep the default.
    /// </summary>
    ValueTask<long> VersionAsync(string name, CancellationToken ct) => ValueTask.FromResult(0L);

    /// <summary>The fragment's HTML now. <paramref name="name"/> is the key after the prefix and its colon.</summary>
    Task<LiveFragment> RenderAsync(string name, CancellationToken ct);
}

/// <param name="Html">The fragment's markup, or empty when there is nothing to show.</param>
/// <param name="ValidUntil">When what it shows changes by itself (an event starts): it is rendered again from then.</param>
public sealed record LiveFragment(string Html, DateTimeOffset? ValidUntil = null)
{
    public static readonly LiveFragment Empty = new("");
}

/// <summary>
/// Donut caching. A public page is cached without the figures that move faster than its content: in their place
/// it holds a marker (<c>&lt;!--live:fund:widget--&gt;</c>), and each time the page is served, from the cache or
/// freshly rendered, the markers are replaced by the fragments as they are now. A gift thus re-renders one small
/// fragment on each instance, never a page, and the cached pages stay warm through an appeal.
/// </summary>
/// <remarks>
/// Fragments are rendered by Razor components (<see cref="HtmlRenderer"/>), so the widget's markup lives in one
/// place whether it is spliced into a cached page or written into a page that is not cached.
/// </remarks>
public sealed class LiveFragments(IEnumerable<ILiveFragmentSource> sources, TimeProvider time, ILogger<LiveFragments> log)
{
    private const string Open = "<!--live:";
    private const string Close = "-->";
    private static readonly byte[] OpenBytes = Encoding.ASCII.GetBytes(Open);
    private static readonly byte[] CloseBytes = Encoding.ASCII.GetBytes(Close);

    private readonly Dictionary<string, ILiveFragmentSource> _sources = sources.ToDictionary(s => s.Prefix, StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _epoch;

    /// <summary>One rendered fragment: its bytes, a hash of them for the page's ETag, and what it was rendered for.</summary>
    private sealed record Entry(long Version, long Epoch, byte[] Html, ulong Hash, DateTimeOffset? ValidUntil);

    /// <summary>Marks a request whose page is cached for everyone: its fragments are written as markers.</summary>
    public sealed class LivePage;

    public static bool IsLivePage(HttpContext http) => http.Features.Get<LivePage>() is not null;

    /// <summary>
    /// What a view writes where the fragment goes: the marker on a page cached for everyone, the fragment itself
    /// on any other page (a signed-in editor's view, a form answered with its errors).
    /// </summary>
    public async Task<IHtmlContent> PlaceAsync(HttpContext http, string key)
    {
        if (IsLivePage(http) && IsMarkable(key)) return new HtmlString(Open + key + Close);
        var entry = await GetAsync(key, http.RequestAborted);
        return new HtmlString(Encoding.UTF8.GetString(entry.Html));
    }

    /// <summary>A key that can stand in a marker: printable ASCII that cannot end the comment early.</summary>
    private static bool IsMarkable(string key) =>
        key.Length is > 0 and <= MaxKeyLength && !key.Contains("--", StringComparison.Ordinal) && key.All(c => c is > ' ' and < '\x7f' and not '>');

    /// <summary>Renders the fragment again the next time a page needs it.</summary>
    public void Invalidate(string key) => _entries.TryRemove(key, out _);

    /// <summary>Renders every fragment again: the content they draw on (a title, a date) has changed.</summary>
    public void Clear()
    {
        Interlocked.Increment(ref _epoch);
        _entries.Clear();
    }

    private async ValueTask<Entry> GetAsync(string key, CancellationToken ct)
    {
        var colon = key.IndexOf(':');
        var prefix = colon < 0 ? key : key[..colon];
        var name = colon < 0 ? "" : key[(colon + 1)..];
        if (!_sources.TryGetValue(prefix, out var source))
        {
            log.LogWarning("No source for the live fragment {Key}", key);
            return new Entry(0, 0, [], 0, null);
        }
        var version = await source.VersionAsync(name, ct);
        var epoch = Interlocked.Read(ref _epoch);
        if (_entries.TryGetValue(key, out var entry) && entry.Version == version && entry.Epoch == epoch
            && (entry.ValidUntil is not { } until || time.GetUtcNow() < until))
            return entry;

        var fragment = await source.RenderAsync(name, ct);
        var html = Encoding.UTF8.GetBytes(fragment.Html);
        entry = new Entry(version, epoch, html, BitConverter.ToUInt64(SHA256.HashData(html)), fragment.ValidUntil);
        // Stored only if nothing cleared the fragments meanwhile; a newer render of the same key may win, which is fine.
        if (Interlocked.Read(ref _epoch) == epoch) _entries[key] = entry;
        return entry;
    }

    /// <summary>
    /// The page with each marker replaced by its fragment as it is now, as the runs of bytes to write one after the
    /// other, or null when the page has no marker. Its tag names the fragments' versions: the same fragments give the
    /// same tag on every instance, so it can join the page's ETag.
    /// </summary>
    public async Task<SplicedPage?> SpliceAsync(ReadOnlyMemory<byte> page, CancellationToken ct)
    {
        List<ReadOnlyMemory<byte>>? parts = null;
        ulong combined = 17;
        long length = 0;
        while (true)
        {
            var at = page.Span.IndexOf(OpenBytes);
            if (at < 0) break;
            var rest = page.Span[(at + OpenBytes.Length)..];
            var end = rest.IndexOf(CloseBytes);
            if (end < 0 || end > MaxKeyLength) break;
            var key = Encoding.ASCII.GetString(rest[..end]);
            var entry = await GetAsync(key, ct);
            parts ??= [];
            parts.Add(page[..at]);
            parts.Add(entry.Html);
            length += at + entry.Html.Length;
            combined = unchecked((combined * 31) + entry.Hash);
            page = page[(at + OpenBytes.Length + end + CloseBytes.Length)..];
        }
        if (parts is null) return null;
        parts.Add(page);
        length += page.Length;
        return new SplicedPage(parts, length, Convert.ToHexStringLower(BitConverter.GetBytes(combined)));
    }

    private const int MaxKeyLength = 200;

    public sealed record SplicedPage(IReadOnlyList<ReadOnlyMemory<byte>> Parts, long Length, string Tag);
}

/// <summary>Renders a Razor component to HTML outside any request, for a live fragment.</summary>
/// <remarks>The renderer lives in a scope of its own for the life of the application: components need scoped services.</remarks>
public sealed class FragmentRenderer(IServiceScopeFactory scopes, ILoggerFactory logs) : IAsyncDisposable
{
    private readonly AsyncServiceScope _scope = scopes.CreateAsyncScope();
    private HtmlRenderer? _created;

    private HtmlRenderer _renderer => _created ??= new HtmlRenderer(_scope.ServiceProvider, logs);

    public Task<string> RenderAsync<TComponent>(IDictionary<string, object?> parameters) where TComponent : IComponent =>
        _renderer.Dispatcher.InvokeAsync(async () =>
            (await _renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters))).ToHtmlString());

    public async ValueTask DisposeAsync()
    {
        if (_created is not null) await _created.DisposeAsync();
        await _scope.DisposeAsync();
    }
}
