using Masthead.Data;
using Masthead.Features.Publishing;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Membership;

/// <summary>Brings an existing register across: every row checked first, then all written in one transaction, or none.</summary>
public sealed class RegisterImport(MastheadDb db, ShareRegister register, PaperClock clock)
{
    public sealed record Outcome(int Imported, IReadOnlyList<RegisterCsv.Problem> Problems);

    public async Task<Outcome> ImportAsync(string text, string by, CancellationToken ct = default)
    {
        var (rows, problems) = RegisterCsv.Read(text, register.Today, register.Settings);
        if (problems.Count > 0) return new(0, problems);
        try
        {
            return await register.InTransactionAsync(async () =>
            {
                var taken = (await db.Members.Select(m => m.Number).ToListAsync(ct)).ToHashSet();
                var clashes = rows.Where(r => r.Number is { } n && taken.Contains(n))
                    .Select(r => new RegisterCsv.Problem(r.Line, $"member number {r.Number} is already in the register.")).ToList();
                if (clashes.Count > 0) throw new ImportClash(clashes);
                var next = Math.Max(taken.Count == 0 ? 0 : taken.Max(), rows.Max(r => r.Number ?? 0)) + 1;
                var now = clock.UtcNow;
                foreach (var row in rows)
                {
                    var member = new Member
                    {
                        Number = row.Number ?? next++,
                        Kind = row.Kind,
                        IsRegisteredSociety = row.IsRegisteredSociety,
                        Name = row.Name,
                        Address = row.Address,
                        Postcode = row.Postcode,
                        Email = row.Email,
                        EmailPurposes = row.Purposes,
                        AdmittedOn = row.AdmittedOn,
                        CeasedOn = row.CeasedOn,
                        CeasedReason = row.CeasedReason,
                        CreatedAt = now,
                    };
                    db.Members.Add(member);
                    await db.SaveChangesAsync(ct);
                    if (row.Shares > 0)
                    {
                        db.ShareEntries.Add(register.Entry(member.Id, ShareEntryKind.Imported, row.Shares, row.PaidPence, row.AdmittedOn, by,
                            $"Brought across from the earlier register (line {row.Line})", null));
                    }
                    if (row.CeasedOn is { } ceased)
                    {
                        var entry = register.Entry(member.Id, ShareEntryKind.Cessation, -row.Shares, -row.PaidPence, ceased, by,
                            $"Ceased: {row.CeasedReason.ToString()!.ToLowerInvariant()} (brought across from the earlier register)", $"cessation:{member.Id}");
                        entry.CessationReason = row.CeasedReason;
                        db.ShareEntries.Add(entry);
                    }
                }
                await db.SaveChangesAsync(ct);
                return new Outcome(rows.Count, []);
            });
        }
        catch (ImportClash clash)
        {
            return new(0, clash.Problems);
        }
    }

    private sealed class ImportClash(IReadOnlyList<RegisterCsv.Problem> problems) : Exception("Member numbers already taken.")
    {
        public IReadOnlyList<RegisterCsv.Problem> Problems { get; } = problems;
    }
}
