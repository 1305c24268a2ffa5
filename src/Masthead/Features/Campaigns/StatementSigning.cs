using System.Threading.RateLimiting;
using Masthead.Data;
using Masthead.Features.Publishing;
using Masthead.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Masthead.Features.Campaigns;

/// <summary>
/// The rules of signing: a signature is written with its confirmation email in one transaction, counts only
/// once its emailed link is followed, lapses unconfirmed, and is deleted outright when withdrawn.
/// </summary>
public sealed class StatementSigning(MastheadDb db, PaperClock clock, IOptions<CampaignOptions> options,
    IOptions<PaperOptions> paper, StatementLive live, SignLimits limits)
{
    public sealed record SignForm(string Name, string Email, string? Town, string? Country, string? Organisation,
        bool ShowPublicly, ShowWith ShowWith, bool MayContact);

    public enum SignOutcome
    {
        /// <summary>A new signature; the confirmation email is on its way.</summary>
        Sent,
        /// <summary>This email has already signed and confirmed: nothing changes.</summary>
        AlreadySigned,
        /// <summary>This email has signed but not confirmed yet: a fresh link is on its way.</summary>
        Resent,
        /// <summary>Too many tries with this email address lately.</summary>
        TooMany,
        Closed,
    }

    public enum ConfirmOutcome
    {
        Confirmed,
        AlreadyConfirmed,
        Lapsed,
        NotFound,
    }

    public TimeSpan Lapse => TimeSpan.FromDays(options.Value.UnconfirmedLapseDays);

    /// <param name="siteRoot">The absolute address of the site, for the links in the email.</param>
    public async Task<SignOutcome> SignAsync(Statement statement, SignForm form, string siteRoot, CancellationToken ct)
    {
        if (statement.Status != StatementStatus.Open) return SignOutcome.Closed;
        var key = Signature.KeyOf(form.Email);
        if (!limits.TryTake(key)) return SignOutcome.TooMany;

        var now = clock.UtcNow;
        var (token, hash) = Signature.NewToken();
        using (await WriteGate.EnterAsync(db, ct))
        {
            var existing = await db.Signatures.FirstOrDefaultAsync(s => s.StatementId == statement.Id && s.EmailKey == key, ct);
            if (existing is { ConfirmedAt: not null }) return SignOutcome.AlreadySigned;

            var outcome = SignOutcome.Sent;
            var signature = existing ?? new Signature { Name = "", Email = "", EmailKey = key, TokenHash = hash, StatementId = statement.Id };
            if (existing is not null && existing.CreatedAt >= now - Lapse) outcome = SignOutcome.Resent;
            // A fresh sign (or a lapsed one signing again) takes the details given now; a resend only renews the link.
            if (outcome == SignOutcome.Sent)
            {
                signature.Name = form.Name.Trim();
                signature.Email = form.Email.Trim();
                signature.Town = Blank(form.Town);
                signature.Country = Blank(form.Country);
                signature.Organisation = Blank(form.Organisation);
                signature.ShowPublicly = form.ShowPublicly;
                signature.ShowWith = form.ShowWith;
                signature.MayContact = form.MayContact;
                signature.CreatedAt = now;
            }
            signature.TokenHash = hash;
            if (existing is null) db.Signatures.Add(signature);
            db.Outbox.Add(ConfirmationEmail(statement, signature, token, siteRoot, now));
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException) when (existing is null)
            {
                // The same email signed at the same moment from elsewhere: that one counts.
                return SignOutcome.AlreadySigned;
            }
            return outcome;
        }
    }

    /// <summary>
    /// Counts the signature whose link this is; the count moves in the same statement, by trigger. The usual case
    /// is one conditional UPDATE and one read of the statement; only a link that did not count is looked into.
    /// </summary>
    public async Task<(ConfirmOutcome Outcome, Statement? Statement)> ConfirmAsync(string slug, string token, CancellationToken ct)
    {
        if (!LooksLikeToken(token)) return (ConfirmOutcome.NotFound, null);
        var hash = Signature.HashOf(token);
        var now = clock.UtcNow;
        var cutoff = now - Lapse;
        int changed;
        using (await WriteGate.EnterAsync(db, ct))
        {
            // Conditional on the row itself: two clicks at once count once (PostgreSQL re-checks after the row lock).
            changed = await db.Signatures
                .Where(s => s.TokenHash == hash && s.ConfirmedAt == null && s.CreatedAt >= cutoff
                    && db.Statements.Any(st => st.Id == s.StatementId && st.Slug == slug))
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.ConfirmedAt, now), ct);
        }
        if (changed > 0) await live.ChangedAsync(slug);

        var row = await db.Signatures.AsNoTracking().Where(s => s.TokenHash == hash)
            .Join(db.Statements, s => s.StatementId, st => st.Id, (s, st) => new { s.ConfirmedAt, s.CreatedAt, Statement = st })
            .FirstOrDefaultAsync(ct);
        if (row is null || row.Statement.Slug != slug) return (ConfirmOutcome.NotFound, null);
        if (changed > 0) return (ConfirmOutcome.Confirmed, row.Statement);
        if (row.ConfirmedAt is not null) return (ConfirmOutcome.AlreadyConfirmed, row.Statement);
        return (ConfirmOutcome.Lapsed, row.Statement);
    }

    /// <summary>The signature this link belongs to, if it still exists.</summary>
    public async Task<Signature?> FindAsync(int statementId, string token, CancellationToken ct) =>
        LooksLikeToken(token)
            ? await db.Signatures.AsNoTracking().FirstOrDefaultAsync(s => s.TokenHash == Signature.HashOf(token) && s.StatementId == statementId, ct)
            : null;

    /// <summary>Deletes the signature: out of the count (by trigger) and the list, and its personal data gone.</summary>
    public async Task<bool> WithdrawAsync(Statement statement, string token, CancellationToken ct)
    {
        if (!LooksLikeToken(token)) return false;
        var hash = Signature.HashOf(token);
        int deleted;
        using (await WriteGate.EnterAsync(db, ct))
        {
            deleted = await db.Signatures.Where(s => s.TokenHash == hash && s.StatementId == statement.Id).ExecuteDeleteAsync(ct);
        }
        if (deleted > 0) await live.ChangedAsync(statement.Slug);
        return deleted > 0;
    }

    private OutboxEmail ConfirmationEmail(Statement statement, Signature signature, string token, string siteRoot, DateTime now)
    {
        var confirm = $"{siteRoot}{statement.Path}/confirm/{token}";
        var withdraw = $"{siteRoot}{statement.Path}/withdraw/{token}";
        var name = paper.Value.Name;
        var text = $"""
            Dear {signature.Name},

            Thank you for signing "{statement.Title}".

            Your signature counts once you confirm that this is your email address. Please open this link:
            {confirm}

            The link works for {options.Value.UnconfirmedLapseDays} days; after that an unconfirmed signature lapses.

            Changed your mind, or did not sign? This link withdraws your signature and removes your name:
            {withdraw}

            In solidarity,
            {name}
            """;
        return new OutboxEmail
        {
            Key = $"statement-sign:{signature.TokenHash[..40]}",
            ToAddress = signature.Email,
            ToName = signature.Name,
            Subject = $"Please confirm your signature: {Shorten(statement.Title, 200)}",
            TextBody = text,
            CreatedAt = now,
            NextAttemptAt = now,
        };
    }

    private static bool LooksLikeToken(string? token) =>
        token is { Length: >= 16 and <= 64 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Shorten(string s, int max) => s.Length <= max ? s : s[..max];
}

/// <summary>
/// How often one email address may use the sign form: each try may send an email, so a script cannot
/// turn the form into a mail cannon against someone. In this process only; each instance keeps its own.
/// </summary>
public sealed class SignLimits(IOptions<CampaignOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _perEmail = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.SignsPerEmail,
            Window = options.Value.RateWindow,
        }));

    public bool TryTake(string emailKey)
    {
        using var lease = _perEmail.AttemptAcquire(emailKey);
        return lease.IsAcquired;
    }

    public void Dispose() => _perEmail.Dispose();
}
