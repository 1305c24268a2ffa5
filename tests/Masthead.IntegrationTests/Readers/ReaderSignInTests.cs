using System.Net;
using Masthead.Features.Readers;
using Masthead.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Masthead.IntegrationTests.Readers;

public sealed class ReaderSignInTests_Sqlite(SqliteApp app) : ReaderSignInTests<SqliteApp>(app);
[Trait("Needs", "PostgreSQL")]
public sealed class ReaderSignInTests_Postgres(PostgresApp app) : ReaderSignInTests<PostgresApp>(app);

/// <summary>Readers sign in by a link emailed to an address some part of Masthead knows.</summary>
public abstract class ReaderSignInTests<TApp> : IClassFixture<TApp>, IAsyncLifetime where TApp : MastheadApp
{
    private readonly MastheadApp _app;

    /// <summary>Stands in for supporters and members: it knows the addresses a test gives it.</summary>
    private sealed class KnownAddresses : IReaderAccountPart
    {
        public static readonly HashSet<string> Emails = [];
        public string Title => "Your test part";
        public string Path => "/my/test-part";
        public int Order => 1;
        public Task<bool> KnowsAsync(string email, CancellationToken ct)
        {
            lock (Emails) return Task.FromResult(Emails.Contains(email));
        }
    }

    protected ReaderSignInTests(TApp fixture)
    {
        // An instance of its own over the fixture's database, with the stand-in part added.
        _app = fixture.Sibling();
        _app.ExtraServices.Add(s => s.AddScoped<IReaderAccountPart, KnownAddresses>());
    }

    public Task InitializeAsync() => _app.InitializeAsync();
    public Task DisposeAsync() => _app.DisposeAsync();

    private static string KnownAddress()
    {
        var email = SmtpInbox.NewAddress("reader");
        lock (KnownAddresses.Emails) KnownAddresses.Emails.Add(email);
        return email;
    }

