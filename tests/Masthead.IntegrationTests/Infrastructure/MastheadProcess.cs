using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Masthead.IntegrationTests.Infrastructure;

/// <summary>
/// Masthead run as an operator runs it: its own process, environment and working directory, with everything it
/// prints kept for the test to read. The built app by default (<c>dotnet Masthead.dll</c>), or a published executable.
/// </summary>
public sealed partial class MastheadProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private MastheadProcess(Process process) => _process = process;

    /// <summary>Everything written to stdout and stderr so far.</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>Where the instance listens, once <see cref="ListeningAsync"/> has seen it say so.</summary>
    public Uri Address { get; private set; } = null!;

    public static MastheadProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, string workingDirectory,
        string? executable = null)
    {
        var start = new ProcessStartInfo(executable ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        if (executable is null) start.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        // Nothing of the test runner's own configuration leaks in: the environment is what the test says.
        foreach (var inherited in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
                     || (k.StartsWith("DOTNET_", StringComparison.OrdinalIgnoreCase) && k != "DOTNET_ROOT")
                     || k.Contains("__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(inherited);
        }
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var process = new MastheadProcess(new Process { StartInfo = start });
        process._process.OutputDataReceived += (_, e) => process.Read(e.Data);
        process._process.ErrorDataReceived += (_, e) => process.Read(e.Data);
        process._process.Start();
        process._process.BeginOutputReadLine();
        process._process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Starts it serving on a port the system picks, and waits until it says where it listens.</summary>
    public static async Task<MastheadProcess> ServeAsync(IReadOnlyDictionary<string, string> environment, string workingDirectory,
        string? executable = null)
    {
        var process = Start(["--urls", "http://127.0.0.1:0"], environment, workingDirectory, executable);
        await process.ListeningAsync();
        return process;
    }

    /// <summary>Runs one command (e.g. <c>migrate</c>) to its end, asserts it succeeded, and returns what it printed.</summary>
    public static async Task<string> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string> environment,
        string workingDirectory, string? executable = null)
    {
        await using var command = Start(args, environment, workingDirectory, executable);
        var exit = await command.ExitCodeAsync(seconds: 120);
        Assert.True(exit == 0, $"Masthead {string.Join(' ', args)} exited with {exit}:\n{command.Output}");
        return command.Output;
    }

    private void Read(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        if (Listening().Match(line) is { Success: true } match) _listening.TrySetResult(match.Groups[1].Value);
    }

    /// <summary>The address the server listens on, once it says so.</summary>
    public async Task<Uri> ListeningAsync(int seconds = 60)
    {
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(_listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(seconds)));
        if (first != _listening.Task) Assert.Fail($"Masthead did not start listening:\n{Output}");
        return Address = new Uri(await _listening.Task);
    }

    /// <summary>Sends SIGTERM, as systemd, a container runtime or a rolling deploy stops an instance.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Waits for the process to end by itself, and gives its exit code.</summary>
    public async Task<int> ExitCodeAsync(int seconds = 60)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"Masthead was still running after {seconds} s:\n{Output}");
        }
        _process.WaitForExit(); // drains the output readers
        return _process.ExitCode;
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
    private static partial Regex Listening();
}
