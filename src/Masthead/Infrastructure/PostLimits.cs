using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Masthead.Infrastructure;

/// <summary>
/// How often one network address may post a public form (sign, register, start a checkout, ask for a sign-in
/// link): a fixed window per address, per instance. Reading the same pages is never limited. A refusal is a 429,
/// shown as the site's error page ("Too many tries for now").
/// </summary>
public static class PostLimits
{
    /// <param name="policy">The name pages and endpoints give to <c>[EnableRateLimiting]</c> or <c>RequireRateLimiting</c>.</param>
    /// <param name="limit">Posts allowed per window, read from the feature's options when a window opens.</param>
    public static IServiceCollection AddPostsPerAddress(this IServiceCollection services, string policy,
        Func<IServiceProvider, (int Permits, TimeSpan Window)> limit) =>
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(policy, http =>
            {
                if (!HttpMethods.IsPost(http.Request.Method)) return RateLimitPartition.GetNoLimiter("reads");
                return RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ =>
                {
                    var (permits, window) = limit(http.RequestServices);
                    return new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window };
                });
            });
        });
}
