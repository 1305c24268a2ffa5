using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Masthead.BrowserTests.Infrastructure;

/// <summary>
/// The whole paper on real Kestrel, in Development (so a new database gets the demo paper and the
/// demo editor), on its own SQLite file that is deleted afterwards. It listens on a free port chosen
/// before it starts, so that, as Development does with no Paper:BaseUrl, its links are built on the
/// address it is told to listen on.
/// </summary>
public sealed class PaperHost : WebApplicationFactory<Program>
{
    private readonly string _databaseFile = Path.Combine(Path.GetTempPath(), $"masthead-browser-{Guid.NewGuid():N}.db");
    private readonly int _port;

    public PaperHost()
    {
        // Kestrel on a free port, started before anything asks for the server.
        _port = FreePort();
        UseKestrel(_port);
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
        builder.UseSetting(WebHostDefaults.ServerUrlsKey, $"http://127.0.0.1:{_port}");
        // Mail goes to the SMTP server scripts/test starts (smtp4dev), where a test can read it as a reader would.
        if (Environment.GetEnvironmentVariable("MASTHEAD_TEST_SMTP_PORT") is { Length: > 0 } smtpPort)
        {
            builder.UseSetting("Email:SmtpHost", "127.0.0.1");
            builder.UseSetting("Email:SmtpPort", smtpPort);
            builder.UseSetting("Email:UseTls", "false");
            builder.UseSetting("Email:FromAddress", "paper@masthead.test");
            builder.UseSetting("Email:PollInterval", "00:00:00.200");
        }
    }

    /// <summary>A port no one is listening on now (the system's pick, released at once).</summary>
    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
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
