using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Masthead.Data;
using Masthead.Features.Newsroom;
using Masthead.Features.Publishing;
using Masthead.Infrastructure.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Masthead.IntegrationTests.Infrastructure;

/// <summary>
/// Masthead over HTTP against a real database of its own: a SQLite file, or a fresh PostgreSQL database
/// on the server that scripts/test starts. The clock is a <see cref="FakeTimeProvider"/> that starts at the real time.
/// </summary>
public abstract class MastheadApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string StaffPassword = "correct-horse-battery";
    public const string WebhookSecret = "whsec_test_masthead_0123456789";

    /// <summary>
    /// The paper's configured public address (<c>Paper:BaseUrl</c>), which every instance needs outside Development; the
    /// same address the test clients use, as readers reach a real paper at its public address.
    /// </summary>
    public const string BaseUrl = "https://localhost";

    /// <summary>The host environment; "Testing" unless a test needs Production's own rules.</summary>
    public string EnvironmentName { get; init; } = "Testing";

    /// <summary>Extra configuration for this instance, set before it starts.</summary>
    public Dictionary<string, string> Settings { get; } = [];

    /// <summary>Serve over real Kestrel on a loopback port instead of the in-memory test server.</summary>
    public bool UseRealServer { get; init; }

    /// <summary>Services a test adds to this instance (e.g. a stand-in for a feature); add them before it starts.</summary>
    public List<Action<IServiceCollection>> ExtraServices { get; } = [];

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);
    public abstract DatabaseProvider Provider { get; }
    public abstract string ConnectionString { get; }

    /// <summary>A second instance over the same database, as after a restart or beside this one.</summary>
    public abstract MastheadApp Sibling();

    /// <summary>How often this instance's mail sender looks for due mail (on <see cref="Clock"/>).</summary>
    public static readonly TimeSpan EmailPollInterval = TimeSpan.FromMilliseconds(100);


    /// <summary>Changes a setting of this instance only; call it before the instance starts.</summary>
    public MastheadApp WithSetting(string key, string value)
    {
        Settings[key] = value;
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        builder.UseSetting("Database:Provider", Provider.ToString());
        builder.UseSetting("ConnectionStrings:Masthead", ConnectionString);
        builder.UseSetting("Paper:BaseUrl", BaseUrl);
        builder.UseSetting("Newsroom:SchedulerInterval", "00:00:00.200");
        builder.UseSetting("Events:ReminderInterval", "00:00:00.200");
        builder.UseSetting("Stripe:WebhookSecret", WebhookSecret);
        // The keys that sign cookies are stored encrypted, as Production requires.
        builder.UseSetting("DataProtection:Certificate", TestCertificate.Path);
        builder.UseSetting("DataProtection:CertificatePassword", TestCertificate.Password);
        // Mail goes to the real SMTP server that scripts/test starts; SmtpInbox reads it back. Without one
        // (scripts/test --fast) mail stays in the outbox, and the tests that read mail are left out.
        if (TestSmtp.IsConfigured)
        {
            builder.UseSetting("Email:SmtpHost", "127.0.0.1");
            builder.UseSetting("Email:SmtpPort", TestSmtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        builder.UseSetting("Email:UseTls", "false");
        builder.UseSetting("Email:FromAddress", "fund@masthead.test");
        builder.UseSetting("Email:PollInterval", EmailPollInterval.ToString());
        builder.UseSetting("Email:Timeout", "00:00:10");
        // Every test signs readers in from the same address; the limit itself is tested on its own.
        builder.UseSetting("Readers:SignInPostsPerTenMinutes", "100000");
        // Every test client comes from one address; the per-address limit has a test of its own.
        builder.UseSetting("Campaigns:SignsPerAddress", "100000");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            foreach (var add in ExtraServices) add(services);
        });
    }

    public virtual Task InitializeAsync()
    {
        // Secure cookies travel only over https, as they will in production.
        ClientOptions.BaseAddress = new Uri(BaseUrl);
        ClientOptions.AllowAutoRedirect = false;
        if (UseRealServer)
        {
            UseKestrel(0);
            StartServer();
        }
        else
        {
            _ = Server;
        }
        // Program refuses settings it cannot use by saying why and returning without starting, which the factory
        // takes for a start: ask the same check here, so such an instance fails now and with its reason.
        Services.GetService<IStartupValidator>()?.Validate();
        if (UseRealServer)
        {
            ClientOptions.BaseAddress = new Uri(Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
                .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First());
        }
        return Task.CompletedTask;
    }

    public new virtual async Task DisposeAsync() => await base.DisposeAsync();

    public async Task<T> WithDbAsync<T>(Func<MastheadDb, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<MastheadDb>());
    }

    public Task WithDbAsync(Func<MastheadDb, Task> work) => WithDbAsync(async db => { await work(db); return 0; });

    public async Task<T> WithServiceAsync<TService, T>(Func<TService, Task<T>> work) where TService : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    /// <summary>Saves a change to an existing article through the newsroom's desk.</summary>
    public async Task<Article> EditAsync(int articleId, Func<Article, ArticleDesk.Draft> change,
        ArticleDesk.Intent intent = ArticleDesk.Intent.Update)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MastheadDb>();
        var article = await db.Articles.FindAsync(articleId) ?? throw new InvalidOperationException($"No article {articleId}");
        return await scope.ServiceProvider.GetRequiredService<ArticleDesk>().SaveAsync(article, change(article), intent, "test");
    }

    /// <summary>A staff account with the given roles (none: signed in but with no role at all).</summary>
    public async Task<string> CreateStaffAsync(params string[] roles)
    {
        var email = $"staff-{Guid.NewGuid():N}@masthead.test";
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var user = new StaffUser { UserName = email, Email = email, EmailConfirmed = true };
        var result = await users.CreateAsync(user, StaffPassword);
        if (result.Succeeded && roles.Length > 0) result = await users.AddToRolesAsync(user, roles);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        return email;
    }

    /// <summary>A client signed in through the real sign-in form.</summary>
    public async Task<HttpClient> SignedInClientAsync(params string[] roles)
    {
        var email = await CreateStaffAsync(roles);
        var client = CreateClient();
        var response = await client.PostFormAsync("/signin", new() { ["Email"] = email, ["Password"] = StaffPassword });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>Makes an author and a section with unique names for a test to publish under.</summary>
    public Task<(Author Author, Section Section)> NewAuthorAndSectionAsync() => WithDbAsync(async db =>
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var author = new Author { Name = $"Writer {tag}", Slug = $"writer-{tag}", Bio = $"Biography of writer {tag}." };
        author.Links.Add(new AuthorLink { Label = "Mastodon", Url = $"https://mastodon.example/@w{tag}" });
        var section = new Section { Name = $"Desk {tag}", Slug = $"desk-{tag}", Position = 100 };
        db.AddRange(author, section);
        await db.SaveChangesAsync();
        return (author, section);
    });

    /// <summary>Publishes an article through the same desk the newsroom uses.</summary>
    public Task<Article> PublishAsync(Author author, Section section, string title, string body = "Body text.",
        string standfirst = "A standfirst.", DateTime? publishedAt = null) =>
        WithServiceAsync<ArticleDesk, Article>(desk => desk.SaveAsync(null,
            new(title, null, standfirst, body, author.Id, section.Id, "tag-one, tag-two"),
            ArticleDesk.Intent.Publish, "test", publishedAt));
}

