using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Security.Cryptography;
using Masthead.Data;
using Masthead.Features.FightingFund;
using Masthead.Features.Finance;
using Masthead.Features.Membership;
using Masthead.Features.Newsroom;
using Masthead.Infrastructure.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Masthead.Infrastructure;

/// <summary>
/// The verbs of the Masthead executable, parsed by System.CommandLine. Without a verb (or with <c>serve</c>) it serves
/// the site. Host options (<c>--urls</c>, <c>--environment</c>, <c>--ConnectionStrings:Masthead=…</c>, any
/// <c>--Key value</c>) are taken out before a verb is parsed and handed to the host, so they work with every verb.
/// Exit codes: 0 done, 1 refused by the app (a rule, a bad file, a clash), 2 a usage error.
/// </summary>
public static class CommandLine
{
    public const string PasswordVariable = "MASTHEAD_PASSWORD";

    /// <summary>False when the arguments ask for the site: nothing, <c>serve</c>, or host options alone.</summary>
    public static bool IsCommand(string[] args) => Split(args).Words is not ([] or ["serve"]);

    /// <summary>What the web host is given when serving: the arguments without the word <c>serve</c>.</summary>
    public static string[] HostArguments(string[] args) => Split(args).Host;

    public static async Task<int> RunAsync(string[] args)
    {
        var (words, host) = Split(args);
        var verbs = new Verbs(host);
        if (words is [var first, ..] && !first.StartsWith('-') && verbs.Root.Subcommands.All(c => c.Name != first))
        {
            Console.Error.WriteLine($"Unknown command '{first}'.");
            verbs.WriteList(Console.Error);
            return 2;
        }
        var parsed = verbs.Root.Parse(words);
        if (parsed.Action is ParseErrorAction)
        {
            foreach (var error in parsed.Errors) Console.Error.WriteLine(error.Message);
            Console.Error.WriteLine($"Run '{PathOf(parsed.CommandResult)} --help' to see its arguments and options.");
            return 2;
        }
        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration
            {
                Output = Console.Out,
                Error = Console.Error,
                EnableDefaultExceptionHandler = false,
            });
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

