using Masthead.Data;
using Masthead.Features.FightingFund;
using Masthead.Features.Publishing;
using Masthead.Features.Readers;
using Masthead.Infrastructure.Email;
using Masthead.Infrastructure.Operations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Masthead.Features.Membership;

/// <summary>A change to the register refused for a reason a person can act on; nothing was written.</summary>
public sealed class RegisterRefusal(string message) : Exception(message);

/// <summary>
/// Every change to the register of members goes through here, so the rules hold for the staff desk, the
/// application flow, the members' own pages and the command line: shares move only by appended entries with
/// who, when and why; the cap is checked inside the same transaction that writes; numbers are given in order.
/// </summary>
public sealed class ShareRegister(MastheadDb db, PaperClock clock, IOptions<MembershipOptions> options, MemberLetters letters,
    MastheadMetrics metrics)
{
    public MembershipOptions Settings => options.Value;
    public DateOnly Today => clock.Today();

    public async Task<Holdings.Holding> HoldingAsync(int memberId, DateOnly? asAt = null, CancellationToken ct = default)
    {
        var q = db.ShareEntries.Where(e => e.MemberId == memberId);
        if (asAt is { } d) q = q.Where(e => e.EffectiveOn <= d);
        return new(await q.SumAsync(e => (long?)e.Shares, ct) ?? 0, await q.SumAsync(e => (long?)e.AmountPence, ct) ?? 0);
    }

    /// <summary>Admits the applicant of a paid application: a member number, the allotment, the confirmation email.</summary>
    public async Task<Member> AdmitAsync(ShareApplication application, string by, CancellationToken ct = default)
    {
        var problem = Holdings.FirstPurchaseProblem(application.Shares, application.IsRegisteredSociety, Settings);
        if (problem is not null) throw new RegisterRefusal(problem);
        var today = Today;
        var member = new Member
        {
            Number = await NextNumberAsync(ct),
            Kind = application.Kind,
            IsRegisteredSociety = application.IsRegisteredSociety,
            Name = application.Name,
            Address = application.Address,
            Postcode = application.Postcode,
            Email = ReaderAccess.Normalise(application.Email),
            EmailPurposes = NoticePurposes.Meetings | NoticePurposes.Accounts,
            AdmittedOn = today,
            CreatedAt = clock.UtcNow,
        };
        db.Members.Add(member);
        await db.SaveChangesAsync(ct);
        db.ShareEntries.Add(Entry(member.Id, ShareEntryKind.Allotment, application.Shares, application.AmountPence, today, by,
            $"Allotted on the committee's approval of application {application.Reference}", $"application:{application.Id}", application.Id));
        db.Outbox.Add(letters.Admitted(member, application.Shares, application.AmountPence));
        await db.SaveChangesAsync(ct);
        return member;
    }

    /// <summary>A member buys more shares (paid by cheque or transfer, recorded by staff): refused over the cap.</summary>
    public Task<ShareEntry> PurchaseAsync(int memberId, long shares, ShareMoneyMethod method, string? reference, DateOnly on,
        string by, string key, CancellationToken ct = default) => InTransactionAsync(async () =>
    {
        var member = await CurrentMemberAsync(memberId, on, ct);
        if (shares <= 0) throw new RegisterRefusal("Buy at least one share.");
        if (await db.ShareEntries.AnyAsync(e => e.ExternalId == $"purchase:{key}", ct))
            return await db.ShareEntries.AsNoTracking().FirstAsync(e => e.ExternalId == $"purchase:{key}", ct);
        var pence = shares * Settings.ShareValuePence;
        var held = await HoldingAsync(memberId, null, ct);
        if (Holdings.CapProblem(held.PaidPence, pence, member.IsRegisteredSociety, Settings) is { } problem) throw new RegisterRefusal(problem);
        var entry = Entry(memberId, ShareEntryKind.Purchase, shares, pence, on, by,
            $"Further purchase paid by {Describe(method)}{(string.IsNullOrWhiteSpace(reference) ? "" : $", ref {reference.Trim()}")}", $"purchase:{key}");
        db.ShareEntries.Add(entry);
        AddPayment(new SharePayment
        {
            ExternalId = $"purchase:{key}",
            MemberId = memberId,
            Method = method,
            AmountPence = pence,
            Currency = Settings.Currency,
            Reference = Clean(reference),
            At = clock.UtcNow,
            RecordedBy = by,
            Reason = "Further purchase of shares",
        });
        await db.SaveChangesAsync(ct);
        return entry;
    });

    public Task<WithdrawalRequest> RequestWithdrawalAsync(int memberId, long shares, string by, CancellationToken ct = default) => InTransactionAsync(async () =>
    {
        await CurrentMemberAsync(memberId, Today, ct);
        var pending = await db.WithdrawalRequests.Where(w => w.MemberId == memberId && w.Status == WithdrawalStatus.Pending).SumAsync(w => (long?)w.Shares, ct) ?? 0;
        var held = await HoldingAsync(memberId, null, ct);
        if (Holdings.WithdrawalProblem(held with { Shares = held.Shares - pending }, shares) is { } problem)
            throw new RegisterRefusal(pending > 0 ? $"{problem} ({pending:N0} already waiting for the committee.)" : problem);
        var request = new WithdrawalRequest { MemberId = memberId, Shares = shares, RequestedOn = Today, RequestedBy = by };
        db.WithdrawalRequests.Add(request);
        await db.SaveChangesAsync(ct);
        return request;
    });

    /// <summary>The committee's decision on a withdrawal: approved, the shares leave and their value is paid back.</summary>
    public Task DecideWithdrawalAsync(int requestId, bool approve, string? note, string by, CancellationToken ct = default) => InTransactionAsync(async () =>
    {
        var request = await db.WithdrawalRequests.FirstOrDefaultAsync(w => w.Id == requestId, ct)
            ?? throw new RegisterRefusal("There is no such withdrawal request.");
        if (request.Status != WithdrawalStatus.Pending) throw new RegisterRefusal("The committee has already decided this request.");
        if (!approve && string.IsNullOrWhiteSpace(note)) throw new RegisterRefusal("Give the committee's reason for refusing.");
        if (approve)
        {
            await CurrentMemberAsync(request.MemberId, Today, ct);
            var held = await HoldingAsync(request.MemberId, null, ct);
            if (Holdings.WithdrawalProblem(held, request.Shares) is { } problem) throw new RegisterRefusal(problem);
            // Paid back at what was paid on them: the average paid per share of the holding.
            var pence = held.PaidPence * request.Shares / held.Shares;
            db.ShareEntries.Add(Entry(request.MemberId, ShareEntryKind.Withdrawal, -request.Shares, -pence, Today, by,
                $"Withdrawal approved by the committee{(string.IsNullOrWhiteSpace(note) ? "" : $": {note.Trim()}")}", $"withdrawal:{request.Id}"));
            AddPayment(new SharePayment
            {
                ExternalId = $"withdrawal:{request.Id}",
                MemberId = request.MemberId,
                Method = ShareMoneyMethod.BankTransfer,
                AmountPence = -pence,
                Currency = Settings.Currency,
                At = clock.UtcNow,
                RecordedBy = by,
                Reason = "Shares withdrawn: paid back",
            });
        }
        request.Status = approve ? WithdrawalStatus.Approved : WithdrawalStatus.Refused;
        (request.DecidedAt, request.DecidedBy, request.DecisionNote) = (clock.UtcNow, by, Clean(note));
        await db.SaveChangesAsync(ct);
        return 0;
    });

    /// <summary>Moves shares from one member to another, where the society's rules allow it; the cap binds the receiver.</summary>
    public Task TransferAsync(int fromId, int toId, long shares, DateOnly on, string reason, string by, CancellationToken ct = default) => InTransactionAsync(async () =>
    {
        if (!Settings.AllowTransfers) throw new RegisterRefusal("The society's rules do not allow shares to be transferred.");
        if (fromId == toId) throw new RegisterRefusal("A transfer is between two different members.");
        if (string.IsNullOrWhiteSpace(reason)) throw new RegisterRefusal("Give the reason for the transfer.");
        await CurrentMemberAsync(fromId, on, ct);
        var to = await CurrentMemberAsync(toId, on, ct);
        var held = await HoldingAsync(fromId, null, ct);
        if (Holdings.WithdrawalProblem(held, shares) is { } problem) throw new RegisterRefusal(problem.Replace("withdraw", "transfer"));
        var pence = held.PaidPence * shares / held.Shares;
        var toHeld = await HoldingAsync(toId, null, ct);
        if (Holdings.CapProblem(toHeld.PaidPence, pence, to.IsRegisteredSociety, Settings) is { } cap) throw new RegisterRefusal(cap);
        var outgoing = Entry(fromId, ShareEntryKind.TransferOut, -shares, -pence, on, by, reason.Trim(), null);
        outgoing.CounterpartyId = toId;
        var incoming = Entry(toId, ShareEntryKind.TransferIn, shares, pence, on, by, reason.Trim(), null);
        incoming.CounterpartyId = fromId;
        db.ShareEntries.AddRange(outgoing, incoming);
        await db.SaveChangesAsync(ct);
        return 0;
    });

    /// <summary>A member ceases — resignation, death, expulsion — on a date: whatever they held leaves the register that day.</summary>
    public Task CeaseAsync(int memberId, DateOnly on, CessationReason reason, string? note, string by, CancellationToken ct = default) => InTransactionAsync(async () =>
    {
        if (!Enum.IsDefined(reason)) throw new RegisterRefusal("Choose why the membership ends: resignation, death or expulsion.");
        var member = await db.Members.FirstOrDefaultAsync(m => m.Id == memberId, ct) ?? throw new RegisterRefusal("There is no such member.");
        if (member.CeasedOn is not null) throw new RegisterRefusal($"This member already ceased on {member.CeasedOn:d MMMM yyyy}.");
        if (on < member.AdmittedOn) throw new RegisterRefusal("A membership cannot end before the member was admitted.");
        if (on > Today) throw new RegisterRefusal("The date a membership ends cannot be in the future.");
        if (await db.ShareEntries.AnyAsync(e => e.MemberId == memberId && e.EffectiveOn > on, ct))
            throw new RegisterRefusal("The member's shares changed after that date: give a later date.");
        var (shares, pence) = Holdings.CessationOf(await HoldingAsync(memberId, null, ct));
        var entry = Entry(memberId, ShareEntryKind.Cessation, shares, pence, on, by,
            $"Ceased: {reason.ToString().ToLowerInvariant()}{(string.IsNullOrWhiteSpace(note) ? "" : $" — {note.Trim()}")}", $"cessation:{memberId}");
        entry.CessationReason = reason;
        db.ShareEntries.Add(entry);
        (member.CeasedOn, member.CeasedReason) = (on, reason);
        var pending = await db.WithdrawalRequests.Where(w => w.MemberId == memberId && w.Status == WithdrawalStatus.Pending).ToListAsync(ct);
        foreach (var w in pending) (w.Status, w.DecidedAt, w.DecidedBy, w.DecisionNote) = (WithdrawalStatus.Refused, clock.UtcNow, by, "The member ceased.");
        await db.SaveChangesAsync(ct);
        return 0;
    });

    /// <summary>Changes the address or the email for notices, keeping what it was in the member's history.</summary>
    public async Task UpdateContactAsync(int memberId, string address, string postcode, string? email, NoticePurposes purposes, string by, CancellationToken ct = default)
    {
        var problems = MemberDetails.ContactProblems(address, postcode, email).ToList();
        if (problems.Count > 0) throw new RegisterRefusal(string.Join(" ", problems.Select(p => p.Message)));
        var member = await db.Members.FirstOrDefaultAsync(m => m.Id == memberId, ct) ?? throw new RegisterRefusal("There is no such member.");
        var changes = new List<string>();
        var newEmail = string.IsNullOrWhiteSpace(email) ? null : ReaderAccess.Normalise(email);
        if (member.Address != MemberDetails.CleanAddress(address) || member.Postcode != MemberDetails.CleanPostcode(postcode))
            changes.Add($"Address changed from \"{member.Address.Replace('\n', ',')}, {member.Postcode}\"");
        if (member.Email != newEmail) changes.Add($"Email for notices changed from {member.Email ?? "none"}");
        if (member.EmailPurposes != purposes) changes.Add($"Purposes of the email changed from {MemberDetails.Describe(member.EmailPurposes)}");
        if (changes.Count == 0) return;
        (member.Address, member.Postcode, member.Email, member.EmailPurposes) =
            (MemberDetails.CleanAddress(address), MemberDetails.CleanPostcode(postcode), newEmail, newEmail is null ? NoticePurposes.None : purposes);
        db.MemberChanges.Add(new MemberChange { MemberId = memberId, At = clock.UtcNow, By = by, What = string.Join("; ", changes) + "." });
        await db.SaveChangesAsync(ct);
    }

    public async Task<DeathNomination> NominateAsync(int memberId, string name, string address, string? relationship, string by, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > Member.NameMax) throw new RegisterRefusal("Give the full name of the person you nominate (at most 200 characters).");
        if (string.IsNullOrWhiteSpace(address) || address.Trim().Length > Member.AddressMax) throw new RegisterRefusal("Give the postal address of the person you nominate.");
        var member = await CurrentMemberAsync(memberId, Today, ct);
        if (member.Kind != MemberKind.Person) throw new RegisterRefusal("Only a person can nominate someone to receive their shares on death.");
        var nomination = new DeathNomination
        {
            MemberId = memberId,
            NomineeName = name.Trim(),
            NomineeAddress = MemberDetails.CleanAddress(address),
            Relationship = Clean(relationship),
            NominatedOn = Today,
            RecordedAt = clock.UtcNow,
            RecordedBy = by,
        };
        db.DeathNominations.Add(nomination);
        db.MemberChanges.Add(new MemberChange { MemberId = memberId, At = clock.UtcNow, By = by, What = "Nominated a person to receive the shares on death." });
        await db.SaveChangesAsync(ct);
        return nomination;
    }

    public async Task<MemberProperty> AddPropertyAsync(int memberId, string description, long pence, DateOnly from, string by, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(description) || description.Trim().Length > 300) throw new RegisterRefusal("Describe the property, like \"Loan stock, 3% to 2030\" (at most 300 characters).");
        if (pence <= 0) throw new RegisterRefusal("The amount must be more than £0.");
        await CurrentMemberAsync(memberId, from, ct);
        var property = new MemberProperty { MemberId = memberId, Description = description.Trim(), AmountPence = pence, From = from, RecordedBy = by, RecordedAt = clock.UtcNow };
        db.MemberProperties.Add(property);
        db.MemberChanges.Add(new MemberChange { MemberId = memberId, At = clock.UtcNow, By = by, What = $"Recorded property held by the society: {property.Description}, {Money.Pence(pence)}." });
        await db.SaveChangesAsync(ct);
        return property;
    }

    public async Task<int> NextNumberAsync(CancellationToken ct) => (await db.Members.MaxAsync(m => (int?)m.Number, ct) ?? 0) + 1;

    public ShareEntry Entry(int memberId, ShareEntryKind kind, long shares, long pence, DateOnly on, string by, string reason, string? externalId, Guid? application = null) => new()
    {
        MemberId = memberId,
        Kind = kind,
        Shares = shares,
        AmountPence = pence,
        EffectiveOn = on,
        RecordedBy = by,
        RecordedAt = clock.UtcNow,
        Reason = reason,
        ExternalId = externalId,
        ApplicationId = application,
    };

    private async Task<Member> CurrentMemberAsync(int memberId, DateOnly on, CancellationToken ct)
    {
        var member = await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.Id == memberId, ct) ?? throw new RegisterRefusal("There is no such member.");
        if (!member.IsMemberOn(on) && !(member.CeasedOn is null && on >= member.AdmittedOn))
            throw new RegisterRefusal(member.CeasedOn is { } ceased ? $"This member ceased on {ceased:d MMMM yyyy}." : $"This member was admitted on {member.AdmittedOn:d MMMM yyyy}.");
        return member;
    }

    /// <summary>Share money received or paid back, with the rest of the change; counted in the metrics once committed.</summary>
    public void AddPayment(SharePayment payment)
    {
        db.SharePayments.Add(payment);
        metrics.MoneyRecorded(db, payment.AmountPence >= 0 ? "shares" : "shares_repaid", payment.RecordedBy == ShareApplications.StripeRecorder,
            payment.AmountPence, payment.Currency);
    }

    /// <summary>One writer at a time per database for the register's money-like changes (SQLite gate, PostgreSQL serializable check by lock).</summary>
    public async Task<T> InTransactionAsync<T>(Func<Task<T>> work)
    {
        if (db.Database.CurrentTransaction is not null) return await work();
        using var gate = await WriteGate.EnterAsync(db);
        await using var transaction = await db.Database.BeginTransactionAsync();
        if (db.Provider == DatabaseProvider.Postgres)
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtext('share-register'))");
        try
        {
            var result = await work();
            await transaction.CommitAsync();
            return result;
        }
        catch
        {
            db.ChangeTracker.Clear();
            throw;
        }
    }

    public static string Describe(ShareMoneyMethod method) => method switch
    {
        ShareMoneyMethod.Card => "card",
        ShareMoneyMethod.Cheque => "cheque",
        _ => "bank transfer",
    };

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
