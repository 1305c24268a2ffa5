using Masthead.Data;
using Masthead.Infrastructure.Email;

namespace Masthead.Features.Campaigns;

/// <summary>
/// New signatures, written through a group commit: a burst of people signing shares transactions and commits
/// (one writer, batches of up to 100, on SQLite; a few writers on PostgreSQL), and each signer is answered only once
/// the transaction holding their signature and its confirmation email has committed. Plain SQL, as on the
/// money path: EF Core's change tracker cost several times the two inserts themselves.
/// </summary>
/// <remarks>
/// "One per email per statement" rests on the unique index: a second signature with the same address, from the same
/// batch or from another writer or instance at the same moment, inserts nothing and queues no email.
/// </remarks>
public sealed class SignatureInserts(IServiceScopeFactory scopes, ILogger<SignatureInserts> log)
    : GroupCommit<SignatureInserts.Item, StatementSigning.SignOutcome>(scopes, log)
{
    /// <param name="Email">The confirmation email for the name and address the signature ends up with (a resend keeps the first ones).</param>
    public sealed record Item(int StatementId, StatementSigning.SignForm Form, string EmailKey, string TokenHash, DateTime Now,
        DateTime LapsedBefore, Func<string, string, OutboxEmail> Email);

    protected override async Task<StatementSigning.SignOutcome> ApplyAsync(IServiceProvider services, MastheadDb db, Item item, CancellationToken ct)
    {
        var existing = (await db.QueryAsync(
            """SELECT "Id", "Name", "Email", "CreatedAt", "ConfirmedAt" IS NOT NULL FROM "Signatures" WHERE "StatementId" = @statement AND "EmailKey" = @key""",
            r => new { Id = r.GetInt64(0), Name = r.GetString(1), Email = r.GetString(2), CreatedAt = r.GetDateTime(3), Confirmed = r.GetBoolean(4) },
            ct, ("statement", item.StatementId), ("key", item.EmailKey))).FirstOrDefault();
        if (existing is { Confirmed: true }) return StatementSigning.SignOutcome.AlreadySigned;

        var form = item.Form;
        (string Name, object? Value)[] details =
        [
            ("hash", item.TokenHash), ("name", form.Name.Trim()), ("email", form.Email.Trim()), ("town", Blank(form.Town)),
            ("country", Blank(form.Country)), ("organisation", Blank(form.Organisation)), ("public", form.ShowPublicly),
            ("showWith", form.ShowWith), ("contact", form.MayContact), ("now", item.Now),
        ];
        StatementSigning.SignOutcome outcome;
        string name, address;
        if (existing is null)
        {
            var inserted = await db.ExecuteAsync("""
                INSERT INTO "Signatures" ("StatementId", "EmailKey", "TokenHash", "Name", "Email", "Town", "Country", "Organisation",
                    "ShowPublicly", "ShowWith", "MayContact", "CreatedAt")
                VALUES (@statement, @key, @hash, @name, @email, @town, @country, @organisation, @public, @showWith, @contact, @now)
                ON CONFLICT DO NOTHING
                """, ct, [("statement", item.StatementId), ("key", item.EmailKey), .. details]);
            // The same address signed at the same moment elsewhere (committed first): that signature is the one.
            if (inserted == 0) return StatementSigning.SignOutcome.AlreadySigned;
            (outcome, name, address) = (StatementSigning.SignOutcome.Sent, form.Name.Trim(), form.Email.Trim());
        }
        else if (existing.CreatedAt >= item.LapsedBefore)
        {
            // Signed lately but not confirmed: a fresh link replaces the old one; the details first given stay.
            await db.ExecuteAsync("""UPDATE "Signatures" SET "TokenHash" = @hash WHERE "Id" = @id""", ct,
                ("hash", item.TokenHash), ("id", existing.Id));
            (outcome, name, address) = (StatementSigning.SignOutcome.Resent, existing.Name, existing.Email);
        }
        else
        {
            // Lapsed and not yet swept away: signing again starts afresh with the details given now.
            await db.ExecuteAsync("""
                UPDATE "Signatures" SET "TokenHash" = @hash, "Name" = @name, "Email" = @email, "Town" = @town, "Country" = @country,
                    "Organisation" = @organisation, "ShowPublicly" = @public, "ShowWith" = @showWith, "MayContact" = @contact, "CreatedAt" = @now
                WHERE "Id" = @id
                """, ct, [("id", existing.Id), .. details]);
            (outcome, name, address) = (StatementSigning.SignOutcome.Sent, form.Name.Trim(), form.Email.Trim());
        }
        var email = item.Email(name, address);
        await db.ExecuteAsync(OutboxEmail.InsertSql, ct, email.SqlValues());
        return outcome;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>
/// Confirmations by the emailed link, through a group commit: each is one conditional UPDATE (the count moves by
/// trigger, in the same transaction), a batch commits once, and the pages showing each statement whose count moved
/// are dropped from the cache once per batch, before the signers are answered, so the page they go to next shows
/// their signature counted.
/// </summary>
public sealed class SignatureConfirmations(IServiceScopeFactory scopes, StatementLive live, ILogger<SignatureConfirmations> log)
    : GroupCommit<SignatureConfirmations.Item, StatementSigning.ConfirmOutcome>(scopes, log)
{
    /// <param name="CreatedSince">Signatures created before this have lapsed and no longer confirm.</param>
    public sealed record Item(string Slug, string TokenHash, DateTime Now, DateTime CreatedSince);

    /// <summary>
    /// On PostgreSQL each confirmation's trigger takes its statement's row lock until the commit. Taking the locks of
    /// the batch's statements first, in id order, means two writers' batches never wait for each other in a circle.
    /// </summary>
    protected override async Task BeginAsync(MastheadDb db, IReadOnlyList<Item> items, CancellationToken ct)
    {
        if (db.Provider != DatabaseProvider.Postgres) return;
        await db.QueryAsync("""SELECT "Id" FROM "Statements" WHERE "Slug" = ANY(@slugs) ORDER BY "Id" FOR UPDATE""",
            r => r.GetInt32(0), ct, ("slugs", items.Select(i => i.Slug).Distinct().ToArray()));
    }

    protected override async Task<StatementSigning.ConfirmOutcome> ApplyAsync(IServiceProvider services, MastheadDb db, Item item, CancellationToken ct)
    {
        // Conditional on the row itself: two clicks at once count once (PostgreSQL re-checks after the row lock).
        var changed = await db.ExecuteAsync("""
            UPDATE "Signatures" SET "ConfirmedAt" = @now
            WHERE "TokenHash" = @hash AND "ConfirmedAt" IS NULL AND "CreatedAt" >= @since
              AND "StatementId" = (SELECT "Id" FROM "Statements" WHERE "Slug" = @slug)
            """, ct, ("now", item.Now), ("hash", item.TokenHash), ("since", item.CreatedSince), ("slug", item.Slug));
        if (changed > 0) return StatementSigning.ConfirmOutcome.Confirmed;

        // Only a link that did not count is looked into: confirmed before, lapsed, or not this statement's at all.
        var row = (await db.QueryAsync("""
            SELECT s."ConfirmedAt" IS NOT NULL FROM "Signatures" s JOIN "Statements" st ON st."Id" = s."StatementId"
            WHERE s."TokenHash" = @hash AND st."Slug" = @slug
            """, r => r.GetBoolean(0), ct, ("hash", item.TokenHash), ("slug", item.Slug))).ToArray();
        return row switch
        {
            [] => StatementSigning.ConfirmOutcome.NotFound,
            [true] => StatementSigning.ConfirmOutcome.AlreadyConfirmed,
            _ => StatementSigning.ConfirmOutcome.Lapsed,
        };
    }

    protected override async Task CommittedAsync(IReadOnlyList<(Item Item, StatementSigning.ConfirmOutcome Result)> committed, CancellationToken ct)
    {
        foreach (var slug in committed.Where(c => c.Result == StatementSigning.ConfirmOutcome.Confirmed).Select(c => c.Item.Slug).Distinct())
            await live.ChangedAsync(slug);
    }
}
