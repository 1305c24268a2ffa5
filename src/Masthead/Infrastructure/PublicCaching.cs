using System.Security.Cryptography;
using Masthead.Features.Publishing;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Net.Http.Headers;

namespace Masthead.Infrastructure;

/// <summary>
/// Public pages are rendered once into the output cache and served from memory until what they show
/// changes (<see cref="PublicPages.ChangedAsync"/>). They carry a strong ETag computed from their bytes
/// and "no-cache" so a CDN or browser may keep them but must revalidate: a 304 costs us almost nothing.
/// </summary>
public static class PublicCaching
{
    public static IServiceCollection AddPublicCaching(this IServiceCollection services) =>
        services.AddOutputCache(options =>
        {
            options.AddPolicy(PublicPages.CachePolicy, policy => policy
                .Expire(TimeSpan.FromMinutes(10))
                .SetVaryByQuery("page")
                .Tag(PublicPages.CacheTag));
        });

    /// <summary>Place after UseOutputCache: it runs only when a page is rendered, and the cache keeps its headers.</summary>
    public static IApplicationBuilder UsePublicPageHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var endpoint = context.GetEndpoint();
            var cacheable = endpoint?.Metadata.GetMetadata<OutputCacheAttribute>() is not null
                || endpoint?.Metadata.GetMetadata<IOutputCachePolicy>() is not null;
            var isRead = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);
            if (!cacheable || !isRead || context.User.Identity?.IsAuthenticated == true)
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
