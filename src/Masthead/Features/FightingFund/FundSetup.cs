using Masthead.Features.Publishing;
using Masthead.Infrastructure.Payments;
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

    /// <summary>
    /// Opens this month's period before the first request is served, so no reader (and no test) ever meets "no period
    /// open" in the moment between start-up and the keeper's first round; the keeper opens the following months.
    /// </summary>
    public static async Task OpenFundMonthAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<FundPeriods>().EnsureMonthAsync(ct);
    }

    /// <summary>Opens each month's period and keeps every open page's widget live.</summary>
    public static IHostApplicationBuilder AddFundWorkers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHostedService<FundKeeper>();
        return builder;
    }
}
