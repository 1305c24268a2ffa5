using System.Security.Cryptography;
using System.Text;
using Masthead.Features.FightingFund;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;

namespace Masthead.Features.Finance;

/// <summary>
/// A bank statement CSV, in two steps: the preview shows every line, duplicates and bad rows and writes nothing;
/// the confirmation imports the whole file or nothing. Between the two the file travels in the form, sealed by
/// the server (data protection), so what is confirmed is exactly what was previewed and no copy is left behind.
/// </summary>
public sealed class ImportModel(BankImport import, IDataProtectionProvider protection) : PageModel
{
    private static readonly TimeSpan PreviewLifetime = TimeSpan.FromHours(2);

    [BindProperty]
    public IFormFile? Upload { get; set; }

    /// <summary>The previewed file, sealed: its name and content.</summary>
    [BindProperty]
    public string? Statement { get; set; }

    public string? FileName { get; private set; }
    public BankImport.Preview? Preview { get; private set; }
    public string? Problem { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        if (Upload is null || Upload.Length == 0) return Refuse("Choose the bank statement's CSV file to upload.");
        if (Upload.Length > BankStatement.MaxBytes)
            return Refuse($"The file is larger than 1 MB; split the statement into smaller files.", StatusCodes.Status413PayloadTooLarge);
        FileName = Path.GetFileName(Upload.FileName);
        using var buffer = new MemoryStream();
        await Upload.CopyToAsync(buffer, ct);
        var content = buffer.ToArray();
        Preview = await import.PreviewAsync(BankStatement.Parse(content, import.Today), ct);
        if (!Preview.Statement.Accepted)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Statement = Seal(FileName, content);
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken ct)
    {
        if (Unseal(Statement) is not { } file)
            return Refuse("This preview has expired or was changed. Upload the file again to preview it.");
        FileName = file.Name;
        var statement = BankStatement.Parse(file.Content, import.Today);
        var outcome = await import.ImportAsync(statement, file.Name, User.Identity!.Name!, ct);
        if (outcome.Problem is not null)
        {
            Preview = await import.PreviewAsync(statement, ct);
            Problem = outcome.Problem;
            Response.StatusCode = statement.Accepted ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
            return Page();
        }
        TempData["Notice"] = outcome.Imported == 0
            ? $"Nothing imported from {file.Name}: all {outcome.Duplicates} payment(s) are already in the ledger."
            : $"Imported {outcome.Imported} payment(s) from {file.Name}, totalling {Money.Pence(outcome.TotalPence)}"
              + (outcome.Duplicates > 0 ? $"; {outcome.Duplicates} duplicate(s) skipped." : ".");
        return Redirect("/finance/ledger");
    }

    private PageResult Refuse(string problem, int status = StatusCodes.Status400BadRequest)
    {
        Problem = problem;
        Response.StatusCode = status;
        return Page();
    }

    private ITimeLimitedDataProtector Protector => protection.CreateProtector("Masthead.Finance.BankStatement").ToTimeLimitedDataProtector();

    /// <summary>Name and content, encrypted and signed with an expiry: the content is sent back only once, base64url.</summary>
    private string Seal(string name, byte[] content)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var packed = new byte[4 + nameBytes.Length + content.Length];
        BitConverter.TryWriteBytes(packed.AsSpan(0, 4), nameBytes.Length);
        nameBytes.CopyTo(packed, 4);
        content.CopyTo(packed, 4 + nameBytes.Length);
        return WebEncoders.Base64UrlEncode(Protector.Protect(packed, PreviewLifetime));
    }

    private (string Name, byte[] Content)? Unseal(string? sealedText)
    {
        if (string.IsNullOrEmpty(sealedText)) return null;
        try
        {
            var packed = Protector.Unprotect(WebEncoders.Base64UrlDecode(sealedText), out _);
            var nameLength = BitConverter.ToInt32(packed, 0);
            if (nameLength < 0 || nameLength > packed.Length - 4) return null;
            return (Encoding.UTF8.GetString(packed, 4, nameLength), packed[(4 + nameLength)..]);
        }
        catch (Exception e) when (e is CryptographicException or FormatException or ArgumentException)
        {
            return null;
        }
    }
}
