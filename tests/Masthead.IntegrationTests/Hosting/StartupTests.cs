using System.Net;
using Masthead.IntegrationTests.Infrastructure;
using Npgsql;

namespace Masthead.IntegrationTests.Hosting;

/// <summary>
/// Starting Masthead as an operator does: from any folder, against a database that may not be there yet. Each failure
/// is one line saying what to fix (no stack trace); a good start is quiet.
/// </summary>
public sealed class StartupTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("masthead-start-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Dictionary<string, string> Production(string connectionString, string provider = "Sqlite") => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Paper__BaseUrl"] = "https://paper.masthead.test",
        ["Database__Provider"] = provider,
        ["ConnectionStrings__Masthead"] = connectionString,
        ["DataProtection__Certificate"] = TestCertificate.Path,
        ["DataProtection__CertificatePassword"] = TestCertificate.Password,
    };

    private static void AssertOneLineRefusal(string output, string reason)
    {
        Assert.Contains($"Masthead cannot start: {reason}", output);
        Assert.DoesNotContain("   at ", output);
        Assert.DoesNotContain("Unhandled exception", output);
    }

    [Fact]
    [Trait("Needs", "PostgreSQL")]
    public async Task A_database_server_that_cannot_be_reached_is_tried_again_and_then_reported_in_one_line()
    {
        var closed = new NpgsqlConnectionStringBuilder(PostgresApp.ServerConnectionString) { Port = 1, Database = "masthead_absent" };
        var settings = Production(closed.ConnectionString, "Postgres");
        settings["Database__StartupWait"] = "00:00:10";
        await using var app = MastheadProcess.Start(["--urls", "http://127.0.0.1:0"], settings, _folder);

        Assert.Equal(1, await app.ExitCodeAsync());
        Assert.Contains("PostgreSQL cannot be reached: Failed to connect to 127.0.0.1:1", app.Output);
        Assert.Contains("Trying again in 1 s", app.Output);
        AssertOneLineRefusal(app.Output, "PostgreSQL cannot be reached");
    }

    [Fact]
    public async Task A_database_file_that_cannot_be_written_is_reported_in_one_line()
    {
        var file = Path.Combine(_folder, "read-only.db");
        await File.WriteAllBytesAsync(file, []);
        await using var app = MastheadProcess.Start(["--urls", "http://127.0.0.1:0"], Production($"Data Source={file};Mode=ReadOnly"), _folder);

        Assert.Equal(1, await app.ExitCodeAsync());
        AssertOneLineRefusal(app.Output, "The SQLite database cannot be written");
    }

    [Fact]
    [Trait("Needs", "PostgreSQL")]
    public async Task Migrating_a_new_postgresql_database_prints_one_line_and_no_failures()
    {
        var database = $"masthead_migrate_{Guid.NewGuid():N}";
        var connection = new NpgsqlConnectionStringBuilder(PostgresApp.ServerConnectionString) { Database = database }.ConnectionString;
        try
        {
            await using var migrate = MastheadProcess.Start(["migrate"], Production(connection, "Postgres"), _folder);
            Assert.Equal(0, await migrate.ExitCodeAsync());
            Assert.Equal("Database is up to date.", migrate.Output.Trim());
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var server = new NpgsqlConnection(PostgresApp.ServerConnectionString);
            await server.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", server);
            await drop.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task Started_in_development_from_another_folder_it_finds_its_files_and_logs_only_what_matters()
    {
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__Masthead"] = $"Data Source={Path.Combine(_folder, "dev.db")}",
            ["Email__SmtpPort"] = "1",
            ["Paper__BaseUrl"] = "http://127.0.0.1:5080",
        };
        await using var app = await MastheadProcess.ServeAsync(settings, _folder);
        using var client = new HttpClient { BaseAddress = app.Address };

        var css = await client.GetAsync("/css/site.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        // appsettings.json is read: the paper's name comes from it.
        Assert.Contains("The Daily Masthead", await client.GetStringAsync("/"));
        for (var poll = 0; poll < 20; poll++) await client.GetAsync("/api/fighting-fund");
        await client.GetAsync("/my/signin/link?token=secret-token-value");
        await Task.Delay(500);

        var output = app.Output;
        Assert.DoesNotContain("Executed DbCommand", output);
        Assert.DoesNotContain("secret-token-value", output);
        Assert.DoesNotContain("No XML encryptor configured", output);
        Assert.DoesNotContain($"Content root path: {_folder}", output);
    }

    [Fact]
    public async Task Sigterm_with_a_fund_stream_open_ends_the_stream_cleanly_and_the_process_in_seconds()
    {
        var settings = Production($"Data Source={Path.Combine(_folder, "stop.db")}");
        await using var app = await MastheadProcess.ServeAsync(settings, _folder);
        using var client = new HttpClient { BaseAddress = app.Address };
        using var response = await client.GetAsync("/api/fighting-fund/stream", HttpCompletionOption.ResponseHeadersRead);
        using var stream = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal("retry: 2000", await stream.ReadLineAsync());

        var stopping = DateTime.UtcNow;
        app.Terminate();
        // The stream ends (no reset: ReadToEnd returns), and the process exits 0, well inside the 30 s shutdown timeout.
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(25));
        await stream.ReadToEndAsync(limit.Token);
        Assert.Equal(0, await app.ExitCodeAsync(seconds: 25));
        var took = DateTime.UtcNow - stopping;
        Assert.True(took < TimeSpan.FromSeconds(10), $"Stopping took {took.TotalSeconds:0.0} s with a stream open");
    }
}
