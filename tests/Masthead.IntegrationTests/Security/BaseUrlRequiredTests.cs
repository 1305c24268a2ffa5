using System.Diagnostics;
using Masthead.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Masthead.IntegrationTests.Security;

/// <summary>
/// Outside Development the paper will not guess its public address: without Paper:BaseUrl it refuses to start,
/// saying which setting to set, before it touches the database.
/// </summary>
public sealed class BaseUrlRequiredTests
{
    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task Without_a_base_url_the_app_refuses_to_start_outside_development(string environment)
    {
        var refusal = await StartFailure.OfAsync(new SqliteApp { EnvironmentName = environment }.WithSetting("Paper:BaseUrl", ""));
        Assert.Contains("Paper:BaseUrl is not set", refusal);
        Assert.Contains("Paper__BaseUrl", refusal);
    }

    [Theory]
    [InlineData("paper.example.org")]
    [InlineData("ftp://paper.example.org")]
    [InlineData("https://paper.example.org/?from=mail")]
    public async Task A_base_url_that_is_not_an_absolute_web_address_is_refused(string baseUrl)
    {
        var refusal = await StartFailure.OfAsync(new SqliteApp { EnvironmentName = "Production" }.WithSetting("Paper:BaseUrl", baseUrl));
        Assert.Contains("Paper:BaseUrl must be an absolute http or https address", refusal);
    }

    [Fact]
    public async Task The_executable_refuses_with_one_line_and_leaves_the_database_alone()
    {
        var folder = Directory.CreateTempSubdirectory("masthead-baseurl-").FullName;
        try
        {
            var database = Path.Combine(folder, "refused.db");
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(typeof(Program).Assembly.Location);
            foreach (var inherited in start.Environment.Keys.Where(k => k.StartsWith("Paper", StringComparison.OrdinalIgnoreCase)
                || k.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase) || k.StartsWith("DOTNET_URLS", StringComparison.OrdinalIgnoreCase)).ToList())
            {
                start.Environment.Remove(inherited);
            }
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
            start.Environment["Database__Provider"] = "Sqlite";
            start.Environment["ConnectionStrings__Masthead"] = $"Data Source={database}";
            start.Environment["DataProtection__Certificate"] = TestCertificate.Path;
            start.Environment["DataProtection__CertificatePassword"] = TestCertificate.Password;

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("The app started without Paper:BaseUrl in Production.");
            }

            Assert.Equal(1, process.ExitCode);
            var line = Assert.Single((await error).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Assert.StartsWith("Masthead will not start: Paper:BaseUrl is not set", line);
            Assert.DoesNotContain("   at ", await output);
            Assert.False(File.Exists(database), "The database was created before the settings were checked.");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
