using System.Security.Cryptography;
using Masthead.Data;
using Masthead.Features.FightingFund;
using Masthead.Features.Finance;
using Masthead.Features.Membership;
using Masthead.Features.Newsroom;
using Masthead.Infrastructure.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Masthead.Infrastructure;

/// <summary>
/// The verbs of the Masthead executable. Without a verb (or with <c>serve</c>) it serves the site.
/// Standard host arguments (<c>--environment</c>, <c>--ConnectionStrings:Masthead=…</c>) work with every verb.
/// </summary>
public static class CommandLine
{
    public const string PasswordVariable = "MASTHEAD_PASSWORD";

    private const string Help = """
        Masthead — the platform of a reader-owned daily paper.

        Usage: Masthead [VERB] [ARGUMENTS] [HOST OPTIONS]

        Verbs:
          (none), serve                      Serve the site (takes --urls, --environment and other host options).
          migrate                            Create the database or bring it up to date, then exit.
          import articles PATH               Import a Markdown file, or every .md file under a folder.
                                             Front matter: title, standfirst, author, section, tags,
                                             published (ISO 8601), slug (optional). Re-importing a slug
                                             updates that article. Any bad file: nothing is imported and
                                             each problem is printed as FILE:LINE: message.
          users add EMAIL --role ROLE        Create a staff account. ROLE: Admin, Editor, Finance,
                                             Membership or Campaigns (repeat --role for several).
                                             The password is read from $MASTHEAD_PASSWORD if set;
                                             otherwise a one-time password is printed, to be changed
                                             at first sign-in.
          fund status                        Print the current fund period's figures as the widget shows
                                             them: raised, we need (or target reached), days remaining.
          fund open --start YYYY-MM-DD --end YYYY-MM-DD --target POUNDS
                                             Open a fund period (end date included; target in whole
                                             pounds). Refused if it overlaps another period.
          donations import FILE.csv          Import a bank statement: a header row with date, amount and
                                             reference (name optional); dates YYYY-MM-DD or DD/MM/YYYY;
                                             amounts like 25, 25.00 or £1,025.50. Any bad row: nothing is
                                             imported and each is printed as FILE:LINE: reason. Lines
                                             already in the ledger (same date, amount, reference) are
                                             skipped, so re-importing a statement never counts twice.
          fund print-list --date YYYY-MM-DD [--out FILE]
                                             The fighting fund's list for the paper: the day's total,
                                             its period's running total to the end of that day, and
                                             the donors who asked to be thanked (the date is the
                                             paper's own, in its time zone). Printed, or written to
                                             FILE with --out.
          members export [--as-at YYYY-MM-DD] FILE.csv
                                             Write the register of members as CSV as it stood at the end
                                             of that day (default today): holdings on that date, former
                                             members with the date and reason they ceased.
          members import FILE.csv            Bring an existing register across, in the export's columns
                                             (number, kind, name, address, postcode, email, email_purposes,
                                             registered_society, admitted_on, ceased_on, ceased_reason,
                                             shares, amount_paid). Every row is checked first; any bad row:
                                             nothing is imported and each is printed as FILE:LINE: reason.
          help, --help                       Show this text.

        Configuration (environment variables or --Key=value):
          Database__Provider                 Sqlite (default) or Postgres.
          ConnectionStrings__Masthead        Database connection string (default: a SQLite file under data/).
          ASPNETCORE_ENVIRONMENT             Development fills a new database with demo content.
          Paper__BaseUrl                     The paper's public address (https://…), on which every emailed and
                                             published link is built; serving refuses to start without it
                                             outside Development.
        """;

    private static readonly string[] Verbs = ["serve", "migrate", "import", "users", "fund", "donations", "members", "help", "--help", "-h"];

    /// <summary>Options that belong to a verb rather than to the host, each followed by its value.</summary>
    private static readonly string[] VerbOptions = ["--start", "--end", "--target", "--date", "--out", "--as-at"];

    public static bool IsCommand(string[] args) =>
        args.Length > 0 && Verbs.Contains(args[0], StringComparer.OrdinalIgnoreCase) && args[0] != "serve";

