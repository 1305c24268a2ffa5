using System.Globalization;
using CsvHelper;
using Masthead.Features.Donations;
using Masthead.Infrastructure.Csv;

namespace Masthead.Features.Membership;

/// <summary>
/// The register as CSV, one member a row: written by the export (as at a date) and read by the import, so an
/// export brings a register across to another Masthead. Address lines are separated by "; ". The import takes back
/// the export's byte-order mark and the apostrophe it puts before a formula-like cell, so a member named "=Smith"
/// comes back as "=Smith".
/// </summary>
public static class RegisterCsv
{
    public const int MaxRows = 100_000;
    public const long MaxBytes = 20 * 1024 * 1024;

    public static readonly string[] Columns =
        ["number", "kind", "name", "address", "postcode", "email", "email_purposes", "registered_society",
         "admitted_on", "ceased_on", "ceased_reason", "shares", "amount_paid"];

    public sealed record ImportRow(int Line, int? Number, MemberKind Kind, string Name, string Address, string Postcode, string? Email,
        NoticePurposes Purposes, bool IsRegisteredSociety, DateOnly AdmittedOn, DateOnly? CeasedOn, CessationReason? CeasedReason,
        long Shares, long PaidPence);

    public sealed record Problem(int Line, string Message);

    public static CsvExport Write(IEnumerable<RegisterReports.Row> rows)
    {
        var csv = new CsvExport(Columns);
        foreach (var r in rows)
        {
            var m = r.Member;
            csv.Row(m.Number, m.Kind == MemberKind.Person ? "person" : "organisation", m.Name, m.Address.Replace("\n", "; "), m.Postcode, m.Email,
                Purposes(m.EmailPurposes), m.IsRegisteredSociety ? "yes" : "no", m.AdmittedOn, r.CeasedOn, r.CeasedReason?.ToString().ToLowerInvariant(),
                // A former member holds nothing on the date: the row brings the entry and its dates across, not the old holding.
                // Times 0.01m, not divided by 100, keeps the two decimal places: 250.00, a number to a spreadsheet.
                r.Holding.Shares, r.Holding.PaidPence * 0.01m);
        }
        return csv;
    }

