using Masthead.Features.Donations;
using Masthead.Features.FightingFund;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Masthead.Features.Finance;

/// <summary>The dates and target of a fund period as typed on the open and edit forms.</summary>
public sealed class PeriodForm
{
    public DateOnly? Start { get; set; }
    public DateOnly? End { get; set; }
    /// <summary>Whole pounds, as people write them: 18000, 18,000 or £18,000.</summary>
    public string? Target { get; set; }

    /// <summary>Checks the form and, when it is whole, asks <see cref="FundPeriods.ValidateAsync"/> about overlaps; problems go into model state under <paramref name="prefix"/>.</summary>
    public async Task<(DateOnly Start, DateOnly End, long Pounds)?> CheckAsync(FundPeriods periods, int? periodId, ModelStateDictionary state,
        string prefix, CancellationToken ct)
    {
        // A date the browser sent as text that isn't a date: say so plainly rather than with the binder's words.
        foreach (var field in new[] { "Start", "End" })
        {
            if (state[$"{prefix}.{field}"] is { Errors.Count: > 0 } entry)
            {
                entry.Errors.Clear();
                state.AddModelError($"{prefix}.{field}", $"Enter the {field.ToLowerInvariant()} date as YYYY-MM-DD.");
            }
        }
        if (Start is null && state[$"{prefix}.Start"] is not { Errors.Count: > 0 }) state.AddModelError($"{prefix}.Start", "Enter the first day of the period.");
        if (End is null && state[$"{prefix}.End"] is not { Errors.Count: > 0 }) state.AddModelError($"{prefix}.End", "Enter the last day of the period.");
        long pounds = 0;
        if (!Amounts.TryParsePence(Target, out var pence) || pence % 100 != 0)
            state.AddModelError($"{prefix}.Target", "Enter the target in whole pounds, like 18000 or £18,000.");
        else pounds = pence / 100;
        if (!state.IsValid || Start is not { } start || End is not { } end) return null;

        foreach (var (field, message) in await periods.ValidateAsync(start, end, pounds, periodId, ct))
            state.AddModelError($"{prefix}.{field}", message);
        return state.IsValid ? (start, end, pounds) : null;
    }

    public static PeriodForm From(FundPeriod p) => new()
    {
        Start = p.Start,
        End = p.End,
        Target = (p.TargetPence / 100).ToString(),
    };
}
