using Masthead.Data;
using Masthead.Features.Campaigns;
using Masthead.Features.Donations;
using Masthead.Features.Events;
using Masthead.Features.FightingFund;
using Masthead.Features.Newsroom;
using Masthead.Features.Publishing;
using Masthead.Features.Supporters;
using Masthead.Infrastructure;
using Masthead.Infrastructure.Auth;
using Masthead.Infrastructure.Email;
using Masthead.Infrastructure.Payments;

// The same executable is the command line: `migrate`, `import articles`, `users add`… (see --help).
if (CommandLine.IsCommand(args)) return await CommandLine.RunAsync(args);
if (args is ["serve", ..]) args = args[1..];

var builder = Hosting.CreateBuilder(args);
builder.AddMasthead();
builder.RequireBaseUrl();
builder.RequireKeyEncryption();
builder.AddPublishingWorkers();
builder.AddNewsroomWorkers();
builder.AddFundWorkers();
builder.AddEmailWorkers();
builder.AddCampaignsWorkers();
builder.AddEventsWorkers();

var app = builder.Build();
if (!app.Services.SettingsAreValid()) return 1;
if (!await app.Services.PrepareDatabaseAsync(app.Environment)) return 1;
await app.Services.OpenFundMonthAsync();

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
app.UseOutputCache();
app.UsePublicPageHeaders();

app.MapRazorPages();
app.MapPublishing();
app.MapNewsroom();
app.MapFund();
app.MapPayments();
app.MapEvents();
app.MapSupporters();

app.Run();
return 0;

public partial class Program
{
    public const long MaxRequestBodyBytes = 2 * 1024 * 1024;
}