    public static string Pounds(long pence) => (pence / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    public static string Purposes(NoticePurposes p) => string.Join(' ',
        new[] { (NoticePurposes.Meetings, "meetings"), (NoticePurposes.Accounts, "accounts"), (NoticePurposes.Other, "other") }
            .Where(x => p.HasFlag(x.Item1)).Select(x => x.Item2));

    /// <summary>Reads and checks every row; the rows are usable only when there are no problems.</summary>
    public static (IReadOnlyList<ImportRow> Rows, IReadOnlyList<Problem> Problems) Read(string text, DateOnly today, MembershipOptions settings)
    {
        var rows = new List<ImportRow>();
        var problems = new List<Problem>();
        text = text.TrimStart('\uFEFF');
        if (string.IsNullOrWhiteSpace(text)) return (rows, [new Problem(0, "The file is empty.")]);
        if (text.Contains('\0')) return (rows, [new Problem(0, "The file is not CSV text.")]);
        var numbers = new Dictionary<int, int>();
        try
        {
            using var csv = CsvReader.FromText(text, new CsvReaderOptions
            {
                Separator = ',',
                HasHeader = true,
                TrimWhitespace = true,
                TrackLineNumbers = true,
                MalformedData = CsvMalformedDataHandling.Throw,
            });
            var headers = csv.Headers.Select(h => h.Trim().ToLowerInvariant()).ToList();
            string[] required = ["name", "address", "postcode", "admitted_on", "shares"];
            var missing = required.Where(c => !headers.Contains(c)).ToList();
            if (missing.Count > 0)
                return (rows, [new Problem(1, $"The first line must name the columns ({string.Join(", ", Columns)}); missing: {string.Join(", ", missing)}.")]);
            while (csv.Read())
            {
                if (rows.Count + problems.Count >= MaxRows) return ([], [new Problem(0, $"The file has more than {MaxRows:N0} rows.")]);
                var line = (int)csv.LineNumber;
                string F(string column) => headers.IndexOf(column) is var i and >= 0 && i < csv.FieldCount ? CsvExport.Unescape(csv.GetString(i) ?? "").Trim() : "";
                var errors = new List<string>();
                var row = ReadRow(line, F, today, settings, errors);
                if (int.TryParse(F("number"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
                {
                    if (numbers.TryGetValue(n, out var first)) errors.Add($"member number {n} is also on line {first}.");
                    else numbers[n] = line;
                }
                if (errors.Count > 0 || row is null) problems.AddRange(errors.Select(e => new Problem(line, e)));
                else rows.Add(row);
            }
        }
        catch (CsvFormatException e)
        {
            problems.Add(new Problem((int)e.LineNumber, "the quotes on this line don't match: a field that holds a comma must be in double quotes."));
        }
        if (rows.Count == 0 && problems.Count == 0) problems.Add(new Problem(0, "The file has a header row but no members."));
        return (rows, problems);
    }

    private static ImportRow? ReadRow(int line, Func<string, string> f, DateOnly today, MembershipOptions settings, List<string> errors)
    {
        int? number = null;
        if (f("number") is { Length: > 0 } numberText)
        {
            if (int.TryParse(numberText, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0) number = n;
            else errors.Add($"member number \"{Clip(numberText)}\" is not a whole number above 0.");
        }
        var kind = f("kind").ToLowerInvariant() switch
        {
            "" or "person" => MemberKind.Person,
            "organisation" or "organization" => MemberKind.Organisation,
            var other => Bad<MemberKind>(errors, $"kind \"{Clip(other)}\" is neither person nor organisation."),
        };
        errors.AddRange(MemberDetails.NameProblems(f("name")).Select(p => Lower(p.Message)));
        var address = f("address").Replace(";", "\n");
        errors.AddRange(MemberDetails.ContactProblems(address, f("postcode"), f("email")).Select(p => Lower(p.Message)));
        var purposes = NoticePurposes.None;
        foreach (var word in f("email_purposes").ToLowerInvariant().Split([' ', '+', '|'], StringSplitOptions.RemoveEmptyEntries))
        {
            purposes |= word switch
            {
                "meetings" => NoticePurposes.Meetings,
                "accounts" => NoticePurposes.Accounts,
                "other" => NoticePurposes.Other,
                _ => Bad<NoticePurposes>(errors, $"email purpose \"{Clip(word)}\" is not one of meetings, accounts, other."),
            };
        }
        if (string.IsNullOrWhiteSpace(f("email"))) purposes = NoticePurposes.None;
        else if (f("email_purposes").Length == 0) purposes = NoticePurposes.Meetings | NoticePurposes.Accounts;
        var society = f("registered_society").ToLowerInvariant() switch
        {
            "" or "no" or "false" => false,
            "yes" or "true" => true,
            var other => Bad<bool>(errors, $"registered_society \"{Clip(other)}\" is neither yes nor no."),
        };
        if (society && kind == MemberKind.Person) errors.Add("a person cannot be a registered society: set kind to organisation.");
        var admitted = Date(f("admitted_on"), "admitted_on", errors, required: true);
        var ceased = Date(f("ceased_on"), "ceased_on", errors, required: false);
        if (admitted > today) errors.Add("admitted_on is in the future.");
        if (ceased is { } c && admitted is { } a && c < a) errors.Add("ceased_on is before admitted_on.");
        if (ceased > today) errors.Add("ceased_on is in the future.");
        CessationReason? reason = f("ceased_reason").ToLowerInvariant() switch
        {
            "" => null,
            "resignation" => CessationReason.Resignation,
            "death" => CessationReason.Death,
            "expulsion" => CessationReason.Expulsion,
            var other => Bad<CessationReason?>(errors, $"ceased_reason \"{Clip(other)}\" is not one of resignation, death, expulsion."),
        };
        if (ceased is not null && reason is null && f("ceased_reason").Length == 0) errors.Add("a member who ceased needs a ceased_reason (resignation, death or expulsion).");
        if (ceased is null && reason is not null) errors.Add("ceased_reason is given but ceased_on is not.");
        long shares = 0;
        if (!long.TryParse(f("shares"), NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out shares) || shares < 0)
            errors.Add($"shares \"{Clip(f("shares"))}\" is not a whole number of shares.");
        else if (shares == 0 && ceased is null) errors.Add("a current member holds at least one share.");
        var paid = shares * settings.ShareValuePence;
        if (f("amount_paid") is { Length: > 0 } paidText)
        {
            if (!Amounts.TryParsePence(paidText, out paid) || paid < 0) errors.Add($"amount_paid \"{Clip(paidText)}\" is not an amount in pounds, like 25.00.");
            else if (paid > shares * settings.ShareValuePence) errors.Add($"amount_paid is more than the {shares:N0} shares are worth.");
        }
        if (ceased is null && Holdings.CapProblem(0, paid, society, settings) is not null)
            errors.Add($"the holding is over the legal limit of {Masthead.Kernel.Money.Pounds(settings.CapPounds)} for one member.");
        if (errors.Count > 0) return null;
        return new ImportRow(line, number, kind, f("name").Trim(), MemberDetails.CleanAddress(address), MemberDetails.CleanPostcode(f("postcode")),
            string.IsNullOrWhiteSpace(f("email")) ? null : f("email").Trim().ToLowerInvariant(), purposes, society, admitted!.Value, ceased, reason, shares, paid);
    }

    private static DateOnly? Date(string text, string column, List<string> errors, bool required)
    {
        if (text.Length == 0)
        {
            if (required) errors.Add($"{column} is missing: give the date as YYYY-MM-DD.");
            return null;
        }
        if (DateOnly.TryParseExact(text, ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        errors.Add($"{column} \"{Clip(text)}\" is not a date like 2024-03-31.");
        return null;
    }

    private static T Bad<T>(List<string> errors, string message)
    {
        errors.Add(message);
        return default!;
    }

    private static string Lower(string s) => s.Length == 0 ? s : char.ToLowerInvariant(s[0]) + s[1..];

    private static string Clip(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