    /// <summary>
    /// Separates host options from the verb's words and its own options: anything beginning with <c>--</c> that the verb
    /// named so far does not declare goes to the host, with the word after it as its value unless it carries one
    /// (<c>--Key=value</c>), as the host's own command-line configuration reads it.
    /// </summary>
    private static (string[] Words, string[] Host) Split(string[] args)
    {
        Command command = new Verbs([]).Root;
        var known = new HashSet<string>(command.Options.SelectMany(o => o.Aliases.Append(o.Name)));
        var (words, host) = (new List<string>(), new List<string>());
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || known.Contains(arg.Split('=', ':')[0]))
            {
                words.Add(arg);
                if (command.Subcommands.FirstOrDefault(c => c.Name == arg) is { } verb)
                {
                    command = verb;
                    known.UnionWith(verb.Options.SelectMany(o => o.Aliases.Append(o.Name)));
                }
                continue;
            }
            host.Add(arg);
            if (!arg.Contains('=') && i + 1 < args.Length) host.Add(args[++i]);
        }
        return ([.. words], [.. host]);
    }

    private static string PathOf(CommandResult result) =>
        result.Parent is CommandResult parent ? $"{PathOf(parent)} {result.Command.Name}" : result.Command.Name;

    /// <summary>The verbs as System.CommandLine commands, and the overview that <c>--help</c> prints from them.</summary>
    private sealed class Verbs
    {
        private const string UsageColumn = "                                     ";
        private readonly List<(string Usage, string Description)> _overview = [];
        private readonly string[] _host;

        public Command Root { get; } = new("Masthead", "Masthead — the platform of a reader-owned daily paper.");

        public Verbs(string[] host)
        {
            _host = host;
            var help = new HelpOption();
            help.Action = new OverviewOrVerbHelp((HelpAction)help.Action!, this);
            Root.Options.Add(help);
            Root.Options.Add(new VersionOption());
            Root.SetAction(_ =>
            {
                WriteList(Console.Error);
                return 2;
            });

            Root.Add(Verb("serve", """
                Serve the site; the same as no verb at all. Takes --urls,
                --environment and the other host options.
                """, [], (_, _) => Task.FromResult(Refuse("Run 'Masthead serve' with host options only; it takes no verb options.", 2))));
            Root.Add(Verb("migrate", "Create the database or bring it up to date, then exit.", [],
                (_, ct) => WithServicesAsync((_, _) => Task.FromResult(Say("Database is up to date.")), ct)));
            Root.Add(Import());
            Root.Add(Users());
            Root.Add(Fund());
            Root.Add(Donations());
            Root.Add(Members());
            Root.Add(Backup());
            Root.Add(Restore());
            Root.Add(Help());
        }

        private Command Import()
        {
            var path = new Argument<string>("PATH") { Description = "A Markdown file, or a folder searched for .md files." };
            return Group("import", "Bring content in from files.",
                Verb("import articles", """
                    Import a Markdown file, or every .md file under a folder.
                    Front matter: title, standfirst, author, section, tags,
                    published (ISO 8601), slug (optional). Re-importing a slug
                    updates that article. Any bad file: nothing is imported and
                    each problem is printed as FILE:LINE: message.
                    """, [path], (p, ct) => WithServicesAsync((s, ct) => ImportArticlesAsync(s, p.GetValue(path)!, ct), ct)));
        }

        private Command Users()
        {
            var email = new Argument<string>("EMAIL") { Description = "The address the account signs in with." };
            var role = new Option<string[]>("--role")
            {
                HelpName = "ROLE",
                Required = true,
                Description = $"{string.Join(", ", Roles.All)}; repeat for several.",
            };
            role.Validators.Add(result =>
            {
                var unknown = result.GetValueOrDefault<string[]>().Where(r => !Roles.All.Contains(r)).ToList();
                if (unknown.Count > 0) result.AddError($"Unknown role {string.Join(", ", unknown)}. Roles: {string.Join(", ", Roles.All)}.");
            });
            return Group("users", "Staff accounts.",
                Verb("users add", $"""
                    Create a staff account. ROLE: Admin, Editor, Finance,
                    Membership or Campaigns (repeat --role for several).
                    The password is read from ${PasswordVariable} if set;
                    otherwise a one-time password is printed, to be changed
                    at first sign-in.
                    """, [email, role], (p, ct) => WithServicesAsync((s, _) => AddUserAsync(s, p.GetValue(email)!, p.GetValue(role)!), ct)));
        }

        private Command Fund()
        {
            // Strings: FundCommands.OpenAsync checks them by the Finance desk's rules and reports every bad value at once (exit 1).
            var start = new Option<string>("--start") { HelpName = "YYYY-MM-DD", Required = true, Description = "The first day of the period." };
            var end = new Option<string>("--end") { HelpName = "YYYY-MM-DD", Required = true, Description = "The last day of the period (included)." };
            var target = new Option<string>("--target") { HelpName = "POUNDS", Required = true, Description = "The target in whole pounds, like 18000." };
            var date = new Option<DateOnly>("--date")
            {
                HelpName = "YYYY-MM-DD",
                Required = true,
                Description = "The day of the list, in the paper's own time zone.",
                CustomParser = result => PrintListDate(result, result.Tokens[0].Value),
            };
            var outFile = new Option<string>("--out") { HelpName = "FILE", Description = "Write the list to FILE instead of printing it." };
            var status = Verb("fund status", """
                Print the current fund period's figures as the widget shows
                them: raised, we need (or target reached), days remaining.
                """, [], (_, ct) => WithServicesAsync(FundCommands.StatusAsync, ct));
            var open = Verb("fund open", """
                Open a fund period (end date included; target in whole
                pounds). Refused if it overlaps another period.
                """, [start, end, target], (p, ct) => WithServicesAsync((s, ct) =>
                    FundCommands.OpenAsync(s, p.GetValue(start), p.GetValue(end), p.GetValue(target), ct), ct));
            var printList = Verb("fund print-list", """
                The fighting fund's list for the paper: the day's total,
                its period's running total to the end of that day, and
                the donors who asked to be thanked (the date is the
                paper's own, in its time zone). Printed, or written to
                FILE with --out.
                """, [date, outFile], (p, ct) => WithServicesAsync((s, ct) => PrintListAsync(s, p.GetValue(date), p.GetValue(outFile), ct), ct));
            printList.Validators.Add(result =>
            {
                if (result.GetResult(date) is null) result.AddError(PrintList.ParseDate(null).Problem!);
            });
            return Group("fund", "The fighting fund.", status, open, printList);
        }

        private Command Donations()
        {
            var file = new Argument<string>("FILE.csv") { Description = "The bank statement." };
            return Group("donations", "Gifts that did not come through the site.",
                Verb("donations import", """
                    Import a bank statement: a header row with date, amount and
                    reference (name optional); dates YYYY-MM-DD or DD/MM/YYYY;
                    amounts like 25, 25.00 or £1,025.50. Any bad row: nothing is
                    imported and each is printed as FILE:LINE: reason. Lines
                    already in the ledger (same date, amount, reference) are
                    skipped, so re-importing a statement never counts twice.
                    """, [file], (p, ct) => WithServicesAsync((s, ct) => FundCommands.ImportAsync(s, p.GetValue(file)!, ct), ct)));
        }

        private Command Members()
        {
            var asAt = new Option<DateOnly?>("--as-at")
            {
                HelpName = "YYYY-MM-DD",
                Description = "The register as it stood at the end of that day (default today).",
                CustomParser = result => IsoDate(result, "--as-at"),
            };
            var exportFile = new Argument<string>("FILE.csv") { Description = "Where to write the register." };
            var importFile = new Argument<string>("FILE.csv") { Description = "A register in the export's columns." };
            return Group("members", "The register of members.",
                Verb("members export", """
                    Write the register of members as CSV as it stood at the end
                    of that day (default today): holdings on that date, former
                    members with the date and reason they ceased.
                    """, [asAt, exportFile], (p, ct) => WithServicesAsync((s, ct) => MemberCommands.ExportAsync(s, p.GetValue(asAt), p.GetValue(exportFile)!, ct), ct)),
                Verb("members import", """
                    Bring an existing register across, in the export's columns
                    (number, kind, name, address, postcode, email, email_purposes,
                    registered_society, admitted_on, ceased_on, ceased_reason,
                    shares, amount_paid). Every row is checked first; any bad row:
                    nothing is imported and each is printed as FILE:LINE: reason.
                    """, [importFile], (p, ct) => WithServicesAsync((s, ct) => MemberCommands.ImportAsync(s, p.GetValue(importFile)!, ct), ct)));
        }

        private Command Backup()
        {
            var file = new Argument<string>("FILE") { Description = "Where to write the copy." };
            var force = new Option<bool>("--force") { Description = "Replace FILE if it exists." };
            return Verb("backup", """
                Copy the SQLite database to FILE, safely while the site runs
                and takes gifts (SQLite's online backup: one consistent moment).
                Refuses an existing FILE unless --force. Prints the copy's size
                and its ledger. On PostgreSQL use pg_dump instead.
                """, [file, force], (p, _) => Task.FromResult(OnSqlite("back it up with pg_dump",
                    connection => SqliteBackup.Backup(connection, p.GetValue(file)!, p.GetValue(force)))));
        }

        private Command Restore()
        {
            var file = new Argument<string>("FILE") { Description = "A copy made by backup." };
            var force = new Option<bool>("--force") { Description = "Replace a database that already holds data." };
            return Verb("restore", """
                Put a copy made by backup in place as the configured database.
                Stop the site first: it must not be running on that database.
                Checks FILE is a SQLite database with Masthead's migrations;
                refuses a database that already holds data unless --force.
                On PostgreSQL use pg_restore instead.
                """, [file, force], (p, _) => Task.FromResult(OnSqlite("restore it with pg_restore",
                    connection => SqliteBackup.Restore(connection, p.GetValue(file)!, p.GetValue(force)))));
        }

        private Command Help()
        {
            var verb = new Argument<string[]>("VERB") { Arity = ArgumentArity.ZeroOrMore, Description = "A verb, such as fund open." };
            return Verb("help", "Show this text, or a verb's own help (help fund open).", [verb], async (p, _) =>
            {
                if (p.GetValue(verb) is { Length: > 0 } words) return await RunAsync([.. words, "--help"]);
                WriteOverview(Console.Out);
                return 0;
            });
        }

        /// <summary>A word that only groups verbs (<c>fund</c>): alone, it names them and is a usage error.</summary>
        private static Command Group(string name, string description, params Command[] verbs)
        {
            var group = new Command(name, description);
            foreach (var verb in verbs) group.Add(verb);
            group.SetAction(_ => Refuse($"'{name}' needs one of: {string.Join(", ", verbs.Select(v => v.Name))}. Run 'Masthead {name} --help' to see them.", 2));
            return group;
        }

        /// <summary>A verb whose usage line lists its arguments and options in the order given.</summary>
        private Command Verb(string path, string description, Symbol[] parts, Func<ParseResult, CancellationToken, Task<int>> action)
        {
            var command = new Command(path.Split(' ')[^1], description);
            foreach (var part in parts)
            {
                if (part is Option option) command.Options.Add(option);
                else command.Arguments.Add((Argument)part);
            }
            command.SetAction(action);
            _overview.Add((string.Join(' ', [path, .. parts.Select(Usage)]), description));
            return command;
        }

        private static string Usage(Symbol part) => part switch
        {
            Option<bool> flag => $"[{flag.Name}]",
            Option { Required: true } option => $"{option.Name} {option.HelpName}",
            Option option => $"[{option.Name} {option.HelpName}]",
            Argument { Arity.MinimumNumberOfValues: 0 } argument => $"[{argument.Name}]",
            _ => part.Name,
        };

        public void WriteList(TextWriter output)
        {
            output.WriteLine("Verbs:");
            foreach (var (usage, _) in _overview) output.WriteLine($"  {usage}");
            output.WriteLine("Run 'Masthead --help' to see what each does.");
        }

        public void WriteOverview(TextWriter output)
        {
            output.WriteLine($"""
                {Root.Description}

                Usage: Masthead [VERB] [ARGUMENTS] [HOST OPTIONS]
                       Masthead VERB --help          a verb's own arguments and options

                Verbs:
                """);
            foreach (var (usage, description) in _overview)
            {
                var lines = description.Split('\n');
                output.WriteLine(usage.Length < UsageColumn.Length - 3
                    ? $"  {usage.PadRight(UsageColumn.Length - 2)}{lines[0]}"
                    : $"  {usage}\n{UsageColumn}{lines[0]}");
                foreach (var line in lines[1..]) output.WriteLine(UsageColumn + line);
            }
            output.WriteLine("""

                Host options go with any verb, or alone to serve the site:
                  --urls URLS, --environment NAME, and any setting below as --Key=value or --Key value.

                Configuration (environment variables or --Key=value):
                  Database__Provider                 Sqlite (default) or Postgres.
                  ConnectionStrings__Masthead        Database connection string (default: a SQLite file under data/).
                  ASPNETCORE_ENVIRONMENT             Development fills a new database with demo content.
                  Paper__BaseUrl                     The paper's public address (https://…), on which every emailed and
                                                     published link is built; serving refuses to start without it
                                                     outside Development.

                Exit codes: 0 done, 1 refused (the reason is printed), 2 a usage error.
                """);
        }

        private async Task<int> WithServicesAsync(Func<IServiceProvider, CancellationToken, Task<int>> work, CancellationToken ct)
        {
            var builder = Hosting.CreateBuilder(_host);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.AddMasthead(serving: false);
            await using var app = builder.Build();
            if (!await app.Services.PrepareDatabaseAsync(app.Environment, ct)) return 1;
            await using var scope = app.Services.CreateAsyncScope();
            return await work(scope.ServiceProvider, ct);
        }

        /// <summary>Runs a SQLite-only verb on the configured database without migrating it; refuses PostgreSQL, naming its own tool.</summary>
        private int OnSqlite(string postgresTool, Func<string, int> work)
        {
            var builder = Hosting.CreateBuilder(_host);
            var provider = DatabaseSetup.ReadProvider(builder.Configuration);
            if (provider == DatabaseProvider.Postgres)
            {
                return Refuse($"The database is PostgreSQL: {postgresTool} (see \"Back up and restore\" in docs/operations.md).", 1);
            }
            try
            {
                return work(DatabaseSetup.ConnectionString(builder.Configuration, builder.Environment.ContentRootPath, provider));
            }
            catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
            {
                return Refuse(e.Message, 1);
            }
        }
    }

    /// <summary><c>Masthead --help</c> prints the overview of every verb; a verb's <c>--help</c> is System.CommandLine's own.</summary>
    private sealed class OverviewOrVerbHelp(HelpAction standard, Verbs verbs) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parsed)
        {
            if (parsed.CommandResult.Command != verbs.Root) return standard.Invoke(parsed);
            verbs.WriteOverview(parsed.InvocationConfiguration.Output);
            return 0;
        }
    }

    private static DateOnly PrintListDate(ArgumentResult result, string text)
    {
        var (date, problem) = PrintList.ParseDate(text);
        if (problem is not null) result.AddError(problem);
        return date ?? default;
    }

    private static DateOnly? IsoDate(ArgumentResult result, string option)
    {
        if (DateOnly.TryParseExact(result.Tokens[0].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        result.AddError($"{option}: give a date as YYYY-MM-DD.");
        return null;
    }

    private static int Say(string message)
    {
        Console.WriteLine(message);
        return 0;
    }

    private static int Refuse(string message, int exit)
    {
        Console.Error.WriteLine(message);
        return exit;
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

    private static async Task<int> PrintListAsync(IServiceProvider services, DateOnly day, string? outFile, CancellationToken ct)
    {
        var text = await services.GetRequiredService<PrintList>().BuildAsync(day, ct);
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
            return Refuse($"Could not write {outFile}: {e.Message}", 1);
        }
        Console.WriteLine($"Wrote the list for {day:yyyy-MM-dd} to {outFile}.");
        return 0;
    }

    /// <summary>Creates a staff account; the roles were checked against <see cref="Roles.All"/> when the command was parsed.</summary>
    private static async Task<int> AddUserAsync(IServiceProvider services, string email, string[] roles)
    {
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
        if (created.Succeeded) created = await users.AddToRolesAsync(user, roles);
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
