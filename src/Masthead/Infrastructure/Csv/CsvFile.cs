using Microsoft.AspNetCore.Mvc;

namespace Masthead.Infrastructure.Csv;

/// <summary>
/// A CSV download, returned the same way from a Razor page and from an endpoint: text/csv in UTF-8, saved under
/// its file name, and kept by no cache, because every export Masthead makes holds people's names.
/// </summary>
public sealed class CsvFile(byte[] bytes, string fileName) : IResult, IActionResult
{
    public byte[] Bytes => bytes;
    public string FileName => fileName;

    public Task ExecuteAsync(HttpContext http)
    {
        http.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.File(bytes, CsvExport.ContentType, fileName).ExecuteAsync(http);
    }

    public Task ExecuteResultAsync(ActionContext context) => ExecuteAsync(context.HttpContext);
}
