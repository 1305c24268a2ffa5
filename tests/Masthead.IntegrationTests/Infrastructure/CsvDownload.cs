using System.Net;
using System.Text;

namespace Masthead.IntegrationTests.Infrastructure;

/// <summary>What every CSV download must be, and the formula a reader could type in as their name to test it.</summary>
public static class CsvDownload
{
    /// <summary>A name a spreadsheet would run as a link, if the file let it through.</summary>
    public const string Formula = "=HYPERLINK(\"http://evil.example\",\"x\")";

    /// <summary>The same cell defused: an apostrophe first, quoted as CSV wants.</summary>
    public const string Defused = "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"";

    /// <summary>
    /// Checks the response is a UTF-8 CSV download, kept by no cache, saved under its name, starting with a byte-order
    /// mark; returns its rows (without the mark).
    /// </summary>
    public static async Task<string[]> ReadAsync(HttpResponseMessage response, string fileName)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("text/csv", "utf-8"), (response.Content.Headers.ContentType!.MediaType, response.Content.Headers.ContentType.CharSet));
        Assert.Equal(fileName, response.Content.Headers.ContentDisposition!.FileName?.Trim('"'));
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The row holding the formula has it defused, and no cell anywhere starts with the bare formula.</summary>
    public static string AssertDefused(string[] rows)
    {
        Assert.DoesNotContain(rows, r => r.StartsWith(Formula[..10], StringComparison.Ordinal) || r.StartsWith("\"" + Formula[..10], StringComparison.Ordinal)
            || r.Contains("," + Formula[..10], StringComparison.Ordinal) || r.Contains(",\"" + Formula[..10], StringComparison.Ordinal));
        return Assert.Single(rows, r => r.Contains(Defused, StringComparison.Ordinal));
    }
}