    public static async Task<int> RunAsync(string[] args)
    {
        var verb = args[0].ToLowerInvariant();
        if (verb is "help" or "--help" or "-h")
        {
            Console.WriteLine(Help);
            return 0;
        }

        var (positional, roles, options, hostArgs) = Split(args[1..]);
        if (positional.Contains("--help"))
        {
            Console.WriteLine(Help);
            return 0;
        }
        try
        {
            return verb switch
            {
                "migrate" => await WithServicesAsync(hostArgs, (_, _) => Task.FromResult(Say("Database is up to date."))),
                "import" when positional is ["articles", var path] => await WithServicesAsync(hostArgs, (s, ct) => ImportArticlesAsync(s, path, ct)),
                "users" when positional is ["add", var email] && roles.Count > 0 => await WithServicesAsync(hostArgs, (s, _) => AddUserAsync(s, email, roles)),
                "fund" when positional is ["status"] => await WithServicesAsync(hostArgs, FundCommands.StatusAsync),
                "fund" when positional is ["open"] => await WithServicesAsync(hostArgs, (s, ct) => FundCommands.OpenAsync(s, options, ct)),
                "donations" when positional is ["import", var file] => await WithServicesAsync(hostArgs, (s, ct) => FundCommands.ImportAsync(s, file, ct)),
                "members" when positional is ["export", var file] => await WithServicesAsync(hostArgs, (s, ct) => MemberCommands.ExportAsync(s, options.GetValueOrDefault("--as-at"), file, ct)),
                "members" when positional is ["import", var file] => await WithServicesAsync(hostArgs, (s, ct) => MemberCommands.ImportAsync(s, file, ct)),
                "fund" when positional is ["print-list"] => await PrintListAsync(hostArgs, options.GetValueOrDefault("--date"), options.GetValueOrDefault("--out")),
                _ => Usage(),
            };
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
        catch (OptionsValidationException e)
        {
            foreach (var failure in e.Failures) Console.Error.WriteLine(failure);
            return 1;
        }
    }

    private static int Say(string message)
    {
        Console.WriteLine(message);
        return 0;
    }

    private static int Usage()
    {
        Console.Error.WriteLine("Unknown or incomplete command. Run with --help to see the verbs.");
        return 2;
    }

    /// <summary>Separates the verb's own words, --role values and verb options from options meant for the host.</summary>
    private static (List<string> Positional, List<string> Roles, Dictionary<string, string> Options, string[] HostArgs) Split(string[] args)
    {
        var positional = new List<string>();
        var roles = new List<string>();
        var options = new Dictionary<string, string>();
        var host = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--role" && i + 1 < args.Length) roles.Add(args[++i]);
            else if (VerbOptions.Contains(args[i])) options[args[i]] = i + 1 < args.Length ? args[++i] : "";
            else if (args[i] == "--help") positional.Add(args[i]);
            else if (args[i].StartsWith("--"))
            {
                host.Add(args[i]);
                if (!args[i].Contains('=') && i + 1 < args.Length && !args[i + 1].StartsWith("--")) host.Add(args[++i]);
            }
            else positional.Add(args[i]);
        }
        return (positional, roles, options, host.ToArray());
    }

    private static async Task<int> WithServicesAsync(string[] hostArgs, Func<IServiceProvider, CancellationToken, Task<int>> work)
    {
        var builder = Hosting.CreateBuilder(hostArgs);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddMasthead();
        await using var app = builder.Build();
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        if (!await app.Services.PrepareDatabaseAsync(app.Environment, cancel.Token)) return 1;
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider, cancel.Token);
    }

    private static async Task<int> ImportArticlesAsync(IServiceProvider services, string path, CancellationToken ct)
    {
        var outcome = await services.GetRequiredService<ArticleImporter>().ImportAsync(path, ct: ct);
        if (!outcome.Succeeded)
        {
            foreach (var problem in outcome.Problems) Console.Error.WriteLine(problem);
            Console.Error.WriteLine($"Nothing was imported: {outcome.Problems.Count} problem(s).");
            return 1;
        }
        Console.WriteLine($"Imported {outcome.Created} new and {outcome.Updated} updated article(s).");
        return 0;
    }

    private static async Task<int> PrintListAsync(string[] hostArgs, string? date, string? outFile)
    {
        var (day, problem) = PrintList.ParseDate(date);
        if (day is not { } d)
        {
            Console.Error.WriteLine(problem);
            return 2;
        }
        return await WithServicesAsync(hostArgs, async (services, ct) =>
        {
            var text = await services.GetRequiredService<PrintList>().BuildAsync(d, ct);
            if (string.IsNullOrEmpty(outFile))
            {
                Console.Write(text);
                return 0;
            }
            try
            {
                await File.WriteAllTextAsync(outFile, text, ct);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"Could not write {outFile}: {e.Message}");
                return 1;
            }
            Console.WriteLine($"Wrote the list for {d:yyyy-MM-dd} to {outFile}.");
            return 0;
        });
    }

    private static async Task<int> AddUserAsync(IServiceProvider services, string email, List<string> roles)
    {
        var unknown = roles.Where(r => !Roles.All.Contains(r)).ToList();
        if (unknown.Count > 0)
        {
            Console.Error.WriteLine($"Unknown role {string.Join(", ", unknown)}. Roles: {string.Join(", ", Roles.All)}.");
            return 2;
        }
        var users = services.GetRequiredService<UserManager<StaffUser>>();
        if (await users.FindByEmailAsync(email) is not null)
        {
            Console.Error.WriteLine($"There is already a staff account for {email}.");
            return 1;
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(PasswordVariable);
        var password = string.IsNullOrEmpty(fromEnvironment) ? OneTimePassword() : fromEnvironment;
        var user = new StaffUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            MustChangePassword = string.IsNullOrEmpty(fromEnvironment),
        };
        var created = await users.CreateAsync(user, password);
        if (created.Succeeded) created = await users.AddToRolesAsync(user, roles.Select(r => Roles.All.First(x => x == r)));
        if (!created.Succeeded)
        {
            foreach (var error in created.Errors) Console.Error.WriteLine(error.Description);
            return 1;
        }
        Console.WriteLine($"Created {email} ({string.Join(", ", roles)}).");
        if (string.IsNullOrEmpty(fromEnvironment))
        {
            Console.WriteLine($"One-time password: {password}");
            Console.WriteLine("It must be changed at first sign-in.");
        }
        return 0;
    }

    private static string OneTimePassword() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', 'x').Replace('/', 'y');
}
