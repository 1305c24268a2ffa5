using System.Globalization;
using CsvHelper;

namespace Masthead.Infrastructure.Csv;

/// <summary>
/// The one way Masthead writes CSV for a person to open in a spreadsheet: UTF-8 with a byte-order mark (so Excel
/// reads "Tomás" as UTF-8), RFC 4180 quoting, CRLF line ends, and every text cell that a spreadsheet would run as a
/// formula (starting = + - @, tab or CR) defused with a leading apostrophe, as OWASP advises. Numbers and dates
/// passed as numbers and dates are written as they are, so a refund of -500 stays a number; the same characters
/// passed as text are escaped. See docs/decisions.md, "One CSV writer".
/// </summary>
public sealed class CsvExport : IDisposable
{
    public const string ContentType = "text/csv; charset=utf-8";

    private const char Escape = '\'';
    private const string FormulaStarts = "=+-@\t\r";

    private static readonly CsvWriterOptions Options = new()
    {
        Injection = CsvInjection.Escape,
        InjectionCharacters = FormulaStarts,
        InjectionEscape = Escape,
        WriteByteOrderMark = true,
        FormatProvider = CultureInfo.InvariantCulture,
        NewLine = "\r\n",
    };

    private readonly MemoryStream _bytes = new();
    private readonly CsvWriter _csv;

    /// <summary>Starts a file with its header row.</summary>
    public CsvExport(params ReadOnlySpan<string> header)
    {
        _csv = CsvWriter.Create(_bytes, Options, leaveOpen: true);
        foreach (var name in header) _csv.WriteField(name);
        _csv.EndRecord();
    }

    /// <summary>
    /// Writes one row. A string is text (escaped when it starts like a formula); an int, long or decimal is a number;
    /// a DateOnly is written yyyy-MM-dd and a DateTime in ISO 8601; null is an empty cell.
    /// </summary>
    public CsvExport Row(params ReadOnlySpan<object?> cells)
    {
        foreach (var cell in cells) _csv.WriteField(cell);
        _csv.EndRecord();
        return this;
    }

    /// <summary>The whole file so far, byte-order mark first.</summary>
    public byte[] ToBytes()
    {
        _csv.Flush();
        return _bytes.ToArray();
    }

    /// <summary>The file as a download saved under <paramref name="fileName"/>.</summary>
    public CsvFile File(string fileName) => new(ToBytes(), fileName);

    /// <summary>
    /// Undoes the export's escape, for an import that reads our own files back: a cell that is an apostrophe then a
    /// formula character loses the apostrophe. Any other apostrophe ("'Twas", "Bakers' Union") is the person's own.
    /// </summary>
    public static string Unescape(string cell) =>
        cell.Length >= 2 && cell[0] == Escape && FormulaStarts.Contains(cell[1]) ? cell[1..] : cell;

    public void Dispose()
    {
        _csv.Dispose();
        _bytes.Dispose();
    }
}
