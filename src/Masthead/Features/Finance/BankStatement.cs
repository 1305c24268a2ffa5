using System.Globalization;
using System.Text;
using CsvHelper;
using Masthead.Features.Donations;

namespace Masthead.Features.Finance;

/// <summary>
/// A bank statement exported as CSV, read and checked line by line before any of it may touch the ledger:
/// a header row naming at least date, amount and reference (name optional, any case, any order); dates as
/// YYYY-MM-DD or DD/MM/YYYY; amounts like 25, 25.00 or £1,025.50. Shared by the Finance desk and the command line.
/// </summary>
public sealed class BankStatement
{
    public const int MaxBytes = 1024 * 1024;
    public const int MaxRows = 10_000;
    public const long MaxAmountPence = 1_000_000_00;
    public const int MaxReferenceLength = 150;

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy"];
    private static readonly string[] RequiredColumns = ["date", "amount", "reference"];

    /// <summary>One payment the statement shows. <see cref="RepeatsLine"/> is set when an earlier line has the same date, amount and reference.</summary>
    public sealed record Payment(int Line, DateOnly Date, long AmountPence, string Reference, string? Name, int? RepeatsLine)
    {
        public string ExternalId => ExternalIdOf(Date, AmountPence, Reference);
        public string Key => KeyOf(Date, AmountPence, Reference);
    }

    /// <summary>A reason the file can't be imported; line 0 is the file as a whole.</summary>
    public sealed record Problem(int Line, string Message)
    {
        public override string ToString() => Line > 0 ? $"line {Line}: {Message}" : Message;
    }

    public IReadOnlyList<Payment> Payments { get; }
    public IReadOnlyList<Problem> Problems { get; }

    /// <summary>The whole file may be imported: no problems and at least one payment.</summary>
    public bool Accepted => Problems.Count == 0;

    private BankStatement(List<Payment> payments, List<Problem> problems) => (Payments, Problems) = (payments, problems);

    /// <summary>The external id of a bank line: re-importing the same statement finds the same ids and records nothing twice.</summary>
    public static string ExternalIdOf(DateOnly date, long pence, string reference) => "bank:" + KeyOf(date, pence, reference);

    /// <summary>Date, amount and reference as compared for duplicates: reference without spacing or case.</summary>
    public static string KeyOf(DateOnly date, long pence, string? reference) =>
        $"{date:yyyy-MM-dd}:{pence}:{NormaliseReference(reference)}";

    public static string NormaliseReference(string? reference) =>
        string.Concat((reference ?? "").Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();

    public static BankStatement Parse(byte[] content, DateOnly today)
    {
        if (content.Length > MaxBytes) return Refused($"The file is larger than {MaxBytes / 1024 / 1024} MB; split the statement into smaller files.");
        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(content);
        }
        catch (DecoderFallbackException)
        {
            return Refused("The file is not CSV text (UTF-8): export the statement from the bank as CSV.");
        }
        return Parse(text, today);
    }

    public static BankStatement Parse(string text, DateOnly today)
    {
        if (Encoding.UTF8.GetByteCount(text) > MaxBytes)
            return Refused($"The file is larger than {MaxBytes / 1024 / 1024} MB; split the statement into smaller files.");
        text = text.TrimStart('\uFEFF');
        if (string.IsNullOrWhiteSpace(text)) return Refused("The file is empty.");
        if (text.Contains('\0')) return Refused("The file is not CSV text: export the statement from the bank as CSV.");

        var payments = new List<Payment>();
        var problems = new List<Problem>();
        var seen = new Dictionary<string, int>();
        var options = new CsvReaderOptions
        {
            Separator = ',',
            HasHeader = true,
            TrimWhitespace = true,
            TrackLineNumbers = true,
            MalformedData = CsvMalformedDataHandling.Throw,
        };
        try
        {
            using var csv = CsvReader.FromText(text, options);
            var headers = csv.Headers.Select(h => h.Trim().ToLowerInvariant()).ToList();
            var missing = RequiredColumns.Where(c => !headers.Contains(c)).ToList();
            if (missing.Count > 0)
            {
                return Refused($"The first line must be a header row naming the columns date, amount and reference (name is optional); missing: {string.Join(", ", missing)}.", line: 1);
            }
            int Column(string name) => headers.IndexOf(name);
            var (date, amount, reference, name) = (Column("date"), Column("amount"), Column("reference"), Column("name"));

            var rows = 0;
            while (csv.Read())
            {
                if (++rows > MaxRows)
                    return Refused($"The file has more than {MaxRows:N0} rows; split the statement into smaller files.");
                var line = (int)csv.LineNumber;
                string Field(int i) => i >= 0 && i < csv.FieldCount ? (csv.GetString(i) ?? "").Trim() : "";
                var row = ReadRow(line, Field(date), Field(amount), Field(reference), name < 0 ? "" : Field(name), today, out var problem);
                if (row is null)
                {
                    problems.Add(problem!);
                    continue;
                }
                if (seen.TryGetValue(row.Key, out var first)) row = row with { RepeatsLine = first };
                else seen[row.Key] = line;
                payments.Add(row);
            }
        }
        catch (CsvFormatException e)
        {
            problems.Add(new Problem((int)e.LineNumber, "the quotes on this line don't match: a field that holds a comma must be in double quotes."));
        }
        if (payments.Count == 0 && problems.Count == 0) problems.Add(new Problem(0, "The file has a header row but no payments."));
        return new BankStatement(payments, problems);
    }

    private static Payment? ReadRow(int line, string dateText, string amountText, string reference, string name, DateOnly today, out Problem? problem)
    {
        problem = null;
        string? reason = null;
        DateOnly date = default;
        long pence = 0;
        if (!DateOnly.TryParseExact(dateText, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
            reason = dateText.Length == 0 ? "the date is missing." : $"“{Clip(dateText)}” is not a date: write YYYY-MM-DD or DD/MM/YYYY.";
        else if (date > today) reason = $"the date {date:yyyy-MM-dd} is in the future.";
        else if (!Amounts.TryParsePence(amountText, out pence))
            reason = amountText.Length == 0 ? "the amount is missing." : $"“{Clip(amountText)}” is not an amount: write it like 25, 25.00 or £1,025.50.";
        else if (pence <= 0) reason = "the amount is zero or negative: only money received can be imported.";
        else if (pence > MaxAmountPence) reason = $"the amount is more than {Masthead.Kernel.Money.Pence(MaxAmountPence)}.";
        else if (reference.Length == 0) reason = "the reference is missing.";
        else if (reference.Length > MaxReferenceLength) reason = $"the reference is longer than {MaxReferenceLength} characters.";
        else if (name.Length > LedgerEntry.NameMax) reason = $"the name is longer than {LedgerEntry.NameMax} characters.";
        if (reason is not null)
        {
            problem = new Problem(line, reason);
            return null;
        }
        return new Payment(line, date, pence, reference, name.Length == 0 ? null : name, null);
    }

    private static string Clip(string s) => s.Length <= 40 ? s : s[..40] + "…";

    private static BankStatement Refused(string message, int line = 0) => new([], [new Problem(line, message)]);
}
