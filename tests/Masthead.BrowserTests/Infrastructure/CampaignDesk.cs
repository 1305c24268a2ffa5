using Masthead.Data;
using Masthead.Features.Campaigns;
using Masthead.Features.Publishing;
using Microsoft.Extensions.DependencyInjection;

namespace Masthead.BrowserTests.Infrastructure;

/// <summary>An open statement a test owns, written straight to the paper's database (its subject is signing, not writing).</summary>
public static class CampaignDesk
{
    public static async Task<Statement> OpenStatementAsync(this PaperHost host, int? target = 100)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MastheadDb>();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var text = "We stand with the cleaners and call on the operator to bring the contract in-house.";
        var now = DateTime.UtcNow;
        var statement = new Statement
        {
            Slug = $"stand-with-the-cleaners-{tag}",
            Title = $"Stand with the cleaners {tag}",
            Addressee = "To the tram operator",
            Text = text,
            TextHtml = scope.ServiceProvider.GetRequiredService<ArticleBody>().ToHtml(text),
            Target = target,
            Status = StatementStatus.Open,
            CreatedAt = now,
            UpdatedAt = now,
            OpenedAt = now,
        };
        db.Statements.Add(statement);
        await db.SaveChangesAsync();
        return statement;
    }
}
