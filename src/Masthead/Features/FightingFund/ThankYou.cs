using System.Globalization;
using Masthead.Data;
using Masthead.Features.Donations;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.FightingFund;

/// <summary>
/// One gift in the paper's list of thanks, as the donor chose to appear: "£50, Jo Bloggs, Leeds",
/// "£20, J. B.", "£20, anonymous, Guernsey". The amount is what the fund kept: the gift less any refund,
/// dispute or correction of it; a gift reversed in full is not thanked at all.
/// </summary>
public sealed record ThankYou(long AmountPence, ThankAs As, string? DonorName, string? Town, bool ShowTown)
{
    public const string Anonymous = "anonymous";

    /// <summary>The name as printed; a donor who asked for their name or initials but gave none is "anonymous".</summary>
    public string Name => As switch
    {
        ThankAs.FullName when !string.IsNullOrWhiteSpace(DonorName) => string.Join(' ', Words(DonorName)),
        ThankAs.Initials when Initials(DonorName) is { Length: > 0 } initials => initials,
        _ => Anonymous,
    };

    public string Line
    {
        get
        {
            var line = $"{Money.Pence(AmountPence)}, {Name}";
            return ShowTown && !string.IsNullOrWhiteSpace(Town) ? $"{line}, {string.Join(' ', Words(Town))}" : line;
        }
    }

    public override string ToString() => Line;

    /// <summary>
    /// The initial of every word of the name, in order, each followed by a full stop and separated by spaces:
    /// "Jo Bloggs" → "J. B.", "mary ann o'neil" → "M. A. O.". A hyphenated word keeps its hyphen
    /// ("Mary-Jane Smith" → "M.-J. S."). An initial is the word's first letter, capitalised, accents kept
    /// ("Émile Zola" → "É. Z."); characters before it (quotes, brackets) are skipped, and a word without a
    /// letter is left out. Empty when the name has no letters at all.
    /// </summary>
    public static string Initials(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return "";
        var words = Words(name)
            .Select(word => string.Join('-', word.Split('-').Select(Initial).Where(i => i.Length > 0)))
            .Where(w => w.Length > 0);
        return string.Join(' ', words);
    }

    private static string Initial(string part)
    {
        var elements = StringInfo.GetTextElementEnumerator(part);
        while (elements.MoveNext())
        {
            var element = (string)elements.Current;
            if (char.IsLetter(element, 0)) return element.ToUpper(CultureInfo.InvariantCulture) + ".";
        }
        return "";
    }

    private static string[] Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// The gifts received on the paper-time dates from <paramref name="from"/> to <paramref name="to"/> whose donors
    /// asked to be thanked, net of their reversals, in the order they came in.
    /// </summary>
    public static async Task<List<ThankYou>> ListAsync(MastheadDb db, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        var gifts = await db.Ledger.AsNoTracking()
            .Where(e => e.Kind == EntryKind.Donation && e.ThankAs != null && e.FundDate >= from && e.FundDate <= to)
            .OrderBy(e => e.ReceivedAt).ThenBy(e => e.Id)
            .Select(e => new
            {
                e.AmountPence,
                e.ThankAs,
                e.DonorName,
                e.DonorTown,
                e.ShowTown,
                Reversed = db.Ledger.Where(r => r.ReversesId == e.Id).Sum(r => (long?)r.AmountPence) ?? 0,
            })
            .ToListAsync(ct);
        return gifts.Where(g => g.AmountPence + g.Reversed > 0)
            .Select(g => new ThankYou(g.AmountPence + g.Reversed, g.ThankAs!.Value, g.DonorName, g.DonorTown, g.ShowTown))
            .ToList();
    }
}
