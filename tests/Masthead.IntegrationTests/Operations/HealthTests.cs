using System.Net;
using System.Threading.RateLimiting;
using Masthead.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Masthead.IntegrationTests.Operations;

public sealed class HealthTests_Sqlite(SqliteApp app) : HealthTests<SqliteApp>(app);
[Trait("Needs", "PostgreSQL")]
public sealed class HealthTests_Postgres(PostgresApp app) : HealthTests<PostgresApp>(app)
{
    [Fact]
    public async Task Readyz_is_503_once_the_database_stops_answering()
    {
        await using var instance = new PostgresApp();
        await instance.InitializeAsync();
        var client = instance.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);

        await using (var server = new NpgsqlConnection(PostgresApp.ServerConnectionString))
        {
            await server.OpenAsync();
            var database = new NpgsqlConnectionStringBuilder(instance.ConnectionString).Database;
            await using var drop = new NpgsqlCommand($"DROP DATABASE \"{database}\" WITH (FORCE)", server);
            await drop.ExecuteNonQueryAsync();
        }

        var ready = await client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
        // Alive all the same: the process is fine, a restart would not bring the database back.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }
}

/// <summary>The probes a load balancer asks: alive, and ready to serve.</summary>
public abstract class HealthTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : MastheadApp, new()
{
    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task A_probe_answers_Healthy_in_plain_text_never_cached(string path)
    {
        var response = await app.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
        Assert.True(response.Headers.CacheControl!.NoStore);
    }

    [Fact]
    public async Task Readyz_is_503_until_every_migration_is_applied()
    {
        await using var instance = new TApp();
        await instance.InitializeAsync();
        var last = await instance.WithDbAsync(async db => (await db.Database.GetAppliedMigrationsAsync()).Last());
        await instance.WithDbAsync(db => db.Database.ExecuteSqlAsync($"""DELETE FROM "__EFMigrationsHistory" WHERE "MigrationId" = {last}"""));
        var client = instance.CreateClient();

        var pending = await client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, pending.StatusCode);
        Assert.Equal("Unhealthy", await pending.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);

        // As `Masthead migrate` would leave it (the schema itself is already there).
        await instance.WithDbAsync(db => db.Database.ExecuteSqlAsync(
            $"""INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion") VALUES ({last}, '10.0.15')"""));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
    }

    [Fact]
    public async Task Probes_are_never_rate_limited_even_under_a_limit_on_everything()
    {
        await using var instance = new TApp();
        // A limit of two requests a minute on every request, as a shared limit in front of the site might be.
        instance.ExtraServices.Add(services => services.Configure<RateLimiterOptions>(o =>
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(_ => RateLimitPartition.GetFixedWindowLimiter("all",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 2, Window = TimeSpan.FromMinutes(1) }))));
        await instance.InitializeAsync();
        var client = instance.CreateClient();

        var probes = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            probes.Add((await client.GetAsync("/healthz")).StatusCode);
            probes.Add((await client.GetAsync("/readyz")).StatusCode);
        }
        var pages = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++) pages.Add((await client.GetAsync("/api/fighting-fund")).StatusCode);

        Assert.All(probes, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, pages[^1]);
    }
}
