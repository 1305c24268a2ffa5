using Masthead.Infrastructure.Caching;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Masthead.Infrastructure.Redis;

public static class RedisSetup
{
    /// <summary>
    /// The page cache and the rate-limit counters: in this process, and also in Redis, shared by every instance, when
    /// <c>ConnectionStrings:Redis</c> is set. <see cref="PageCache"/> is the output cache's store either way, so callers
    /// may ask for it by name (to drop pages from this instance only).
    /// </summary>
    public static IHostApplicationBuilder AddRedis(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var connectionString = builder.Configuration.GetConnectionString("Redis");
        var configured = !string.IsNullOrWhiteSpace(connectionString);
        services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.SectionName)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Prefix) && o.Prefix.Length <= 100 && !o.Prefix.Any(char.IsWhiteSpace),
                "Redis:Prefix must be 1 to 100 characters without spaces (e.g. masthead:).")
            .Validate(_ => !configured || Parses(connectionString!),
                "ConnectionStrings:Redis is not a Redis connection string (e.g. redis.internal:6379,password=…).")
            .ValidateOnStart();
        services.AddSingleton<LocalPageStore>();
        if (configured)
        {
            services.AddSingleton<RedisLink>();
            services.AddHostedService<RedisWarmUp>();
        }
        services.AddSingleton(s => new PageCache(s.GetRequiredService<LocalPageStore>(), s.GetService<RedisLink>()));
        // Registered before AddOutputCache, whose own memory store is added only when no store is.
        services.Replace(ServiceDescriptor.Singleton<IOutputCacheStore>(s => s.GetRequiredService<PageCache>()));
        services.AddSingleton(s => new WindowLimits(s.GetService<RedisLink>()));
        return builder;
    }

    private static bool Parses(string connectionString)
    {
        try
        {
            return RedisLink.Configure(connectionString).EndPoints.Count > 0;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
