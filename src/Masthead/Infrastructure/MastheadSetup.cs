using System.Text.Encodings.Web;
using System.Text.Unicode;
using Masthead.Data;
using Masthead.Features.Publishing;
using Masthead.Infrastructure.Auth;
using Masthead.Infrastructure.Email;
using Masthead.Infrastructure.Operations;
using Masthead.Infrastructure.Payments;
using Masthead.Infrastructure.Redis;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.WebEncoders;

namespace Masthead.Infrastructure;

/// <summary>The features of Masthead, registered the same way for the web server and the command line.</summary>
public static class MastheadSetup
{
    /// <summary>
    /// The platform every feature stands on (proxies, database, staff sign-in and roles, the paper's addresses, payments, email,
    /// the page cache and rate-limit counters, shared through Redis when it is configured), then each of
    /// <see cref="Program.Features"/>. A serving instance also gets each feature's workers and the settings only serving
    /// needs (the public address, the key-encryption certificate in Production); the command line gets neither.
    /// </summary>
    public static WebApplicationBuilder AddMasthead(this WebApplicationBuilder builder, bool serving)
    {
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = Program.MaxRequestBodyBytes);
        builder.AddProxies();
        builder.AddDatabase();
        builder.AddStaffAuth();
        builder.AddSiteUrls();
        builder.AddPayments();
        builder.AddEmail();
        builder.AddRedis();
        foreach (var feature in Program.Features) feature.AddServices(builder);
        builder.Services.AddSingleton<MastheadMetrics>();
        builder.AddHealth();

        builder.Services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Features";
            foreach (var feature in Program.Features) feature.ConfigurePages(o.Conventions);
        });
        builder.Services.Configure<MvcOptions>(o => o.Filters.Add<BodyTooLarge>());
        builder.Services.AddProblemDetails();
        // Names like "Tomás" and "£" are written as themselves, not as numeric character references.
        builder.Services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));

        if (serving)
        {
            builder.RequireBaseUrl();
            builder.RequireKeyEncryption();
            builder.AddEmailWorkers();
            builder.AddTelemetry();
            builder.Services.AddHostedService<ChangeListener>();
            foreach (var feature in Program.Features) feature.AddWorkers(builder.Services);
        }
        return builder;
    }

    /// <summary>The platform's own endpoints (Stripe's webhook), then each feature's.</summary>
    public static WebApplication MapMasthead(this WebApplication app)
    {
        app.MapHealth();
        app.MapRazorPages();
        app.MapPayments();
        foreach (var feature in Program.Features) feature.Map(app);
        return app;
    }

    /// <summary>
    /// Checks every setting that is validated at start before anything else happens (the database is not touched),
    /// and prints why a setting is refused, one line each, instead of a stack trace.
    /// </summary>
    public static bool SettingsAreValid(this IServiceProvider services)
    {
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
            return true;
        }
        catch (Exception e) when (Refusals(e) is { Count: > 0 } refusals)
        {
            foreach (var refusal in refusals) Console.Error.WriteLine($"Masthead will not start: {refusal}");
            return false;
        }
    }

    private static List<string> Refusals(Exception e) => e switch
    {
        OptionsValidationException invalid => invalid.Failures.ToList(),
        AggregateException all when all.InnerExceptions.All(i => i is OptionsValidationException) =>
            all.InnerExceptions.SelectMany(i => ((OptionsValidationException)i).Failures).ToList(),
        _ => [],
    };

    /// <summary>
    /// Migrates the database, makes sure the staff roles exist and, in Development, fills a new database with demo content.
    /// A database that is still starting (or briefly unreachable) is tried again with growing pauses for up to
    /// <c>Database:StartupWait</c> (a minute by default); one that cannot be used is reported in one line, and false returned.
    /// </summary>
    public static async Task<bool> PrepareDatabaseAsync(this IServiceProvider services, IHostEnvironment environment, CancellationToken ct = default)
    {
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger("Masthead.Database");
        var wait = services.GetRequiredService<IConfiguration>().GetValue("Database:StartupWait", TimeSpan.FromMinutes(1));
        var giveUp = DateTime.UtcNow + wait;
        for (var pause = TimeSpan.FromSeconds(1); ; pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(15).Ticks)))
        {
            try
            {
                await PrepareAsync(services, environment, ct);
                return true;
            }
            catch (Exception e) when (DatabaseFailure.Of(e) is { } failure)
            {
                if (!failure.WillPass || DateTime.UtcNow + pause > giveUp)
                {
                    log.LogCritical("Masthead cannot start: {Reason}", failure.Message);
                    return false;
                }
                log.LogWarning("{Reason} Trying again in {Seconds} s.", failure.Message, pause.TotalSeconds);
                await Task.Delay(pause, ct);
            }
        }
    }

    private static async Task PrepareAsync(IServiceProvider services, IHostEnvironment environment, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MastheadDb>();
        await DatabaseSetup.MigrateAsync(db, ct);
        await DataProtectionKeys.EncryptStoredKeysAsync(scope.ServiceProvider, ct);
        await StaffAuth.EnsureRolesAsync(scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>());
        if (environment.IsDevelopment())
        {
            await DemoContent.SeedIfEmptyAsync(scope.ServiceProvider, environment.ContentRootPath, ct);
        }
    }
}
