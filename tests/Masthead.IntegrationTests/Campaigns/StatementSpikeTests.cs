using System.Net;
using Masthead.Features.Campaigns;
using Masthead.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Masthead.IntegrationTests.Campaigns;

// A load test: in the full run only, not in scripts/test --fast.
[Trait("Category", "Load")]
public sealed class StatementSpikeTests_Sqlite() : StatementSpikeTests(new SqliteApp { UseRealServer = true });
[Trait("Needs", "PostgreSQL")]
public sealed class StatementSpikeTests_Postgres() : StatementSpikeTests(new PostgresApp { UseRealServer = true });

/// <summary>
/// Five thousand signers follow their links at once over 32 connections to a real Kestrel server — some click
/// twice, some links are forged — and the count equals the distinct confirmed signatures, on the page too.
/// </summary>
public abstract class StatementSpikeTests(MastheadApp app) : IAsyncLifetime
{
    private const int Signers = 5_000;
    private const int Connections = 32;

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task Five_thousand_confirmations_over_32_connections_leave_the_count_equal_to_the_distinct_confirmed_signatures()
    {
        var statement = await Statements.NewAsync(app, target: 10_000);
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var tokens = new List<string>(Signers);
        await app.WithDbAsync(async db =>
        {
            for (var i = 0; i < Signers; i++)
            {
                var (token, hash) = Signature.NewToken();
                tokens.Add(token);
                var email = $"spike{i}@spike.test";
                db.Signatures.Add(new Signature
                {
                    StatementId = statement.Id,
                    Name = $"Signer {i}",
                    Email = email,
                    EmailKey = email,
                    TokenHash = hash,
                    ShowPublicly = i % 2 == 0,
                    CreatedAt = now,
                });
            }
            await db.SaveChangesAsync();
        });

        var random = new Random(20261130);
        var requests = tokens.Select(t => $"{statement.Path}/confirm/{t}")
            .Concat(Enumerable.Range(0, Signers / 10).Select(_ => $"{statement.Path}/confirm/{tokens[random.Next(tokens.Count)]}")) // second clicks
            .Concat(Enumerable.Range(0, Signers / 20).Select(_ => $"{statement.Path}/confirm/{Signature.NewToken().Token}")) // forged
            .OrderBy(_ => random.Next()).ToList();

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Connections, AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = app.ClientOptions.BaseAddress };
        var answers = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = Connections }, async (url, ct) =>
        {
            using var response = await client.GetAsync(url, ct);
            answers.Add(response.StatusCode == HttpStatusCode.SeeOther ? response.Headers.Location!.OriginalString : ((int)response.StatusCode).ToString());
        });

        // Each signer is told their signature counts exactly once; second clicks are told it already did.
        Assert.Equal(Signers, answers.Count(a => a.EndsWith("?signed=confirmed", StringComparison.Ordinal)));
        Assert.Equal(Signers / 10, answers.Count(a => a.EndsWith("?signed=counted", StringComparison.Ordinal)));
        Assert.Equal(Signers / 20, answers.Count(a => a == "404"));
        var confirmed = await app.WithDbAsync(db => db.Signatures.CountAsync(s => s.StatementId == statement.Id && s.ConfirmedAt != null));
        var counted = (await Statements.ReloadAsync(app, statement)).SignedCount;
        Assert.Equal(Signers, confirmed);
        Assert.Equal(confirmed, counted);
        Assert.Equal("5,000 people have signed", await Statements.CountShownAsync(client, statement));
    }
}
