namespace Masthead.IntegrationTests.Infrastructure;

/// <summary>The app's role names, so tests read as the newsroom speaks.</summary>
public static class Roles
{
    public const string Admin = Masthead.Infrastructure.Auth.Roles.Admin;
    public const string Editor = Masthead.Infrastructure.Auth.Roles.Editor;
    public const string Finance = Masthead.Infrastructure.Auth.Roles.Finance;
    public const string Membership = Masthead.Infrastructure.Auth.Roles.Membership;
    public const string Campaigns = Masthead.Infrastructure.Auth.Roles.Campaigns;
}
