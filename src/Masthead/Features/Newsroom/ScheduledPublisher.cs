using Masthead.Infrastructure;
using Microsoft.Extensions.Options;

namespace Masthead.Features.Newsroom;

public sealed class NewsroomOptions
{
    public const string SectionName = "Newsroom";

    /// <summary>
    /// How often the scheduler looks anyway for schedules nobody told it about: those made on another instance (or
    /// by the command line). A schedule made on this instance wakes it, and it sleeps until the first one is due.
    /// </summary>
    public TimeSpan SchedulerInterval { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>
/// Publishes scheduled articles on time. The schedule lives in the articles table, not in memory,
/// so a restart loses nothing: the first pass after start publishes whatever fell due meanwhile.
/// </summary>
/// <remarks>
/// It does not poll: after each pass it sleeps until the first scheduled article falls due, or until
/// <see cref="NewsroomOptions.SchedulerInterval"/> has passed if that is sooner, or until the desk schedules
/// something on this instance (<see cref="ArticleDesk"/> wakes it once the schedule is committed). Every instance
/// wakes at the due time, and the claim in <see cref="ArticleDesk.PublishDueAsync"/> lets exactly one publish.
/// </remarks>
public sealed class ScheduledPublisher(IServiceScopeFactory scopes, IOptions<NewsroomOptions> options, Wakeup<ScheduledPublisher> wakeup,
    TimeProvider time, ILogger<ScheduledPublisher> log) : BackgroundService
{
    /// <summary>How soon a pass that failed (the database away, say) is tried again.</summary>
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var safety = options.Value.SchedulerInterval;
        var retry = safety < RetryAfterFailure ? safety : RetryAfterFailure;
        while (!stoppingToken.IsCancellationRequested)
        {
            var looked = time.GetUtcNow();
            var next = looked + safety;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var desk = scope.ServiceProvider.GetRequiredService<ArticleDesk>();
                var published = await desk.PublishDueAsync(stoppingToken);
                if (published > 0) log.LogInformation("Published {Count} scheduled article(s)", published);
                // One due before the pass began should have gone in it: if it is still there, try again shortly, not in a spin.
                if (await desk.NextScheduledAsync(stoppingToken) is { } due && Utc(due) < next)
                    next = Utc(due) > looked ? Utc(due) : looked + retry;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Scheduled publishing failed; will try again");
                next = time.GetUtcNow() + retry;
            }
            await wakeup.WaitAsync(next, stoppingToken);
        }
    }

    private static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));
}
