using System.Net;
using System.Text.RegularExpressions;

namespace Masthead.IntegrationTests.Infrastructure;

/// <summary>Signs a reader in the way a person does: asks for a link, reads it from the SMTP server, presses the button.</summary>
public static partial class ReaderSignIn
{
    /// <summary>The sign-in link in the newest sign-in email sent to this address.</summary>
    public static async Task<string> LinkFromInboxAsync(string email, int expectedMails, params MastheadApp[] senders)
    {
        var mails = await SmtpInbox.WaitForAsync(email, expectedMails, senders);
        var mail = mails.Where(m => m.Subject.Contains("sign in", StringComparison.OrdinalIgnoreCase))
            .OrderBy(m => m.Message.Date).Last();
        var match = LinkPattern().Match(mail.TextBody);
        Assert.True(match.Success, $"No sign-in link in: {mail.TextBody}");
        return new Uri(match.Value).PathAndQuery;
    }

    /// <summary>A client signed in as the reader with this address (which some part of Masthead must know).</summary>
    public static async Task<HttpClient> ReaderClientAsync(this MastheadApp app, string email)
    {
        var client = app.CreateClient();
        var before = (await SmtpInbox.ForAsync(email)).Count;
        var asked = await client.PostFormAsync("/my/signin", new() { ["Email"] = email });
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var link = await LinkFromInboxAsync(email, before + 1, app);
        var signedIn = await client.PostFormAsync("/my/signin/link", new() { ["Token"] = Token(link) }, formPage: link);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return client;
    }

    public static string Token(string link) => Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri("http://x" + link).Query)["token"]!;

    [GeneratedRegex(@"https?://\S+/my/signin/link\?token=[A-Za-z0-9_\-]+\S*")]
    private static partial Regex LinkPattern();
}
