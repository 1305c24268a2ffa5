using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Masthead.Features.Readers;

/// <summary>A signed-in reader's home: the parts of the paper that know them (their support, their membership).</summary>
public sealed class HomeModel(ReaderLinks links) : PageModel
{
    public string Email { get; private set; } = "";
    public IReadOnlyList<IReaderAccountPart> Parts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Email = User.ReaderEmail()!;
        Parts = await links.PartsKnowingAsync(Email, ct);
    }
}
