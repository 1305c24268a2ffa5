using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace Masthead.Features.Membership;

/// <summary>The checks on a name, postal address and email the register holds, shared by the forms, the import and the members' pages.</summary>
public static partial class MemberDetails
{
    public sealed record Problem(string Field, string Message);

    public static IEnumerable<Problem> NameProblems(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) yield return new("Name", "Give the full name, or the organisation's name.");
        else if (name.Trim().Length > Member.NameMax) yield return new("Name", "Names are at most 200 characters.");
    }

    public static IEnumerable<Problem> ContactProblems(string? address, string? postcode, string? email)
    {
        if (string.IsNullOrWhiteSpace(address)) yield return new("Address", "Give the postal address: the register must hold one.");
        else if (CleanAddress(address).Length > Member.AddressMax) yield return new("Address", "Addresses are at most 500 characters.");
        if (string.IsNullOrWhiteSpace(postcode)) yield return new("Postcode", "Give the postcode.");
        else if (CleanPostcode(postcode).Length > 12) yield return new("Postcode", "Postcodes are at most 12 characters.");
        if (!string.IsNullOrWhiteSpace(email) && (email.Trim().Length > 254 || !new EmailAddressAttribute().IsValid(email.Trim())))
            yield return new("Email", "Enter an email address like name@example.org.");
    }

    /// <summary>Lines trimmed, empty lines dropped, joined by a newline.</summary>
    public static string CleanAddress(string address) =>
        string.Join('\n', address.Replace("\r", "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));

    public static string CleanPostcode(string postcode) => Spaces().Replace(postcode.Trim().ToUpperInvariant(), " ");

    public static string Describe(NoticePurposes purposes) => purposes == NoticePurposes.None ? "none" : string.Join(", ",
        new[] { (NoticePurposes.Meetings, "notices of meetings"), (NoticePurposes.Accounts, "accounts and reports"), (NoticePurposes.Other, "other notices") }
            .Where(p => purposes.HasFlag(p.Item1)).Select(p => p.Item2));

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
