using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Masthead.BrowserTests.Infrastructure;

/// <summary>
/// The whole paper on real Kestrel, in Development (so a new database gets the demo paper and the
/// demo editor), on its own SQLite file that is deleted afterwards.
/// </summary>
public sealed class PaperHost : WebApplicationFactory<Program>
{
    private readonly string _databaseFile = Path.Combine(Path.GetTempPath(), $"masthead-browser-{Guid.NewGuid():N}.db");

    public PaperHost()
    {
        // Kestrel on a port the OS picks, started before anything asks for the server.
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.Single());
    }

    /// <summary>Where a browser reaches the paper, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Masthead", $"Data Source={_databaseFile}");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting(WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0");
        // Mail goes to the SMTP server scripts/test starts (smtp4dev), where a journey reads its sign-in link.
        if (Environment.GetEnvironmentVariable("MASTHEAD_TEST_SMTP_PORT") is { Length: > 0 } smtpPort)
        {
            builder.UseSetting("Email:SmtpHost", "127.0.0.1");
            builder.UseSetting("Email:SmtpPort", smtpPort);
            builder.UseSetting("Email:PollInterval", "00:00:00.200");
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_databaseFile + suffix);
        }
    }
}
