using System.Diagnostics;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Masthead.Infrastructure.Operations;

/// <summary>
/// OpenTelemetry for the web server: traces and metrics of ASP.NET Core, HttpClient (Stripe, SMTP is not HTTP), EF Core
/// and Npgsql, the .NET runtime and the paper's own <see cref="MastheadMetrics"/>. Nothing is collected unless
/// something takes it: OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the standard OTEL_* variables tune it),
/// Prometheus when <c>Metrics:Prometheus:Port</c> is (see <see cref="PrometheusEndpoint"/>).
/// </summary>
public static class Telemetry
{
    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var prometheus = builder.AddPrometheusEndpoint();
        if (!otlp && !prometheus) return builder;

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? "masthead"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(MastheadMetrics.MeterName)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddNpgsqlInstrumentation();
                if (prometheus) metrics.AddPrometheusExporter();
            });
        if (!otlp) return builder;

        // Traces only go somewhere over OTLP: without it, making spans would be work for no one.
        telemetry.WithTracing(tracing => tracing
            .SetSampler(new ParentBasedSampler(new NoBackgroundClientRoots()))
            .AddAspNetCoreInstrumentation(o => o.Filter = http => !Health.IsProbe(http.Request.Path))
            .AddHttpClientInstrumentation()
            // Npgsql traces PostgreSQL's commands itself; EF Core's spans are kept for SQLite, inside a trace only (its
            // instrumentation starts its span before sampling can see it, so the sampler below cannot drop it).
            .AddEntityFrameworkCoreInstrumentation(o => o.Filter = (provider, _) =>
                provider != "Npgsql.EntityFrameworkCore.PostgreSQL" && Activity.Current?.Parent is not null)
            .AddNpgsql());
        telemetry.UseOtlpExporter();
        return builder;
    }

    /// <summary>
    /// The background workers ask the database every few seconds on every instance; each of those commands would be a
    /// trace of its own. A database command or outgoing call is traced inside a request's trace, not on its own.
    /// </summary>
    private sealed class NoBackgroundClientRoots : Sampler
    {
        public override SamplingResult ShouldSample(in SamplingParameters parameters) =>
            new(parameters.Kind == ActivityKind.Client ? SamplingDecision.Drop : SamplingDecision.RecordAndSample);
    }
}
