using System.Buffers;
using System.Security.Cryptography;
using Masthead.Features.Publishing;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.IO;
using Microsoft.Net.Http.Headers;

namespace Masthead.Infrastructure;

/// <summary>
/// Public pages are rendered once into the output cache and served from memory until what they show
/// changes (<see cref="PublicPages.ChangedAsync"/>). They carry a strong ETag computed from their bytes
/// and "no-cache" so a CDN or browser may keep them but must revalidate: a 304 costs us almost nothing.
/// </summary>
public static class PublicCaching
{
    public static IServiceCollection AddPublicCaching(this IServiceCollection services) => services
        // Pages are buffered while their fragments are spliced in; the pool keeps at most a few megabytes when idle.
        .AddSingleton(new RecyclableMemoryStreamManager(new RecyclableMemoryStreamManager.Options
        {
            BlockSize = 32 * 1024,
            MaximumSmallPoolFreeBytes = 4 * 1024 * 1024,
            MaximumLargePoolFreeBytes = 4 * 1024 * 1024,
        }))
        .AddSingleton<LiveFragments>()
        .AddSingleton<FragmentRenderer>()
        .AddOutputCache(options =>
        {
            options.AddPolicy(PublicPages.CachePolicy, policy => policy
                .Expire(TimeSpan.FromMinutes(10))
                .SetVaryByQuery("page")
                .Tag(PublicPages.CacheTag));
        });

    /// <summary>An anonymous read of a page cached for everyone: the requests the output cache answers.</summary>
    private static bool IsPublicPageRead(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        var cacheable = endpoint?.Metadata.GetMetadata<OutputCacheAttribute>() is not null
            || endpoint?.Metadata.GetMetadata<IOutputCachePolicy>() is not null;
        var isRead = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);
        return cacheable && isRead && context.User.Identity?.IsAuthenticated != true;
    }

    /// <summary>
    /// Place before UseOutputCache: every public page, from the cache or just rendered, has its live fragments
    /// spliced in (<see cref="LiveFragments"/>), and its ETag becomes the content's ETag joined to the fragments'
    /// tag, so a browser or CDN revalidating gets a 304 until either moves.
    /// </summary>
    public static IApplicationBuilder UseLivePages(this IApplicationBuilder app)
    {
        var streams = app.ApplicationServices.GetRequiredService<RecyclableMemoryStreamManager>();
        var fragments = app.ApplicationServices.GetRequiredService<LiveFragments>();
        return app.Use(async (context, next) =>
        {
            if (!IsPublicPageRead(context))
            {
                await next(context);
                return;
            }
            context.Features.Set(new LiveFragments.LivePage());
            var original = context.Response.Body;
            await using var buffer = streams.GetStream("live-page");
            context.Response.Body = buffer;
            try
            {
                await next(context);
            }
            finally
            {
                context.Response.Body = original;
            }

            var page = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
            var spliced = context.Response.StatusCode == StatusCodes.Status200OK
                ? await fragments.SpliceAsync(page, context.RequestAborted)
                : null;
            if (spliced is null)
            {
                context.Response.ContentLength = page.Length;
                await context.Response.BodyWriter.WriteAsync(page, context.RequestAborted);
                return;
            }
            if (context.Response.Headers.ETag.ToString() is { Length: > 2 } content && content.EndsWith('"'))
            {
                var etag = $"{content[..^1]}.{spliced.Tag}\"";
                context.Response.Headers.ETag = etag;
                if (context.Request.Headers.IfNoneMatch.ToString() == etag)
                {
                    context.Response.StatusCode = StatusCodes.Status304NotModified;
                    context.Response.ContentLength = null;
                    return;
                }
            }
            context.Response.ContentLength = spliced.Length;
            foreach (var part in spliced.Parts) context.Response.BodyWriter.Write(part.Span);
            await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
        });
    }

    /// <summary>
    /// Place after UseOutputCache: it runs only when a page is rendered, and the cache keeps its headers: the ETag
    /// of the page's own bytes (with its markers, not its fragments) and "no-cache".
    /// </summary>
    public static IApplicationBuilder UsePublicPageHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (!IsPublicPageRead(context))
            {
                await next(context);
                return;
            }

            var original = context.Response.Body;
            using var buffer = new MemoryStream();
            context.Response.Body = buffer;
            try
            {
                await next(context);
            }
            finally
            {
                context.Response.Body = original;
            }

            if (context.Response.StatusCode == StatusCodes.Status200OK)
            {
                var etag = $"\"{Convert.ToBase64String(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)))[..22]}\"";
                context.Response.Headers.ETag = etag;
                context.Response.Headers.CacheControl = "public, no-cache";
                if (context.Request.Headers.IfNoneMatch.ToString() == etag)
                {
                    context.Response.StatusCode = StatusCodes.Status304NotModified;
                    return;
                }
            }
            context.Response.ContentLength = buffer.Length;
            buffer.Position = 0;
            await buffer.CopyToAsync(original, context.RequestAborted);
        });
}
