using Masthead.Features.Publishing;
using Masthead.Infrastructure;
using Masthead.Infrastructure.Payments;
namespace Masthead.Features.FightingFund;

public sealed class FundFeature : Feature
{
    public override void AddServices(IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<FundOptions>().BindConfiguration(FundOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.MinimumDonationPounds <= o.MaximumDonationPounds, "Fund:MinimumDonationPounds is above the maximum.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ISitemapSource>(new StandingPage("/fund"));
        builder.Services.AddSingleton<FundLive>();
        builder.Services.AddSingleton<ILiveFragmentSource, FundFragments>();
        builder.Services.AddSingleton<IPaymentsListener>(s => s.GetRequiredService<FundLive>());
        builder.Services.AddScoped<FundPeriods>();
        builder.Services.AddScoped<PrintList>();
    }

    /// <summary>
    /// Opens this month's period before the first request is served, so no reader (and no test) ever meets "no period
    /// open" in the moment between start-up and the keeper's first round; the keeper opens the following months.
    /// </summary>
    public override async Task StartAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<FundPeriods>().EnsureMonthAsync(ct);
    }

    /// <summary>Opens each month's period and keeps every open page's widget live.</summary>
    public override void AddWorkers(IServiceCollection services) => services.AddHostedService<FundKeeper>();

    /// <summary>The figures as JSON, and as a live stream for open pages (see <see cref="FundEndpoints"/>).</summary>
    public override void Map(WebApplication app) => app.MapFund();
}
