using Masthead.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Masthead.IntegrationTests.CommandLine;

[CollectionDefinition(nameof(ConsoleCollection), DisableParallelization = true)]
public sealed class ConsoleCollection;

/// <summary>
/// Runs the executable's verbs in-process against a new SQLite file of the test's own, reading what they
/// print. Console output is process-wide, so these tests run one at a time.
/// </summary>
[Collection(nameof(ConsoleCollection))]
public abstract class CommandLineTest : IDisposable
{
    protected string Folder { get; } = Directory.CreateTempSubdirectory("masthead-cli-").FullName;
    protected string Database => Path.Combine(Folder, "cli.db");
    protected string[] Host => [$"--ConnectionStrings:Masthead=Data Source={Database}", "--environment", "Production"];

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }

    protected static async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var (oldOut, oldError) = (Console.Out, Console.Error);
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            var exit = await Masthead.Infrastructure.CommandLine.RunAsync(args);
            return (exit, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }

    protected SqliteMastheadDb OpenDatabase() =>
        new(new DbContextOptionsBuilder<SqliteMastheadDb>().UseSqlite($"Data Source={Database}").Options);
}
