using System.Collections.Concurrent;
using Masthead.Data;
using Masthead.Features.Publishing;
using Masthead.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Masthead.IntegrationTests.Data;

public sealed class GroupCommitTests_Sqlite() : GroupCommitTests(new SqliteApp());
[Trait("Needs", "PostgreSQL")]
public sealed class GroupCommitTests_Postgres() : GroupCommitTests(new PostgresApp());

/// <summary>
/// The group commit behind the webhook: work that waits together is committed together, a failing item
/// costs only its own caller, and nobody is answered before their work is committed.
/// </summary>
public abstract class GroupCommitTests(MastheadApp app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task A_failing_item_costs_only_its_own_caller_and_the_rest_of_its_batch_is_committed()
    {
        await using var commits = new SettingWrites(app.Services.GetRequiredService<IServiceScopeFactory>());
        var tag = Guid.NewGuid().ToString("N")[..12];
        string Key(string name) => $"test.{tag}.{name}";

        // The first batch is held open, so the next four callers queue up (RunAsync queues before it first waits)
        // and are taken as one batch.
        var held = commits.RunAsync(Key("held"));
        await Eventually.WaitForAsync(() => Task.FromResult(commits.Batches.Count), n => n == 1);
        var first = commits.RunAsync(Key("one"));
        var second = commits.RunAsync(Key("two"));
        var repeat = commits.RunAsync(Key("one"));
        var third = commits.RunAsync(Key("three"));
        commits.Release.SetResult();

        Assert.Equal($"saved {Key("held")}", await held);
        // Each caller looks at the database the moment it is answered, on a connection of its own.
        Assert.True(await SeenWhenAnswered(first, Key("one")));
        Assert.True(await SeenWhenAnswered(second, Key("two")));
        Assert.True(await SeenWhenAnswered(third, Key("three")));
        await Assert.ThrowsAsync<DbUpdateException>(() => repeat);

        var batches = commits.Batches.ToList();
        Assert.Equal(new[] { Key("one"), Key("two"), Key("one"), Key("three") }, batches[1]);
        // The shared transaction failed on the repeat, so each item was applied again on its own.
        Assert.Equal(new[] { Key("one"), Key("two"), Key("one"), Key("three") }, batches.Skip(2).Select(b => Assert.Single(b)));
        var saved = await app.WithDbAsync(db => db.SiteSettings.AsNoTracking().Where(s => s.Key.StartsWith($"test.{tag}."))
            .Select(s => s.Key).OrderBy(k => k).ToListAsync());
        Assert.Equal(new[] { Key("held"), Key("one"), Key("three"), Key("two") }, saved);
    }

    [Fact]
    public async Task Callers_that_arrive_together_share_one_transaction()
    {
        await using var commits = new SettingWrites(app.Services.GetRequiredService<IServiceScopeFactory>());
        var tag = Guid.NewGuid().ToString("N")[..12];
        var held = commits.RunAsync($"test.{tag}.held");
        await Eventually.WaitForAsync(() => Task.FromResult(commits.Batches.Count), n => n == 1);
        var callers = Enumerable.Range(0, 20).Select(i => commits.RunAsync($"test.{tag}.{i:00}")).ToList();
        commits.Release.SetResult();

        await held;
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"saved test.{tag}.{i:00}"), await Task.WhenAll(callers));
        Assert.Equal(2, commits.Batches.Count);
        Assert.Equal(20, commits.Batches.Last().Count);
    }

    [Fact]
    public async Task The_writer_does_not_carry_the_context_of_the_request_that_started_it()
    {
        await using var commits = new SettingWrites(app.Services.GetRequiredService<IServiceScopeFactory>());
        var tag = Guid.NewGuid().ToString("N")[..12];
        commits.Release.SetResult();
        var accessor = new HttpContextAccessor();
        var first = new DefaultHttpContext();
        first.Request.Host = new HostString("first.example");

        // The first caller, inside a request, starts the writer; the second comes later from another request.
        accessor.HttpContext = first;
        Ambient.Value = "first caller";
        await commits.RunAsync($"test.{tag}.first");
        accessor.HttpContext = null;
        Ambient.Value = null;
        await commits.RunAsync($"test.{tag}.second");

        Assert.Equal([(null, null), (null, null)], commits.Seen.ToArray());
    }

    /// <summary>Stands for anything a request keeps in its execution context (IHttpContextAccessor keeps the HttpContext so).</summary>
    private static readonly AsyncLocal<string?> Ambient = new();

    private async Task<bool> SeenWhenAnswered(Task<string> caller, string key)
    {
        await caller;
        return await app.WithDbAsync(db => db.SiteSettings.AsNoTracking().AnyAsync(s => s.Key == key));
    }

    /// <summary>Writes one site setting per item; a key written twice fails like any broken write would.</summary>
    private sealed class SettingWrites(IServiceScopeFactory scopes) : GroupCommit<string, string>(scopes, NullLogger.Instance)
    {
        public ConcurrentQueue<List<string>> Batches { get; } = new();
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The request host and the ambient value each item was applied under.</summary>
        public ConcurrentQueue<(string? Host, string? Ambient)> Seen { get; } = new();

        // One writer and room for everything on both engines, so what waits together is taken together.
        protected override int WritersFor(DatabaseProvider provider) => 1;

        protected override int MaxBatchFor(DatabaseProvider provider) => 100;

        protected override async Task BeginAsync(MastheadDb db, IReadOnlyList<string> items, CancellationToken ct)
        {
            Batches.Enqueue([.. items]);
            if (Batches.Count == 1) await Release.Task;
        }

        protected override async Task<string> ApplyAsync(IServiceProvider services, MastheadDb db, string key, CancellationToken ct)
        {
            Seen.Enqueue((new HttpContextAccessor().HttpContext?.Request.Host.Value, Ambient.Value));
            db.SiteSettings.Add(new SiteSetting { Key = key, Value = "group commit test" });
            await db.SaveChangesAsync(ct);
            return $"saved {key}";
        }
    }
}
