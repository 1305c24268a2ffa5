using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Masthead.IntegrationTests.Operations;

/// <summary>The published app running as a process of its own, as a service manager runs it; stopped on dispose.</summary>
public sealed partial class PublishedProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private PublishedProcess(Process process) => _process = process;

    /// <summary>Where the instance listens, e.g. http://127.0.0.1:41234 (a port the system chose).</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>Everything the process wrote so far, standard output and error interleaved.</summary>
    public string Output => string.Join('\n', _output);

    public static async Task<PublishedProcess> StartAsync(string executable, string workingDirectory,
        IReadOnlyDictionary<string, string> settings)
    {
        var start = StartInfo(executable, workingDirectory, settings);
        // Port 0: the system picks a free port and the host logs it, so parallel tests cannot race for one.
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        var running = new PublishedProcess(Process.Start(start)!);
        running.Capture();
        running.Address = await running.ListeningAddressAsync();
        return running;
    }

    public static async Task<string> RunAsync(string executable, string workingDirectory,
        IReadOnlyDictionary<string, string> settings, params string[] args)
    {
        var start = StartInfo(executable, workingDirectory, settings);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        await using var command = new PublishedProcess(Process.Start(start)!);
        command.Capture();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await command._process.WaitForExitAsync(timeout.Token);
        command._process.WaitForExit(); // drains the output readers
        Assert.True(command._process.ExitCode == 0, $"Masthead {string.Join(' ', args)} exited with {command._process.ExitCode}:\n{command.Output}");
        return command.Output;
    }

    private static ProcessStartInfo StartInfo(string executable, string workingDirectory, IReadOnlyDictionary<string, string> settings)
    {
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Nothing of the test run's own host settings leaks in: the environment is what the settings say.
        foreach (var key in start.Environment.Keys.Where(k =>
                     k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }
        foreach (var (key, value) in settings) start.Environment[key] = value;
        return start;
    }

    private void Capture()
    {
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private async Task<Uri> ListeningAddressAsync()
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < until)
        {
            if (_output.Select(line => ListeningLine().Match(line)).FirstOrDefault(m => m.Success) is { } match)
            {
                return new Uri(match.Groups[1].Value);
            }
            if (_process.HasExited) Assert.Fail($"The published app exited with {_process.ExitCode} before it listened:\n{Output}");
            await Task.Delay(100);
        }
        Assert.Fail($"The published app did not say where it listens within 60 s:\n{Output}");
        return null!;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();
}
