using Masthead.Data;
using Masthead.Infrastructure;
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
public sealed class SignatureInserts(IServiceScopeFactory scopes, Wakeup<OutboxSender> outbox, ILogger<SignatureInserts> log)
    : GroupCommit<SignatureInserts.Item, StatementSigning.SignOutcome>(scopes, log)
{
    /// <param name="Email">
    /// The confirmation email, given the statement's title and the name and address the signature ends up with
    /// (a resend keeps the first ones).
    /// </param>
    public sealed record Item(string Slug, StatementSigning.SignForm Form, string EmailKey, string TokenHash, DateTime Now,
        DateTime LapsedBefore, Func<string, string, string, OutboxEmail> Email);

    /// <summary>
    /// Signatures hardly ever wait for each other (only the same address at the same moment), so on PostgreSQL two
    /// writers with larger batches: fewer commits, while one batch's round trips overlap the other's.
    /// </summary>
    protected override int WritersFor(DatabaseProvider provider) => provider == DatabaseProvider.Sqlite ? 1 : 2;

    protected override int MaxBatchFor(DatabaseProvider provider) => provider == DatabaseProvider.Sqlite ? 100 : 32;

    protected override async Task<StatementSigning.SignOutcome> ApplyAsync(IServiceProvider services, MastheadDb db, Item item, CancellationToken ct)
    {
        // The statement and any earlier signature by this address, in one round trip (looked up here, in the
        // transaction, rather than by each request).
        var found = (await db.QueryAsync("""
            SELECT st."Id", st."Status", st."Title", s."Id", s."Name", s."Email", s."CreatedAt", s."ConfirmedAt" IS NOT NULL
            FROM "Statements" st LEFT JOIN "Signatures" s ON s."StatementId" = st."Id" AND s."EmailKey" = @key
            WHERE st."Slug" = @slug
            """, r => new
        {
            Statement = new { Id = r.GetInt32(0), Status = (StatementStatus)r.GetInt32(1), Title = r.GetString(2) },
            Existing = r.IsDBNull(3) ? null
                    : new { Id = r.GetInt64(3), Name = r.GetString(4), Email = r.GetString(5), CreatedAt = r.GetDateTime(6), Confirmed = r.GetBoolean(7) },
        }, ct, ("slug", item.Slug), ("key", item.EmailKey))).FirstOrDefault();
        if (found is null || found.Statement.Status == StatementStatus.Draft) return StatementSigning.SignOutcome.NotFound;
        if (found.Statement.Status != StatementStatus.Open) return StatementSigning.SignOutcome.Closed;
        var (statement, existing) = (found.Statement, found.Existing);
        if (existing is { Confirmed: true }) return StatementSigning.SignOutcome.AlreadySigned;

        var form = item.Form;
        (string Name, object? Value)[] details =
        [
            ("hash", item.TokenHash), ("name", form.Name.Trim()), ("email", form.Email.Trim()), ("town", Blank(form.Town)),
            ("country", Blank(form.Country)), ("organisation", Blank(form.Organisation)), ("public", form.ShowPublicly),
            ("showWith", form.ShowWith), ("contact", form.MayContact), ("now", item.Now),
        ];
        if (existing is null)
        {
            // The signature and its email in one round trip, the email only if the signature went in. Nothing goes in
            // when the same address signed at the same moment elsewhere (committed first): that signature is the one.
            var email = item.Email(statement.Title, form.Name.Trim(), form.Email.Trim());
            var inserted = await db.ExecuteAsync("""
                INSERT INTO "Signatures" ("StatementId", "EmailKey", "TokenHash", "Name", "Email", "Town", "Country", "Organisation",
                    "ShowPublicly", "ShowWith", "MayContact", "CreatedAt")
                VALUES (@statement, @emailKey, @hash, @name, @email, @town, @country, @organisation, @public, @showWith, @contact, @now)
                ON CONFLICT DO NOTHING;
                """ + OutboxEmail.InsertSqlWhen("""EXISTS (SELECT 1 FROM "Signatures" WHERE "TokenHash" = @hash)"""),
                ct, [("statement", statement.Id), ("emailKey", item.EmailKey), .. details, .. email.SqlValues()]);
            return inserted == 0 ? StatementSigning.SignOutcome.AlreadySigned : StatementSigning.SignOutcome.Sent;
        }

        if (existing.CreatedAt >= item.LapsedBefore)
        {
            // Signed lately but not confirmed: a fresh link replaces the old one; the details first given stay.
            await db.ExecuteAsync("""UPDATE "Signatures" SET "TokenHash" = @hash WHERE "Id" = @id;""" + OutboxEmail.InsertSql, ct,
                [("hash", item.TokenHash), ("id", existing.Id), .. item.Email(statement.Title, existing.Name, existing.Email).SqlValues()]);
            return StatementSigning.SignOutcome.Resent;
        }
        // Lapsed and not yet swept away: signing again starts afresh with the details given now.
        await db.ExecuteAsync("""
            UPDATE "Signatures" SET "TokenHash" = @hash, "Name" = @name, "Email" = @email, "Town" = @town, "Country" = @country,
                "Organisation" = @organisation, "ShowPublicly" = @public, "ShowWith" = @showWith, "MayContact" = @contact, "CreatedAt" = @now
            WHERE "Id" = @id;
            """ + OutboxEmail.InsertSql, ct, [("id", existing.Id), .. details, .. item.Email(statement.Title, form.Name.Trim(), form.Email.Trim()).SqlValues()]);
        return StatementSigning.SignOutcome.Sent;
    }

    /// <summary>The confirmation emails are committed: the sender goes now, once for the batch (plain SQL is not seen by <see cref="OutboxQueued"/>).</summary>
    protected override Task CommittedAsync(IReadOnlyList<(Item Item, StatementSigning.SignOutcome Result)> committed, CancellationToken ct)
    {
        if (committed.Any(c => c.Result is StatementSigning.SignOutcome.Sent or StatementSigning.SignOutcome.Resent)) outbox.Wake();
        return Task.CompletedTask;
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
    /// One writer with large batches on both engines: every confirmation of a statement moves the same row (its
    /// count), so on PostgreSQL a second writer would only wait for the first one's row lock.
    /// </summary>
    protected override int WritersFor(DatabaseProvider provider) => 1;

    protected override int MaxBatchFor(DatabaseProvider provider) => 100;

    /// <summary>
    /// On PostgreSQL each confirmation's trigger takes its statement's row lock until the commit. Taking the locks of
    /// the batch's statements first, in id order, means two instances' batches never wait for each other in a circle.
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
        return changed > 0 ? StatementSigning.ConfirmOutcome.Confirmed : await WhyNotAsync(db, item, ct);
    }

    /// <summary>
    /// On PostgreSQL the batch is one UPDATE (one round trip, one plan, and the count trigger, which runs once per
    /// statement there, moves each statement's count once); SQLite, in process, takes the items one by one.
    /// </summary>
    protected override async Task<IReadOnlyList<StatementSigning.ConfirmOutcome>> ApplyAllAsync(IServiceProvider services, MastheadDb db,
        IReadOnlyList<Item> items, CancellationToken ct)
    {
        if (db.Provider != DatabaseProvider.Postgres || items.Count == 1) return await base.ApplyAllAsync(services, db, items, ct);
        var counted = (await db.QueryAsync("""
            UPDATE "Signatures" AS s SET "ConfirmedAt" = v.now
            FROM unnest(@hashes, @slugs, @nows, @sinces) AS v(hash, slug, now, since), "Statements" AS st
            WHERE s."TokenHash" = v.hash AND st."Slug" = v.slug AND s."StatementId" = st."Id"
              AND s."ConfirmedAt" IS NULL AND s."CreatedAt" >= v.since
            RETURNING s."TokenHash"
            """, r => r.GetString(0), ct,
            ("hashes", items.Select(i => i.TokenHash).ToArray()), ("slugs", items.Select(i => i.Slug).ToArray()),
            ("nows", items.Select(i => i.Now).ToArray()), ("sinces", items.Select(i => i.CreatedSince).ToArray()))).ToHashSet();
        var results = new List<StatementSigning.ConfirmOutcome>(items.Count);
        foreach (var item in items)
        {
            // The first click of a link in the batch counted; a second click of the same link in it is told so.
            results.Add(counted.Remove(item.TokenHash) ? StatementSigning.ConfirmOutcome.Confirmed : await WhyNotAsync(db, item, ct));
        }
        return results;
    }

    /// <summary>A link that did not count: confirmed before, lapsed, or not this statement's at all.</summary>
    private static async Task<StatementSigning.ConfirmOutcome> WhyNotAsync(MastheadDb db, Item item, CancellationToken ct)
    {
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
