using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace Masthead.Kernel;

/// <summary>
/// One capability of the paper, registered in one place: its services and settings (for the site and the command line
/// alike), which staff policy guards each of its pages, the background work of a serving instance, and the endpoints
/// it maps beside its Razor pages. <see cref="Program.Features"/> lists them all.
/// </summary>
public abstract class Feature
{
    /// <summary>Services, settings (validated at start) and rate limits.</summary>
    public virtual void AddServices(IHostApplicationBuilder builder) { }

    /// <summary>The one place a page is given its staff or reader policy (and any extra route).</summary>
    public virtual void ConfigurePages(PageConventionCollection pages) { }

    /// <summary>Background work that only a serving instance does.</summary>
    public virtual void AddWorkers(IServiceCollection services) { }

    /// <summary>Endpoints beside the Razor pages; each group names its own policy.</summary>
    public virtual void Map(WebApplication app) { }

    /// <summary>Work done once the database is ready and before the first request is served.</summary>
    public virtual Task StartAsync(IServiceProvider services, CancellationToken ct) => Task.CompletedTask;
}
