using Masthead.Features.Publishing;
using Masthead.Features.Readers;
using Masthead.Infrastructure.Auth;
using Masthead.Infrastructure.Payments;
using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace Masthead.Features.Membership;

/// <summary>The register of members: the public application, the committee's desk (/membership), Finance's share money, members' own pages.</summary>
public sealed class MembershipFeature : Feature
{
    public override void AddServices(IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MembershipOptions>().BindConfiguration(MembershipOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.CapPence % o.ShareValuePence == 0, "Membership:CapPounds must be a whole number of shares.")
            .Validate(o => o.MinimumFirstShares <= o.MaxShares, "Membership:MinimumFirstShares must be within the cap.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ISitemapSource>(new StandingPage("/shares"));
        builder.Services.AddSingleton<MemberLetters>();
        builder.Services.AddSingleton<ShareCheckout>();
        builder.Services.AddScoped<ShareRegister>();
        builder.Services.AddScoped<ShareApplications>();
        builder.Services.AddScoped<IPaymentHandler, SharePaymentEvents>();
        builder.Services.AddScoped<RegisterReports>();
        builder.Services.AddScoped<RegisterImport>();
        builder.Services.AddScoped<IReaderAccountPart, MembershipAccountPart>();
    }

    public override void ConfigurePages(PageConventionCollection pages)
    {
        pages.AuthorizeFolder("/Membership/Register", Roles.Policies.Membership);
        pages.AuthorizeFolder("/Membership/ShareMoney", Roles.Policies.Finance);
        pages.AuthorizeFolder("/Membership/My", ReaderAccess.Policy);
    }
}
