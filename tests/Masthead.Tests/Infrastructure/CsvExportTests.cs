using System.Text;
using Masthead.Infrastructure.Csv;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Masthead.Tests.Infrastructure;

/// <summary>The one CSV writer every download uses: a BOM, RFC 4180 quoting, and no cell a spreadsheet would run.</summary>
public sealed class CsvExportTests
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    private static string Text(CsvExport csv)
    {
        var bytes = csv.ToBytes();
        Assert.Equal(Bom, bytes[..3]);
        return Encoding.UTF8.GetString(bytes[3..]);
    }

    /// <summary>How one cell is written (a second column keeps an empty cell from being a lone empty record).</summary>
    private static string OneCell(object? value)
    {
        using var csv = new CsvExport("cell", "end");
        return Text(csv.Row(value, "end"))["cell,end\r\n".Length..^",end\r\n".Length];
    }

    [Fact]
    public void A_file_starts_with_a_byte_order_mark_and_ends_each_row_with_CRLF()
    {
        using var csv = new CsvExport("name", "town");
        csv.Row("Tomás Ó Briain", "Dún Laoghaire").Row("Ann", null);

        Assert.Equal("name,town\r\nTomás Ó Briain,Dún Laoghaire\r\nAnn,\r\n", Text(csv));
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example\",\"x\")", "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"")]
    [InlineData("=1+1", "\"'=1+1\"")]
    [InlineData("+44 113 496 0000", "\"'+44 113 496 0000\"")]
    [InlineData("-2+3+cmd|' /C calc'!A0", "\"'-2+3+cmd|' /C calc'!A0\"")]
    [InlineData("@SUM(A1:A9)", "\"'@SUM(A1:A9)\"")]
    [InlineData("\t=1+1", "\"'\t=1+1\"")]
    [InlineData("\r=1+1", "\"'\r=1+1\"")]
    public void Text_that_a_spreadsheet_would_run_as_a_formula_gets_a_leading_apostrophe(string value, string written) =>
        Assert.Equal(written, OneCell(value));

    [Theory]
    [InlineData("Ann", "Ann")]
    [InlineData("Smith, Jo", "\"Smith, Jo\"")]
    [InlineData("Say \"no\"", "\"Say \"\"no\"\"\"")]
    [InlineData("Bakers' Union", "Bakers' Union")]
    [InlineData("a = b", "a = b")]
    [InlineData("", "")]
    public void Ordinary_text_is_quoted_only_as_CSV_needs(string value, string written) =>
        Assert.Equal(written, OneCell(value));

    [Fact]
    public void Numbers_and_dates_passed_as_such_stay_numbers_even_when_negative()
    {
        Assert.Equal("-500", OneCell(-500L));
        Assert.Equal("-12", OneCell(-12));
        Assert.Equal("-1.50", OneCell(-1.50m));
        Assert.Equal("250.00", OneCell(25_000 * 0.01m));
        Assert.Equal("2026-03-31", OneCell(new DateOnly(2026, 3, 31)));
        Assert.Equal("", OneCell(null));
        // The same characters as text are text a person typed, and are escaped like any other.
        Assert.Equal("\"'-500\"", OneCell("-500"));
    }

    [Theory]
    [InlineData("'=1+1", "=1+1")]
    [InlineData("'-5", "-5")]
    [InlineData("'@x", "@x")]
    [InlineData("'Twas brillig", "'Twas brillig")]
    [InlineData("'", "'")]
    [InlineData("Bakers' Union", "Bakers' Union")]
    [InlineData("=raw", "=raw")]
    public void Unescape_takes_back_only_the_apostrophe_the_writer_added(string cell, string value) =>
        Assert.Equal(value, CsvExport.Unescape(cell));

    [Fact]
    public async Task The_download_is_utf8_csv_under_its_file_name_and_kept_by_no_cache()
    {
        using var csv = new CsvExport("name");
        csv.Row("=x");
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        http.Response.Body = new MemoryStream();

        await csv.File("voters-2026-03-31.csv").ExecuteAsync(http);

        Assert.Equal("text/csv; charset=utf-8", http.Response.ContentType);
        Assert.Contains("filename=voters-2026-03-31.csv", http.Response.Headers.ContentDisposition.ToString());
        Assert.Equal("private, no-store", http.Response.Headers.CacheControl.ToString());
        Assert.Equal(csv.ToBytes(), ((MemoryStream)http.Response.Body).ToArray());
    }
}
