using System.Security.Cryptography;
using System.Text;
using Masthead.Data;
using Masthead.Features.Publishing;
using Masthead.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Masthead.Features.Readers;

/// <summary>Issues and redeems the emailed links readers sign in with.</summary>
public sealed class ReaderLinks(
    MastheadDb db, IEnumerable<IReaderAccountPart> parts, TimeProvider time,
    IOptions<ReaderOptions> options, IOptions<PaperOptions> paper)
{
    public enum Sent { Sent, NotKnown, TooMany }

    /// <summary>
    /// Emails a sign-in link to the address when some part of Masthead knows it. The caller tells the
    /// person the same thing whatever the outcome, so the form does not reveal who is a member.
    /// </summary>
    public async Task<Sent> SendAsync(string email, Func<string, string> linkFor, CancellationToken ct)
    {
        email = ReaderAccess.Normalise(email);
        if (!await KnownAsync(email, ct)) return Sent.NotKnown;

        var now = time.GetUtcNow().UtcDateTime;
        var recent = await db.ReaderSignInLinks.CountAsync(l => l.Email == email && l.CreatedAt > now.AddHours(-1), ct);
        if (recent >= options.Value.LinksPerHour) return Sent.TooMany;

        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var link = new ReaderSignInLink
        {
            Email = email,
            TokenHash = Hash(token),
            CreatedAt = now,
            ExpiresAt = now + options.Value.LinkLifetime,
        };
        db.Add(link);
        db.Outbox.Add(Compose(email, linkFor(token), now));
        await db.SaveChangesAsync(ct);
        return Sent.Sent;
    }

    /// <summary>Uses up a link: the address it was sent to, or null when it is unknown, used or expired.</summary>
    public async Task<string?> RedeemAsync(string token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100) return null;
        var hash = Hash(token);
        var now = time.GetUtcNow().UtcDateTime;
        // One conditional update: of two clicks at once, only one finds the link unused.
        var used = await db.ReaderSignInLinks
            .Where(l => l.TokenHash == hash && l.UsedAt == null && l.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.UsedAt, now), ct);
        if (used == 0) return null;
        return await db.ReaderSignInLinks.Where(l => l.TokenHash == hash).Select(l => l.Email).SingleAsync(ct);
    }

    /// <summary>Whether a link for this token is still waiting to be used (to word the page before the click).</summary>
    public Task<bool> IsUsableAsync(string token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100) return Task.FromResult(false);
        var hash = Hash(token);
        var now = time.GetUtcNow().UtcDateTime;
        return db.ReaderSignInLinks.AnyAsync(l => l.TokenHash == hash && l.UsedAt == null && l.ExpiresAt > now, ct);
    }

    /// <summary>The parts of Masthead that know this address, in the order the reader's home page shows them.</summary>
    public async Task<IReadOnlyList<IReaderAccountPart>> PartsKnowingAsync(string email, CancellationToken ct)
    {
        var known = new List<IReaderAccountPart>();
        foreach (var part in parts.OrderBy(p => p.Order))
        {
            if (await part.KnowsAsync(email, ct)) known.Add(part);
        }
        return known;
    }

    private async Task<bool> KnownAsync(string email, CancellationToken ct)
    {
        foreach (var part in parts)
        {
            if (await part.KnowsAsync(email, ct)) return true;
        }
        return false;
    }

    private OutboxEmail Compose(string email, string url, DateTime now)
    {
        var name = paper.Value.Name;
        var minutes = (int)options.Value.LinkLifetime.TotalMinutes;
        return new OutboxEmail
        {
            // One message per link: the hash of the link's token keeps the key unique and says nothing.
            Key = $"reader-signin:{Hash(url)[..32]}",
            ToAddress = email,
            Subject = $"Your link to sign in to {name}",
            TextBody = $"""
                Hello,

                Someone (we hope you) asked to sign in to {name} with this address. Open this link to sign in:

                {url}

                The link works once, for {minutes} minutes. If you did not ask for it, ignore this email: nothing happens without the link.

                {name}
                """,
            CreatedAt = now,
            NextAttemptAt = now,
        };
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
