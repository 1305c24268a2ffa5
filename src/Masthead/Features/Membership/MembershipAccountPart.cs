using Masthead.Data;
using Masthead.Features.Readers;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Membership;

/// <summary>Members and applicants sign in by an emailed link to see their entry in the register at <c>/my/membership</c>.</summary>
public sealed class MembershipAccountPart(MastheadDb db) : IReaderAccountPart
{
    public string Title => "Your membership of the co-operative";
    public string Path => "/my/membership";
    public int Order => 20;

    public async Task<bool> KnowsAsync(string email, CancellationToken ct) =>
        await db.Members.AnyAsync(m => m.Email == email, ct) || await db.ShareApplications.AnyAsync(a => a.Email == email, ct);
}
