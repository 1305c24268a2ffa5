using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Masthead.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Masthead.IntegrationTests.Hosting;

/// <summary>
/// The keys that sign staff cookies are stored encrypted to a configured certificate, so a copy of the database cannot
/// forge one; keys stored before (in the clear, or to the previous certificate) are re-encrypted at start, and nobody
/// is signed out by it.
/// </summary>
public sealed class DataProtectionKeyTests
{
    private static Task<List<XElement>> StoredKeysAsync(MastheadApp app) => app.WithDbAsync(async db =>
        (await db.DataProtectionKeys.AsNoTracking().ToListAsync()).Select(k => XElement.Parse(k.Xml!)).ToList());

    private static string EncryptedTo(XElement key) =>
        key.Descendants().Single(e => e.Name.LocalName == "X509Certificate").Value;

    private static string Base64Of(string pfx) =>
        Convert.ToBase64String(X509CertificateLoader.LoadPkcs12FromFile(pfx, TestCertificate.Password).RawData);

    private static HttpClient Client(MastheadApp app, CookieJar jar)
    {
        var client = app.CreateDefaultClient(jar.Handler());
        client.BaseAddress = new Uri(MastheadApp.BaseUrl);
        return client;
    }

    /// <summary>Signs a new editor in on <paramref name="app"/>; the jar then carries the staff cookie to any instance.</summary>
    private static async Task<CookieJar> SignedInAsync(MastheadApp app)
    {
        var jar = new CookieJar();
        var email = await app.CreateStaffAsync(Roles.Editor);
        var signedIn = await Client(app, jar).PostFormAsync("/signin", new() { ["Email"] = email, ["Password"] = MastheadApp.StaffPassword });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return jar;
    }

    private static async Task AssertSignedInAsync(MastheadApp app, CookieJar jar) =>
        Assert.Equal(HttpStatusCode.OK, (await Client(app, jar).GetAsync("/newsroom")).StatusCode);

    [Fact]
    public async Task Keys_are_stored_encrypted_to_the_certificate()
    {
        await using var app = new SqliteApp();
        await app.InitializeAsync();
        await SignedInAsync(app);

        var keys = await StoredKeysAsync(app);
        Assert.NotEmpty(keys);
        Assert.All(keys, key =>
        {
            Assert.Empty(key.Descendants("value"));
            Assert.Equal(Base64Of(TestCertificate.Path), EncryptedTo(key));
        });
    }

    [Fact]
    public async Task Keys_stored_in_the_clear_or_to_the_previous_certificate_are_encrypted_to_the_new_one_without_signing_anyone_out()
    {
        await using var plain = new SqliteApp();
        plain.WithSetting("DataProtection:Certificate", "");
        await plain.InitializeAsync();
        var jar = await SignedInAsync(plain);
        Assert.All(await StoredKeysAsync(plain), key => Assert.NotEmpty(key.Descendants("value")));

        await using var encrypted = plain.Sibling();
        await encrypted.InitializeAsync();
        Assert.All(await StoredKeysAsync(encrypted), key => Assert.Equal(Base64Of(TestCertificate.Path), EncryptedTo(key)));
        await AssertSignedInAsync(encrypted, jar);

        var next = TestCertificate.Create("masthead-test-next");
        await using var rotated = plain.Sibling();
        rotated.WithSetting("DataProtection:Certificate", next)
            .WithSetting("DataProtection:PreviousCertificate", TestCertificate.Path)
            .WithSetting("DataProtection:PreviousCertificatePassword", TestCertificate.Password);
        await rotated.InitializeAsync();
        Assert.All(await StoredKeysAsync(rotated), key =>
        {
            Assert.Empty(key.Descendants("value"));
            Assert.Equal(Base64Of(next), EncryptedTo(key));
        });
        await AssertSignedInAsync(rotated, jar);
    }

    [Fact]
    public async Task Production_refuses_to_serve_without_a_certificate()
    {
        var refusal = await StartFailure.OfAsync(new SqliteApp { EnvironmentName = "Production" }.WithSetting("DataProtection:Certificate", ""));
        Assert.Contains("DataProtection:Certificate is required in Production", refusal);
    }

    [Theory]
    [InlineData("no-such-file.pfx", "and there is no such file")]
    [InlineData("wrong-password", "cannot be used")]
    public async Task A_certificate_that_cannot_be_read_is_refused_in_one_line(string kind, string message)
    {
        var app = new SqliteApp();
        if (kind == "wrong-password") app.WithSetting("DataProtection:CertificatePassword", "not-the-password");
        else app.WithSetting("DataProtection:Certificate", Path.Combine(Path.GetTempPath(), kind));
        var refusal = await StartFailure.OfAsync(app);
        Assert.Contains("DataProtection:Certificate", refusal);
        Assert.Contains(message, refusal);
    }
}
