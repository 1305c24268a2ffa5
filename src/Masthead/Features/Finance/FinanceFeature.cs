using Masthead.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
namespace Masthead.Features.Finance;

/// <summary>The Finance desk: its pages live under /finance (see FinanceFeature); the bank import is shared with the command line.</summary>
public sealed class FinanceFeature : Feature
{
    public override void AddServices(IHostApplicationBuilder builder) => builder.Services.AddScoped<BankImport>();

    public override void ConfigurePages(PageConventionCollection pages) => pages.AuthorizeFolder("/Finance", Roles.Policies.Finance);
}
