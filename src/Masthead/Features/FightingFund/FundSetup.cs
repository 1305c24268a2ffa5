using Masthead.Infrastructure.Payments;
using Masthead.Features.Publishing;
namespace Masthead.Features.FightingFund;

public static class FundSetup
{
    public static IHostApplicationBuilder AddFund(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<FundOptions>().BindConfiguration(FundOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.MinimumDonationPounds <= o.MaximumDonationPounds, "Fund:MinimumDonationPounds is above the maximum.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ISitemapSource>(new StandingPage("/fund"));
        builder.Services.AddSingleton<FundLive>();
        builder.Services.AddSingleton<IPaymentsListener>(s => s.GetRequiredService<FundLive>());
        builder.Services.AddScoped<FundPeriods>();
        builder.Services.AddScoped<PrintList>();
        return builder;
    }

    /// <summary>Opens each month's period and keeps every open page's widget live.</summary>
    public static IHostApplicationBuilder AddFundWorkers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHostedService<FundKeeper>();
        return builder;
    }
}
