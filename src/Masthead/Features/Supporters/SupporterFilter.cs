using Masthead.Features.Publishing;

namespace Masthead.Features.Supporters;

/// <summary>The staff list's filters, shared by the page and its CSV export: scheme, state, joined since.</summary>
public sealed record SupporterFilter(int? Scheme, SupporterState? State, DateOnly? Since)
{
    public static SupporterFilter From(IQueryCollection query, out string? problem)
    {
        problem = null;
        int? scheme = int.TryParse(query["scheme"], out var sc) ? sc : null;
        SupporterState? state = null;
        if (query["state"].ToString() is { Length: > 0 } st)
        {
            if (Enum.TryParse<SupporterState>(st, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)) state = parsed;
            else problem = $"\"{st}\" is not a state: choose active, past due, cancelled or pending.";
        }
        DateOnly? since = null;
        if (query["since"].ToString() is { Length: > 0 } si)
        {
            if (DateOnly.TryParseExact(si, "yyyy-MM-dd", out var d)) since = d;
            else problem = "Write the date as YYYY-MM-DD (for example 2026-03-14).";
        }
        return new(scheme, state, since);
    }

    /// <summary>Pending checkouts are not supporters: they show only when asked for by state.</summary>
    public IQueryable<Supporter> Apply(IQueryable<Supporter> supporters, PaperClock clock)
    {
        if (Scheme is { } scheme) supporters = supporters.Where(s => s.SchemeId == scheme);
        supporters = State is { } state ? supporters.Where(s => s.State == state) : supporters.Where(s => s.State != SupporterState.Pending);
        if (Since is { } since)
        {
            var from = clock.LocalToUtc(since.ToDateTime(TimeOnly.MinValue));
            supporters = supporters.Where(s => s.JoinedAt >= from);
        }
        return supporters;
    }

    public string Query() => string.Join('&', new[]
    {
        Scheme is { } s ? $"scheme={s}" : null,
        State is { } st ? $"state={st}" : null,
        Since is { } d ? $"since={d:yyyy-MM-dd}" : null,
    }.Where(p => p is not null));
}
