using Masthead.Data;
using Masthead.Features.Readers;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Supporters;

/// <summary>Supporters' part of a reader's account: known to sign-in, listed on <c>/my</c>.</summary>
public sealed class SupporterAccountPart(MastheadDb db) : IReaderAccountPart
{
    public const string PagePath = "/my/support";

    public string Title => "Your support";
    public string Path => PagePath;
    public int Order => 10;

    public Task<bool> KnowsAsync(string email, CancellationToken ct) =>
        db.Supporters.AnyAsync(s => s.Email == email && s.State != SupporterState.Pending, ct);
}
