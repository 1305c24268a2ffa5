using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Masthead.IntegrationTests.Infrastructure;

/// <summary>Self-signed certificates written as .pfx files, for the data-protection keys every test instance encrypts.</summary>
public static class TestCertificate
{
    public const string Password = "test-certificate";

    private static readonly Lazy<string> Shared = new(() => Create("masthead-test-keys"));

    /// <summary>The certificate every test instance uses unless a test says otherwise (so siblings read each other's keys).</summary>
    public static string Path => Shared.Value;

    /// <summary>A new certificate of its own, in a temporary file.</summary>
    public static string Create(string name)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{name}-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(file, certificate.Export(X509ContentType.Pfx, Password));
        return file;
    }
}
