namespace Masthead.Infrastructure.Auth;

/// <summary>The staff roles. Admin may do everything; each other role guards one part of the paper.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Editor = "Editor";
    public const string Finance = "Finance";
    public const string Membership = "Membership";
    public const string Campaigns = "Campaigns";

    public static readonly string[] All = [Admin, Editor, Finance, Membership, Campaigns];

    /// <summary>Authorization policy names: a role's policy admits that role and Admin.</summary>
    public static class Policies
    {
        public const string Newsroom = "newsroom";
        public const string Finance = "finance";
        public const string Admin = "admin";
        public const string Membership = "membership";
        public const string Campaigns = "campaigns";

        /// <summary>Supporters' records: money (Finance) and membership staff both look after supporters.</summary>
        public const string Supporters = "supporters";
    }
}
