using Masthead.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Membership.Register;

/// <summary>Search and filter the register: by name, number, postcode or email; current or former; people or organisations.</summary>
public sealed class MembersModel(MastheadDb db) : PageModel
{
    public const int PageSize = 50;

    public sealed record Line(Member Member, long Shares, long PaidPence);

    public IReadOnlyList<Line> Lines { get; private set; } = [];
    public string? Query { get; private set; }
    public string State { get; private set; } = "current";
    public MemberKind? Kind { get; private set; }
    public int PageNumber { get; private set; }
    public bool HasMore { get; private set; }
    public int Count { get; private set; }

    public async Task OnGetAsync([FromQuery] string? q, [FromQuery] string? state, [FromQuery] string? kind, [FromQuery] int page = 1, CancellationToken ct = default)
    {
        Query = string.IsNullOrWhiteSpace(q) ? null : q.Trim()[..Math.Min(q.Trim().Length, 100)];
        State = state is "former" or "all" ? state : "current";
        Kind = Enum.TryParse<MemberKind>(kind, out var k) && Enum.IsDefined(k) ? k : null;
        PageNumber = Math.Max(1, page);
        var members = db.Members.AsNoTracking();
        members = State switch
        {
            "former" => members.Where(m => m.CeasedOn != null),
            "all" => members,
            _ => members.Where(m => m.CeasedOn == null),
        };
        if (Kind is { } only) members = members.Where(m => m.Kind == only);
        if (Query is { } text)
        {
            var lower = text.ToLowerInvariant();
            var number = int.TryParse(text.TrimStart('#'), out var n) ? n : -1;
            var pattern = $"%{lower.Replace("\\", "").Replace("%", "").Replace("_", "")}%";
            members = members.Where(m => m.Number == number || EF.Functions.Like(m.Name.ToLower(), pattern)
                || EF.Functions.Like(m.Postcode.ToLower(), pattern) || (m.Email != null && EF.Functions.Like(m.Email, pattern)));
        }
        Count = await members.CountAsync(ct);
        var found = await members.OrderBy(m => m.Number).Skip((PageNumber - 1) * PageSize).Take(PageSize + 1).ToListAsync(ct);
        HasMore = found.Count > PageSize;
        found = found.Take(PageSize).ToList();
        var ids = found.Select(m => m.Id).ToList();
        var sums = await db.ShareEntries.Where(e => ids.Contains(e.MemberId)).GroupBy(e => e.MemberId)
            .Select(g => new { g.Key, Shares = g.Sum(e => e.Shares), Paid = g.Sum(e => e.AmountPence) }).ToDictionaryAsync(g => g.Key, ct);
        Lines = found.Select(m => new Line(m, sums.GetValueOrDefault(m.Id)?.Shares ?? 0, sums.GetValueOrDefault(m.Id)?.Paid ?? 0)).ToList();
    }

    public string Link(int page) =>
        $"/membership/members?q={Uri.EscapeDataString(Query ?? "")}&state={State}&kind={Kind}&page={page}";
}