    [Trait("Needs", "Smtp")]
    [Fact]
    public async Task A_known_reader_gets_a_link_that_signs_them_in_once()
    {
        var email = KnownAddress();
        var client = _app.CreateClient();
        var asked = await client.PostFormAsync("/my/signin", new() { ["Email"] = email.ToUpperInvariant() });
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Contains("Check your inbox", (await asked.ReadDocumentAsync()).QuerySelector("[role=status]")!.TextContent);

        var link = await ReaderSignIn.LinkFromInboxAsync(email, 1, _app);
        var mail = Assert.Single(await SmtpInbox.ForAsync(email));
        Assert.Contains("works once", mail.TextBody);

        // Opening the link (as a mail scanner would) signs no one in; pressing the button does.
        var page = await client.GetDocumentAsync(link);
        Assert.NotNull(page.QuerySelector("form button[type=submit]"));
        var token = ReaderSignIn.Token(link);
        var signedIn = await client.PostFormAsync("/my/signin/link", new() { ["Token"] = token }, formPage: link);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/my", signedIn.Headers.Location!.OriginalString);

        var home = await client.GetDocumentAsync("/my");
        Assert.Contains(email, home.QuerySelector("main")!.TextContent);
        Assert.Equal("/my/test-part", home.QuerySelector(".account-parts a")!.GetAttribute("href"));

        // The link is used up: another browser with it is sent to ask again.
        var other = _app.CreateClient();
        await other.GetDocumentAsync(link, HttpStatusCode.BadRequest);
        var again = await other.PostFormAsync("/my/signin/link", new() { ["Token"] = token }, formPage: "/my/signin");
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.StartsWith("/my/signin?expired=True", again.Headers.Location!.OriginalString, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Redirect, (await other.GetAsync("/my")).StatusCode);

        // Signing out ends it.
        var signedOut = await client.PostFormAsync("/my/signout", []);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        var after = await client.GetAsync("/my");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/my/signin", after.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task An_unknown_address_is_told_the_same_and_sent_nothing()
    {
        var stranger = SmtpInbox.NewAddress("stranger");
        var asked = await _app.CreateClient().PostFormAsync("/my/signin", new() { ["Email"] = stranger });
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Contains("Check your inbox", (await asked.ReadDocumentAsync()).QuerySelector("[role=status]")!.TextContent);
        Assert.Equal(0, await _app.WithDbAsync(db => db.Outbox.CountAsync(m => m.ToAddress == stranger)));
        Assert.Equal(0, await _app.WithDbAsync(db => db.ReaderSignInLinks.CountAsync(l => l.Email == stranger)));
    }

    [Trait("Needs", "Smtp")]
    [Fact]
    public async Task A_link_expires_after_its_lifetime()
    {
        var email = KnownAddress();
        var client = _app.CreateClient();
        await client.PostFormAsync("/my/signin", new() { ["Email"] = email });
        var link = await ReaderSignIn.LinkFromInboxAsync(email, 1, _app);
        _app.Clock.Advance(TimeSpan.FromMinutes(31));
        var page = await client.GetDocumentAsync(link, HttpStatusCode.BadRequest);
        Assert.Contains("expired", page.QuerySelector("[role=alert]")!.TextContent);
        var refused = await client.PostFormAsync("/my/signin/link", new() { ["Token"] = ReaderSignIn.Token(link) }, formPage: "/my/signin");
        Assert.StartsWith("/my/signin?expired", refused.Headers.Location!.OriginalString, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Asking_again_and_again_sends_at_most_five_links_an_hour()
    {
        var email = KnownAddress();
        var client = _app.CreateClient();
        for (var i = 0; i < 7; i++)
        {
            var asked = await client.PostFormAsync("/my/signin", new() { ["Email"] = email });
            Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        }
        Assert.Equal(5, await _app.WithDbAsync(db => db.Outbox.CountAsync(m => m.ToAddress == email)));
        _app.Clock.Advance(TimeSpan.FromMinutes(61));
        await client.PostFormAsync("/my/signin", new() { ["Email"] = email });
        Assert.Equal(6, await _app.WithDbAsync(db => db.Outbox.CountAsync(m => m.ToAddress == email)));
    }

    [Fact]
    public async Task One_network_address_posting_the_form_too_often_is_refused_for_a_while()
    {
        await using var limited = _app.Sibling().WithSetting("Readers:SignInPostsPerTenMinutes", "3");
        await limited.InitializeAsync();
        var client = limited.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostFormAsync("/my/signin", new() { ["Email"] = SmtpInbox.NewAddress("flood") })).StatusCode);
        }
        var refused = await client.PostFormAsync("/my/signin", new() { ["Email"] = SmtpInbox.NewAddress("flood") });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
    }

    [Theory]
    [InlineData("", "Enter your email address.")]
    [InlineData("not-an-address", "Enter an email address like name@example.org.")]
    public async Task Bad_input_is_refused_with_a_message(string email, string message)
    {
        var asked = await _app.CreateClient().PostFormAsync("/my/signin", new() { ["Email"] = email });
        Assert.Equal(HttpStatusCode.BadRequest, asked.StatusCode);
        Assert.Contains(message, (await asked.ReadDocumentAsync()).QuerySelector(".field-error")!.TextContent);
    }

    [Fact]
    public async Task A_forged_token_signs_no_one_in()
    {
        var client = _app.CreateClient();
        await client.GetDocumentAsync("/my/signin/link?token=forged-token-0123456789", HttpStatusCode.BadRequest);
        var refused = await client.PostFormAsync("/my/signin/link", new() { ["Token"] = "forged-token-0123456789" }, formPage: "/my/signin");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/my/signin?expired", refused.Headers.Location!.OriginalString, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/my")).StatusCode);
    }

    [Trait("Needs", "Smtp")]
    [Fact]
    public async Task The_helper_used_by_other_features_signs_a_reader_in()
    {
        var email = KnownAddress();
        var client = await _app.ReaderClientAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/my")).StatusCode);
    }
}
