using System.Diagnostics;

namespace Masthead.IntegrationTests.CommandLine;

/// <summary>How the executable reads its first words: the site, a verb, or a refusal — and each verb's own help.</summary>
public sealed class VerbTests : CommandLineTest
{
    [Theory]
    [InlineData(new string[0], false)]
    [InlineData(new[] { "serve" }, false)]
    [InlineData(new[] { "--urls", "http://127.0.0.1:5000" }, false)]
    [InlineData(new[] { "--environment", "Production", "--ConnectionStrings:Masthead=Data Source=x.db", "--Paper:BaseUrl", "https://p.test" }, false)]
    [InlineData(new[] { "serve", "--environment", "Production" }, false)]
    [InlineData(new[] { "--environment", "Production", "serve" }, false)]
    [InlineData(new[] { "migarte" }, true)]
    [InlineData(new[] { "newsletters", "--help" }, true)]
    [InlineData(new[] { "--help" }, true)]
    [InlineData(new[] { "serve", "--help" }, true)]
    [InlineData(new[] { "--version" }, true)]
    [InlineData(new[] { "--environment", "Production", "migrate" }, true)]
    public void Only_no_verb_serve_or_host_options_alone_serve_the_site(string[] args, bool command) =>
        Assert.Equal(command, Masthead.Infrastructure.CommandLine.IsCommand(args));

    [Fact]
    public async Task An_unknown_verb_exits_2_with_the_verbs_and_starts_nothing()
    {
        // The real executable, as an operator runs it: it must refuse at once, not serve on the address it was given.
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Masthead.dll"), "newsletters", "--help", .. Host, "--urls", "http://127.0.0.1:0"])
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var run = Process.Start(start)!;
        var (output, error) = (run.StandardOutput.ReadToEndAsync(), run.StandardError.ReadToEndAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await run.WaitForExitAsync(timeout.Token);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", await output);
        Assert.StartsWith("Unknown command 'newsletters'.", await error);
        Assert.Contains("fund open --start YYYY-MM-DD --end YYYY-MM-DD --target POUNDS", await error);
        Assert.Contains("backup FILE [--force]", await error);
        Assert.False(File.Exists(Database));
    }

    [Theory]
    [InlineData("migarte")]
    [InlineData("Migrate")]
    public async Task A_misspelt_verb_is_named_in_the_refusal(string verb)
    {
        var (exit, output, error) = await RunAsync([verb, .. Host]);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains($"Unknown command '{verb}'.", error);
        Assert.Contains("  migrate", error);
        Assert.False(File.Exists(Database));
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("migrate")]
    [InlineData("import articles")]
    [InlineData("users add")]
    [InlineData("fund status")]
    [InlineData("fund open")]
    [InlineData("fund print-list")]
    [InlineData("donations import")]
    [InlineData("members export")]
    [InlineData("members import")]
    [InlineData("backup")]
    [InlineData("restore")]
    [InlineData("help")]
    public async Task Every_verb_has_its_own_help(string verb)
    {
        var (exit, output, _) = await RunAsync([.. verb.Split(' '), "--help", .. Host]);

        Assert.Equal(0, exit);
        Assert.Contains($"Masthead {verb}", output);
        Assert.Contains("Description:", output);
        Assert.Equal(output, (await RunAsync(["help", .. verb.Split(' ')])).Out);
        Assert.False(File.Exists(Database));
    }

    [Fact]
    public async Task Help_for_fund_open_lists_its_options_and_restore_says_to_stop_the_site()
    {
        var open = (await RunAsync("fund", "open", "--help")).Out;
        Assert.Contains("--start <YYYY-MM-DD> (REQUIRED)", open);
        Assert.Contains("--target <POUNDS> (REQUIRED)", open);
        Assert.Contains("Stop the site first", (await RunAsync("restore", "--help")).Out);
    }

    [Theory]
    [InlineData(new[] { "fund" }, "'fund' needs one of: status, open, print-list")]
    [InlineData(new[] { "fund", "open", "--start", "2092-01-01" }, "Option '--end' is required")]
    [InlineData(new[] { "members", "export" }, "Required argument missing")]
    [InlineData(new[] { "migrate", "now" }, "Unrecognized command or argument 'now'")]
    public async Task An_incomplete_verb_is_a_usage_error_that_points_to_its_help(string[] args, string message)
    {
        var (exit, _, error) = await RunAsync([.. args, .. Host]);
        Assert.Equal(2, exit);
        Assert.Contains(message, error);
        Assert.Contains("--help", error);
        Assert.False(File.Exists(Database));
    }

    [Fact]
    public async Task The_readme_lists_the_same_verbs_as_the_help()
    {
        var readme = File.ReadAllLines(Path.Combine(RepositoryRoot(), "README.md"))
            .Where(l => l.StartsWith("| `Masthead ", StringComparison.Ordinal))
            .Select(l => l.Split('`')[1]["Masthead ".Length..])
            .Order();
        var (_, _, error) = await RunAsync("unknown-verb");
        var help = error.Split('\n').Where(l => l.StartsWith("  ", StringComparison.Ordinal)).Select(l => l.Trim()).Order();

        Assert.Equal(help, readme);
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(folder.FullName, "Masthead.slnx"))) folder = folder.Parent!;
        return folder.FullName;
    }
}
