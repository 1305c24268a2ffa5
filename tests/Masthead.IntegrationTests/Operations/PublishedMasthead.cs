using System.Diagnostics;
using Masthead.IntegrationTests.Infrastructure;

namespace Masthead.IntegrationTests.Operations;

/// <summary>
/// Masthead as an operator installs it: <c>dotnet publish</c> of the app, once per test run, into a folder of its own
/// (its own build output too, so the repository's bin and obj are not touched). Shared by the operations tests.
/// </summary>
public sealed class PublishedMasthead : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("masthead-published-").FullName;

    /// <summary>The published app's folder: the <c>Masthead</c> executable, its appsettings.json and wwwroot.</summary>
    public string AppFolder => Path.Combine(_root, "app");

    public string Executable => Path.Combine(AppFolder, "Masthead");

    public async Task InitializeAsync()
    {
        var project = Path.Combine(RepositoryRoot(), "src", "Masthead", "Masthead.csproj");
        var publish = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                "publish", project, "-c", "Release", "-r", "linux-x64", "--self-contained", "false", "-nologo",
                "-v", "quiet", "--artifacts-path", Path.Combine(_root, "build"), "-o", AppFolder,
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(publish)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"dotnet publish failed ({process.ExitCode}):\n{await output}\n{await errors}");
        Assert.True(File.Exists(Executable), $"dotnet publish left no {Executable}");
        // What an operator adds beside the app: settings of their own for Production.
        await File.WriteAllTextAsync(Path.Combine(AppFolder, "appsettings.Production.json"),
            $$"""{ "Paper": { "Tagline": "{{Tagline}}" } }""");
    }

    /// <summary>The tagline set in appsettings.Production.json beside the published app.</summary>
    public const string Tagline = "Set in the appsettings beside the app";

    public Task DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>Starts the published app, serving, from <paramref name="workingDirectory"/> (not its own folder).</summary>
    public Task<MastheadProcess> StartAsync(string workingDirectory, IReadOnlyDictionary<string, string> settings) =>
        MastheadProcess.ServeAsync(settings, workingDirectory, Executable);

    /// <summary>Runs one command of the published app's command line (e.g. <c>migrate</c>) and returns its output.</summary>
    public Task<string> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string> settings, params string[] args) =>
        MastheadProcess.RunAsync(args, settings, workingDirectory, Executable);

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Masthead.slnx"))) return folder.FullName;
        }
        throw new InvalidOperationException($"No Masthead.slnx above {AppContext.BaseDirectory}: run the tests from the repository.");
    }

    public static string RepositoryFile(params string[] parts) => Path.Combine([RepositoryRoot(), .. parts]);
}

/// <summary>The operations tests share one published copy of the app; publishing takes a minute.</summary>
[CollectionDefinition(Name)]
public sealed class PublishedCollection : ICollectionFixture<PublishedMasthead>
{
    public const string Name = "The published app";
}
