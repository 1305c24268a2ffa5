using System.Threading.RateLimiting;
using Masthead.Data;
using Masthead.Features.Publishing;
using Masthead.Infrastructure;
using Masthead.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Masthead.Features.Campaigns;

/// <summary>
/// The rules of signing: a signature is written with its confirmation email in one transaction, counts only
/// once its emailed link is followed, lapses unconfirmed, and is deleted outright when withdrawn.
/// </summary>
public sealed class StatementSigning(MastheadDb db, PaperClock clock, IOptions<CampaignOptions> options,
    IOptions<PaperOptions> paper, StatementLive live, SignLimits limits, SignatureInserts inserts, SignatureConfirmations confirmations)
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
        /// <summary>The statement no longer takes signatures.</summary>
        Closed,
        /// <summary>There is no such statement (or it is still a draft).</summary>
        NotFound,
    }

    public enum ConfirmOutcome
    {
        Confirmed,
        AlreadyConfirmed,
        Lapsed,
        NotFound,
    }

    public TimeSpan Lapse => TimeSpan.FromDays(options.Value.UnconfirmedLapseDays);

    /// <summary>
    /// Signs the open statement at <paramref name="slug"/>: checks the per-email limit here, then looks the statement
    /// up and writes the signature and its email in a transaction shared with whoever else is signing.
    /// </summary>
    public async Task<SignOutcome> SignAsync(string slug, SignForm form, CancellationToken ct)
    {
        var key = Signature.KeyOf(form.Email);
        if (!await limits.TryTakeAsync(key)) return SignOutcome.TooMany;

        var now = clock.UtcNow;
        var (token, hash) = Signature.NewToken();
        return await inserts.RunAsync(new SignatureInserts.Item(slug, form, key, hash, now, now - Lapse,
            (title, name, address) => ConfirmationEmail(slug, title, name, address, token, now)), ct);
    }

    /// <summary>
    /// Counts the signature whose link this is; the count moves in the same transaction, by trigger. The usual case
    /// is one conditional UPDATE, sharing its transaction with whatever other confirmations are arriving.
    /// </summary>
    public async Task<ConfirmOutcome> ConfirmAsync(string slug, string token, CancellationToken ct)
    {
        if (!LooksLikeToken(token)) return ConfirmOutcome.NotFound;
        var now = clock.UtcNow;
        return await confirmations.RunAsync(new SignatureConfirmations.Item(slug, Signature.HashOf(token), now, now - Lapse), ct);
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

    private OutboxEmail ConfirmationEmail(string slug, string title, string signerName, string address, string token, DateTime now)
    {
        var confirm = SiteUrls.Absolute(paper.Value, $"{Statement.PathOf(slug)}/confirm/{token}");
        var withdraw = SiteUrls.Absolute(paper.Value, $"{Statement.PathOf(slug)}/withdraw/{token}");
        var name = paper.Value.Name;
        var text = $"""
            Dear {signerName},

            Thank you for signing "{title}".

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
            Key = $"statement-sign:{Signature.HashOf(token)[..40]}",
            ToAddress = address,
            ToName = signerName,
            Subject = $"Please confirm your signature: {Shorten(title, 200)}",
            TextBody = text,
            CreatedAt = now,
            NextAttemptAt = now,
        };
    }

    private static bool LooksLikeToken(string? token) =>
        token is { Length: >= 16 and <= 64 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Shorten(string s, int max) => s.Length <= max ? s : s[..max];
}

/// <summary>
/// How often one email address may use the sign form: each try may send an email, so a script cannot
/// turn the form into a mail cannon against someone. Counted in Redis across instances when it is configured,
/// else in this process (<see cref="WindowLimits"/>).
/// </summary>
public sealed class SignLimits(IOptions<CampaignOptions> options, WindowLimits limits)
{
    public ValueTask<bool> TryTakeAsync(string emailKey) =>
        limits.TryTakeAsync("sign-email", emailKey, options.Value.SignsPerEmail, options.Value.RateWindow);
}