public sealed class SqliteApp : MastheadApp
{
    private readonly string _file;
    private readonly bool _owner;

    public SqliteApp() : this(Path.Combine(Path.GetTempPath(), $"masthead-test-{Guid.NewGuid():N}.db"), owner: true) { }

    private SqliteApp(string file, bool owner) => (_file, _owner) = (file, owner);

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
    public override string ConnectionString => $"Data Source={_file}";
    public override MastheadApp Sibling() => new SqliteApp(_file, owner: false);

    /// <summary>An instance over a database file the test made (a restored backup); the test removes it.</summary>
    public static SqliteApp Over(string file) => new(file, owner: false);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (!_owner) return;
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_file + suffix);
    }
}

public sealed class PostgresApp : MastheadApp
{
    private readonly string _database;
    private readonly bool _owner;

    public PostgresApp() : this($"masthead_test_{Guid.NewGuid():N}", owner: true) { }

    private PostgresApp(string database, bool owner) => (_database, _owner) = (database, owner);

    public override MastheadApp Sibling() => new PostgresApp(_database, owner: false);

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("MASTHEAD_TEST_POSTGRES") is { Length: > 0 } configured ? configured
        : throw new InvalidOperationException(
            "PostgreSQL is not running: run scripts/test (which starts one), or set MASTHEAD_TEST_POSTGRES to a server's " +
            "connection string. scripts/test --fast leaves these tests out ([Trait(\"Needs\", \"PostgreSQL\")]).");

    public override async Task InitializeAsync()
    {
        // Say which service is missing before the app's own start fails on it with a socket error.
        var server = new NpgsqlConnectionStringBuilder(ServerConnectionString);
        try
        {
            await using var connection = new NpgsqlConnection(server.ConnectionString);
            await connection.OpenAsync();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw new InvalidOperationException(
                $"PostgreSQL is not running at {server.Host}:{server.Port} (MASTHEAD_TEST_POSTGRES): run scripts/test, " +
                $"which starts one, or start a server there. {e.Message}", e);
        }
        await base.InitializeAsync();
    }

    public override string ConnectionString =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = _database }.ConnectionString;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (!_owner) return;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

public static class HttpExtensions
{
    private static readonly HtmlParser Parser = new();

    public static async Task<IHtmlDocument> GetDocumentAsync(this HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(expected, response.StatusCode);
        return await response.ReadDocumentAsync();
    }

    public static async Task<IHtmlDocument> ReadDocumentAsync(this HttpResponseMessage response) =>
        await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync());

    /// <summary>Posts a form as a browser would: with the anti-forgery token from the page that shows it.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string url,
        Dictionary<string, string> fields, string? formPage = null)
    {
        var page = await client.GetDocumentAsync(formPage ?? url.Split('?')[0]);
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value");
        Assert.False(string.IsNullOrEmpty(token), $"{formPage ?? url} has no anti-forgery token");
        var body = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token! };
        return await client.PostAsync(url, new FormUrlEncodedContent(body));
    }
}
