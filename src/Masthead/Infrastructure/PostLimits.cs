using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Masthead.Infrastructure;

/// <summary>
/// How often one network address may post a public form (sign, register, start a checkout, ask for a sign-in
/// link): a fixed window per address. With Redis (<c>ConnectionStrings:Redis</c>) the posts are counted there, across
/// instances and deploys (<see cref="WindowLimits"/>); without it, per instance. Reading the same pages is never limited.
/// A refusal is a 429, shown as the site's error page ("Too many tries for now").
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
                var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                var shared = http.RequestServices.GetRequiredService<WindowLimits>();
                if (shared.IsShared)
                {
                    return RateLimitPartition.Get(address, _ =>
                    {
                        var (permits, window) = limit(http.RequestServices);
                        return new WindowLimits.Limiter(shared, "posts:" + policy, address, permits, window);
                    });
                }
                return RateLimitPartition.GetFixedWindowLimiter(address, _ =>
                {
                    var (permits, window) = limit(http.RequestServices);
                    return new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window };
                });
            });
        });
}
