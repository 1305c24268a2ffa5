using System.Globalization;
using System.Net;
using Masthead.IntegrationTests.Infrastructure;
using Masthead.IntegrationTests.Membership;

namespace Masthead.IntegrationTests.Operations;

/// <summary>
/// The paper as it runs for real: two published instances in Production over one database, behind a real nginx that
/// ends TLS (deploy/nginx/masthead.conf), walked by clients that only ever speak to nginx at https://paper.test/.
/// </summary>
[Collection(PublishedCollection.Name)]
[Trait("Needs", "Publish")]
[Trait("Needs", "Nginx")]
[Trait("Needs", "Smtp")]
public sealed class BehindNginxTests(PublishedMasthead published) : IAsyncLifetime
{
    private const string StaffPassword = "correct-horse-battery-staple";
    private const int SignInPostsPerAddress = 5;

    private readonly string _elsewhere = Directory.CreateTempSubdirectory("masthead-elsewhere-").FullName;
    private readonly string _data = Directory.CreateTempSubdirectory("masthead-data-").FullName;
    private readonly List<MastheadProcess> _instances = [];
    private Nginx _nginx = null!;
    private string _editor = null!;

    private Dictionary<string, string> Settings => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Paper__BaseUrl"] = $"https://{Nginx.Host}",
        ["Database__Provider"] = "Sqlite",
        ["DataProtection__Certificate"] = TestCertificate.Path,
        ["DataProtection__CertificatePassword"] = TestCertificate.Password,
        ["ConnectionStrings__Masthead"] = $"Data Source={Path.Combine(_data, "paper.db")}",
        ["Stripe__EnableSandbox"] = "true",
        ["Email__SmtpHost"] = "127.0.0.1",
        ["Email__SmtpPort"] = TestSmtp.Port.ToString(CultureInfo.InvariantCulture),
        ["Email__UseTls"] = "false",
        ["Email__FromAddress"] = "paper@masthead.test",
        ["Email__PollInterval"] = "00:00:00.250",
        ["Readers__SignInPostsPerTenMinutes"] = SignInPostsPerAddress.ToString(CultureInfo.InvariantCulture),
    };

    public async Task InitializeAsync()
    {
        // As the systemd example does: migrate before serving; then the first staff account, by the command line.
        await published.RunAsync(_elsewhere, Settings, "migrate");
        _editor = $"editor-{Guid.NewGuid():N}@masthead.test";
        await published.RunAsync(_elsewhere, new Dictionary<string, string>(Settings) { ["MASTHEAD_PASSWORD"] = StaffPassword },
            "users", "add", _editor, "--role", "Editor");
        // One after the other, so the second finds the first one's data protection keys in the database.
        _instances.Add(await published.StartAsync(_elsewhere, Settings));
        _instances.Add(await published.StartAsync(_elsewhere, Settings));
        _nginx = await Nginx.StartAsync(_instances.Select(i => i.Address));
    }

    [Fact]
    public async Task Staff_donors_and_readers_get_through_nginx_over_https()
    {
        using var reader = _nginx.Client();

        // Every page knows it was asked for over https, and says so.
        var front = await reader.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, front.StatusCode);
        Assert.Equal($"https://{Nginx.Host}/", (await front.ReadDocumentAsync()).QuerySelector("link[rel=canonical]")?.GetAttribute("href"));
        Assert.True(front.Headers.Contains("Strict-Transport-Security"),
            $"No HSTS header over https through nginx; headers: {front.Headers}\n{Logs()}");

        // Staff sign in through the real form; the cookie is marked for https only.
        using var staff = _nginx.Client();
        var signedIn = await staff.PostFormAsync("/signin", new() { ["Email"] = _editor, ["Password"] = StaffPassword });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Contains(signedIn.Headers.GetValues("Set-Cookie"), c => c.Contains("secure", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/newsroom")).StatusCode);

        // A gift reaches the (sandbox) checkout and comes back to the thanks page.
        var donor = SmtpInbox.NewAddress("donor");
        var donate = await reader.PostFormAsync("/donate", new()
        {
            ["Amount"] = "10",
            ["Name"] = "Nina Nginx",
            ["Email"] = donor,
            ["ThankAs"] = "Initials",
        });
        Assert.True(donate.StatusCode == HttpStatusCode.Redirect, $"/donate answered {donate.StatusCode}\n{Logs()}");
        var checkout = donate.Headers.Location!;
        Assert.StartsWith("/sandbox/checkout/", checkout.IsAbsoluteUri ? checkout.PathAndQuery : checkout.OriginalString);
        var paid = await reader.PostFormAsync(checkout.IsAbsoluteUri ? checkout.PathAndQuery : checkout.OriginalString, []);
        Assert.Equal(HttpStatusCode.Redirect, paid.StatusCode);
        Assert.Contains("/donate/thanks", paid.Headers.Location!.OriginalString);

        // A reader the paper knows (an applicant for shares) signs in by the emailed link, which is on https.
        var applicant = SmtpInbox.NewAddress("applicant");
        var applied = await reader.PostFormAsync("/shares", ShareApplicationTests<SqliteApp>.Form(applicant, "20", method: "Cheque"));
        Assert.True(applied.StatusCode == HttpStatusCode.Redirect, $"/shares answered {applied.StatusCode}\n{Logs()}");
        var asked = await reader.PostFormAsync("/my/signin", new() { ["Email"] = applicant });
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var link = await ReaderSignIn.LinkFromInboxAsync(applicant, 1);
        var mail = (await SmtpInbox.ForAsync(applicant)).Single(m => m.Subject.Contains("sign in", StringComparison.OrdinalIgnoreCase));
        Assert.Contains($"https://{Nginx.Host}/my/signin/link?token=", mail.TextBody);
        var followed = await reader.PostFormAsync("/my/signin/link", new() { ["Token"] = ReaderSignIn.Token(link) }, formPage: link);
        Assert.Equal(HttpStatusCode.Redirect, followed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/my")).StatusCode);
    }

    [Fact]
    public async Task Each_readers_address_is_limited_on_its_own_and_a_forged_one_is_not_believed()
    {
        // 25 readers, each from an address of their own, ask for a sign-in link once: none is refused, as they would
        // all be if the app counted nginx's address instead of theirs.
        var refused = new List<string>();
        for (var n = 10; n < 35; n++)
        {
            using var client = _nginx.Client(IPAddress.Parse($"127.0.0.{n}"));
            var asked = await client.PostFormAsync("/my/signin", new() { ["Email"] = SmtpInbox.NewAddress("reader") });
            if (asked.StatusCode != HttpStatusCode.OK) refused.Add($"127.0.0.{n}: {asked.StatusCode}");
        }
        Assert.True(refused.Count == 0, $"Readers refused: {string.Join(", ", refused)}\n{Logs()}");

        // One address claiming to be many (a forged X-Forwarded-For) is still one address, and is refused.
        using var forger = _nginx.Client(IPAddress.Parse("127.0.0.50"));
        var answers = new List<HttpStatusCode>();
        for (var n = 0; n < 25; n++)
        {
            var page = await forger.GetDocumentAsync("/my/signin");
            var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            using var post = new HttpRequestMessage(HttpMethod.Post, "/my/signin")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["Email"] = SmtpInbox.NewAddress("forger"),
                    ["__RequestVerificationToken"] = token,
                }),
            };
            post.Headers.Add("X-Forwarded-For", $"198.51.100.{n}");
            answers.Add((await forger.SendAsync(post)).StatusCode);
        }
        Assert.Contains(HttpStatusCode.TooManyRequests, answers);
    }

    [Fact]
    public async Task The_fund_stream_passes_through_nginx_as_it_is_written()
    {
        using var client = _nginx.Client();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var response = await client.GetAsync("/api/fighting-fund/stream", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var stream = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        // The first event is written at once; a buffering proxy would hold it back until the timeout.
        string? line;
        do line = await stream.ReadLineAsync(timeout.Token);
        while (line is not null && !line.StartsWith("data:", StringComparison.Ordinal));
        Assert.NotNull(line);
    }

    private string Logs() =>
        string.Join("\n", _instances.Select((i, n) => $"--- instance {n + 1}\n{i.Output}")) + $"\n--- nginx\n{_nginx?.AccessLog}";

    public async Task DisposeAsync()
    {
        if (_nginx is not null) await _nginx.DisposeAsync();
        foreach (var instance in _instances) await instance.DisposeAsync();
        Directory.Delete(_elsewhere, recursive: true);
        Directory.Delete(_data, recursive: true);
    }
}
