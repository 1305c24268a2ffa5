using Masthead.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Masthead.Infrastructure.Operations;

/// <summary>
/// What a load balancer or an orchestrator asks: <c>/healthz</c>, is the process alive (touches nothing), and
/// <c>/readyz</c>, can it serve (the database answers and has every migration this build expects). Plain text
/// "Healthy" or "Unhealthy", 200 or 503, never cached; no sign-in, no rate limit, no request metrics, no traces,
/// in every environment.
/// </summary>
public static class Health
{
    public const string LivePath = "/healthz";
    public const string ReadyPath = "/readyz";
    private const string ReadyTag = "ready";

    /// <summary>Probes come every few seconds from the balancer: they are left out of request traces and metrics.</summary>
    public static bool IsProbe(PathString path) => path.Equals(LivePath) || path.Equals(ReadyPath);

    public static IHostApplicationBuilder AddHealth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DatabaseReady>();
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseReady>("database", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(5));
        return builder;
    }

    public static void MapHealth(this IEndpointRouteBuilder app)
    {
        Probe(app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false }));
        Probe(app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) }));
    }

    private static void Probe(IEndpointConventionBuilder endpoint) =>
        endpoint.AllowAnonymous().DisableRateLimiting().DisableHttpMetrics();

    /// <summary>
    /// The database answers, and every migration this build carries is applied. Once they are, that is remembered
    /// (a running instance never loses a migration), and later checks only open a connection.
    /// </summary>
    public sealed class DatabaseReady(IServiceScopeFactory scopes) : IHealthCheck
    {
        private volatile bool _migrated;

        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MastheadDb>();
            try
            {
                if (_migrated) return await db.Database.CanConnectAsync(ct) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("The database does not answer.");
                var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
                if (pending.Count > 0) return HealthCheckResult.Unhealthy($"{pending.Count} migration(s) not applied, first {pending[0]}: run `Masthead migrate`.");
                _migrated = true;
                return HealthCheckResult.Healthy();
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                return HealthCheckResult.Unhealthy("The database does not answer.", e);
            }
        }
    }
}
