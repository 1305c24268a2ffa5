using Masthead.Data;
using Masthead.Features.Account;
using Masthead.Features.Campaigns;
using Masthead.Features.Donations;
using Masthead.Features.Events;
using Masthead.Features.FightingFund;
using Masthead.Features.Finance;
using Masthead.Features.Membership;
using Masthead.Features.Newsroom;
using Masthead.Features.Publishing;
using Masthead.Features.Readers;
using Masthead.Features.Supporters;
using Masthead.Infrastructure;

// The same executable is the command line: `migrate`, `backup`, `users add`… (see --help).
if (CommandLine.IsCommand(args)) return await CommandLine.RunAsync(args);

var builder = Hosting.CreateBuilder(CommandLine.HostArguments(args));
builder.AddMasthead(serving: true);

var app = builder.Build();
if (!app.Services.SettingsAreValid()) return 1;
if (!await app.Services.PrepareDatabaseAsync(app.Environment))
{
    await app.DisposeAsync(); // writes out the log line that says why, before the process ends
    return 1;
}
foreach (var feature in Program.Features) await feature.StartAsync(app.Services, app.Lifetime.ApplicationStopping);

app.UseProxies();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error");
    app.UseHsts();
}
app.UseStatusCodePagesWithReExecute("/error/{0}");
app.UseDatabaseUnavailable();
app.UseSecurityHeaders();
app.UseStaticFiles(new StaticFileOptions
{
    OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "public, max-age=3600",
});
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseLivePages();
app.UseOutputCache();
app.UsePublicPageHeaders();
app.MapMasthead();

app.Run();
return 0;

public partial class Program
{
    public const long MaxRequestBodyBytes = 2 * 1024 * 1024;

    /// <summary>
    /// The paper's table of contents. Each feature registers, in its own folder and in one place, its services and
    /// settings, the policy guarding each of its pages, its background work and its endpoints (see <see cref="Feature"/>).
    /// </summary>
    public static readonly IReadOnlyList<Feature> Features =
    [
        new PublishingFeature(),  // front page, sections, authors, articles, feeds, search
        new NewsroomFeature(),    // the editors' desk, scheduled publishing, Markdown import
        new FundFeature(),        // the monthly fighting fund and its live widget
        new DonationsFeature(),   // gifts by card, receipts, the ledger's rules
        new FinanceFeature(),     // offline gifts, bank statements, corrections, the review queue
        new SupportersFeature(),  // recurring supporters and their schemes
        new MembershipFeature(),  // the co-operative's register of members and share applications
        new CampaignsFeature(),   // solidarity statements people sign
        new EventsFeature(),      // events people register for and watch
        new ReadersFeature(),     // readers' own pages, signed in by an emailed link
        new AccountFeature(),     // staff accounts: sign-in, roles, passwords
    ];
}
