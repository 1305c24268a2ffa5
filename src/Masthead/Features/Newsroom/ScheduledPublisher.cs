using Microsoft.Extensions.Options;

namespace Masthead.Features.Newsroom;

public sealed class NewsroomOptions
{
    public const string SectionName = "Newsroom";

    /// <summary>How often the scheduler looks for articles whose time has come.</summary>
    public TimeSpan SchedulerInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// Publishes scheduled articles on time. The schedule lives in the articles table, not in memory,
/// so a restart loses nothing: the first pass after start publishes whatever fell due meanwhile.
/// </summary>
public sealed class ScheduledPublisher(IServiceScopeFactory scopes, IOptions<NewsroomOptions> options,
    TimeProvider time, ILogger<ScheduledPublisher> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SchedulerInterval, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var published = await scope.ServiceProvider.GetRequiredService<ArticleDesk>().PublishDueAsync(stoppingToken);
                if (published > 0) log.LogInformation("Published {Count} scheduled article(s)", published);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Scheduled publishing failed; will try again");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
