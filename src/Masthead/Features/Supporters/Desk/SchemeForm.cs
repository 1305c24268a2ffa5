using Masthead.Data;
using Masthead.Features.Donations;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Supporters.Desk;

/// <summary>What staff type to make or change a scheme, checked once for both pages.</summary>
public sealed class SchemeForm
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? Amount { get; set; }
    public bool OpenAmount { get; set; }
    // An unticked box is not sent at all, so these bind false when absent; a new form starts them ticked (NewSchemeModel).
    public bool CountsTowardFund { get; set; }
    public bool Offered { get; set; }
    public int Position { get; set; }

    public static SchemeForm From(SupporterScheme s) => new()
    {
        Name = s.Name,
        Description = s.Description,
        Amount = (s.MonthlyPence / 100m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
        OpenAmount = s.OpenAmount,
        CountsTowardFund = s.CountsTowardFund,
        Offered = s.Offered,
        Position = s.Position,
    };

    /// <summary>Checks the form into <paramref name="modelState"/> (keys "Input.…") and, when it passes, copies it onto the scheme.</summary>
    public async Task<bool> ApplyAsync(SupporterScheme scheme, MastheadDb db, ModelStateDictionary modelState, CancellationToken ct)
    {
        var name = Name?.Trim();
        if (string.IsNullOrEmpty(name)) modelState.AddModelError("Input.Name", "Give the scheme a name.");
        else if (name.Length > SupporterScheme.NameMax) modelState.AddModelError("Input.Name", "Names are at most 100 characters.");
        else if (await db.SupporterSchemes.AnyAsync(s => s.Name == name && s.Id != scheme.Id, ct))
            modelState.AddModelError("Input.Name", $"There is already a scheme called \"{name}\".");
        if (Description is { Length: > 500 }) modelState.AddModelError("Input.Description", "Descriptions are at most 500 characters.");
        long pence = 0;
        if (string.IsNullOrWhiteSpace(Amount)) modelState.AddModelError("Input.Amount", "Enter the monthly amount (the minimum, when the reader chooses).");
        else if (!Amounts.TryParsePence(Amount, out pence)) modelState.AddModelError("Input.Amount", "Enter an amount in pounds, like 10 or 7.50.");
        else if (pence < 100) modelState.AddModelError("Input.Amount", "A monthly amount is at least £1.");
        else if (pence > 100_000_00) modelState.AddModelError("Input.Amount", "A monthly amount is at most £100,000.");
        if (!modelState.IsValid) return false;
        scheme.Name = name!;
        scheme.Description = string.IsNullOrWhiteSpace(Description) ? null : Description.Trim();
        scheme.MonthlyPence = pence;
        scheme.OpenAmount = OpenAmount;
        scheme.CountsTowardFund = CountsTowardFund;
        scheme.Offered = Offered;
        scheme.Position = Position;
        return true;
    }
}
