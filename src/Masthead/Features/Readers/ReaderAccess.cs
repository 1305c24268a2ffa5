using System.Security.Claims;

namespace Masthead.Features.Readers;

/// <summary>
/// Readers — supporters and members — sign in without a password, by a link emailed to them. Their
/// sign-in is a cookie of its own scheme, separate from staff sign-in, and carries one claim: the
/// email address they proved they can read.
/// </summary>
public static class ReaderAccess
{
    /// <summary>The cookie authentication scheme of signed-in readers.</summary>
    public const string Scheme = "Reader";

    /// <summary>The authorization policy a reader's own page requires: signed in by an emailed link.</summary>
    public const string Policy = "reader";

    public const string SignInPath = "/my/signin";

    /// <summary>An address as Masthead compares it: trimmed and lower-case.</summary>
    public static string Normalise(string email) => email.Trim().ToLowerInvariant();

    /// <summary>The signed-in reader's email address, normalised; null when no reader is signed in.</summary>
    public static string? ReaderEmail(this ClaimsPrincipal user) =>
        user.Identities.FirstOrDefault(i => i.IsAuthenticated && i.AuthenticationType == Scheme)?.FindFirst(ClaimTypes.Email)?.Value;
}

/// <summary>
/// One part of a reader's account, contributed by a feature (supporters, members). A sign-in link
/// is sent only to an address some part knows, and the reader's home page (<c>/my</c>) lists the
/// parts that know the signed-in address. Register as a scoped service.
/// </summary>
public interface IReaderAccountPart
{
    /// <summary>The heading on the reader's home page, e.g. "Your support".</summary>
    string Title { get; }

    /// <summary>The page of this part, e.g. "/my/support"; it requires <see cref="ReaderAccess.Policy"/>.</summary>
    string Path { get; }

    /// <summary>Where on the reader's home page this part comes; lower first.</summary>
    int Order { get; }

    /// <summary>Whether this part has anything for the (normalised) address.</summary>
    Task<bool> KnowsAsync(string email, CancellationToken ct);
}
