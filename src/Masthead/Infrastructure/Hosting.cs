using Microsoft.Extensions.Configuration.Memory;

namespace Masthead.Infrastructure;

/// <summary>
/// How Masthead is hosted, the same for the web server and every command: it finds its own files wherever it is
/// started from, and it logs one line per meaningful event unless told otherwise.
/// </summary>
public static class Hosting
{
    /// <summary>
    /// Log levels that hold even when no appsettings file is read: EF Core's statements and ASP.NET Core's per-request
    /// lines (whose URLs carry sign-in tokens) stay out of the log. Any configuration source overrides them.
    /// </summary>
    private static readonly Dictionary<string, string?> QuietLogging = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
    };

    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = ContentRoot(args) });
        // First source, so appsettings, the environment and the command line all override it.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = QuietLogging });
        if (builder.Environment.IsDevelopment() && string.IsNullOrEmpty(builder.Configuration["DataProtection:Certificate"]))
        {
            // Development keeps its keys unencrypted on purpose (see DataProtectionKeys); no need to say so at every start.
            builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager", LogLevel.Error);
        }
        return builder;
    }

    /// <summary>
    /// The folder that holds the app's appsettings, wwwroot and demo content, whatever the working directory: the
    /// published app's own folder, or the project folder when running a build of the source tree (as <c>dotnet run</c>
    /// does). A content root given on the command line or in the environment is used as given.
    /// </summary>
    internal static string? ContentRoot(string[] args)
    {
        if (args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT")))
        {
            return null;
        }
        var app = AppContext.BaseDirectory;
        if (Directory.Exists(Path.Combine(app, "wwwroot"))) return app;
        // A build (bin/Debug/net10.0) has no wwwroot of its own: its files are in the project folder above it.
        var folder = new DirectoryInfo(app);
        for (var up = 0; up < 5 && folder is not null; up++, folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Masthead.csproj"))) return folder.FullName;
        }
        return app;
    }
}
