using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Masthead.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Masthead.Infrastructure.Auth;

/// <summary>
/// The keys that sign staff and reader cookies and anti-forgery tokens live in the database, so every instance shares
/// them. With a certificate (<c>DataProtection:Certificate</c>, a .pfx/.p12 with <c>DataProtection:CertificatePassword</c>,
/// or a .pem holding certificate and private key) each key is stored encrypted to it, so a copy of the database alone
/// cannot forge a cookie. Production refuses to serve without one; Development keeps its keys in the clear.
/// </summary>
/// <remarks>
/// To rotate: name the new certificate as <c>DataProtection:Certificate</c> and the old one as
/// <c>DataProtection:PreviousCertificate</c> (with <c>PreviousCertificatePassword</c>); every stored key is then
/// re-encrypted to the new certificate at start, after which the old one can go.
/// </remarks>
public static class DataProtectionKeys
{
    public const string Section = "DataProtection";

    /// <summary>The framework's own namespace for the element that holds an encrypted secret in a stored key.</summary>
    private static readonly XName EncryptedSecret = XNamespace.Get("http://schemas.asp.net/2015/03/dataProtection") + "encryptedSecret";

    public sealed class Settings
    {
        public string? Certificate { get; set; }
        public string? CertificatePassword { get; set; }
        public string? PreviousCertificate { get; set; }
        public string? PreviousCertificatePassword { get; set; }

        /// <summary>Why a certificate could not be read, if it could not.</summary>
        internal string? Problem { get; set; }

        internal X509Certificate2? Current { get; set; }
        internal X509Certificate2? Previous { get; set; }
    }

    public static IHostApplicationBuilder AddDataProtectionKeys(this IHostApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(Section).Get<Settings>() ?? new Settings();
        settings.Current = Load(settings, settings.Certificate, settings.CertificatePassword, "DataProtection:Certificate");
        settings.Previous = Load(settings, settings.PreviousCertificate, settings.PreviousCertificatePassword, "DataProtection:PreviousCertificate");

        var protection = builder.Services.AddDataProtection().SetApplicationName("Masthead").PersistKeysToDbContext<MastheadDb>();
        if (settings.Current is { } current)
        {
            protection.ProtectKeysWithCertificate(current)
                .UnprotectKeysWithAnyCertificate(settings.Previous is { } previous ? [current, previous] : [current]);
        }
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<IValidateOptions<Settings>>(new ProblemValidator(settings));
        builder.Services.AddOptions<Settings>().ValidateOnStart();
        return builder;
    }

    /// <summary>A serving instance in Production refuses to start without a certificate to encrypt its keys with.</summary>
    public static IHostApplicationBuilder RequireKeyEncryption(this IHostApplicationBuilder builder)
    {
        if (!builder.Environment.IsProduction()) return builder;
        builder.Services.AddOptions<Settings>()
            .Validate<Settings>((_, loaded) => loaded.Current is not null || loaded.Problem is not null,
                "DataProtection:Certificate is required in Production: the keys that sign staff cookies are stored in the " +
                "database, encrypted to this certificate (a .pfx with DataProtection:CertificatePassword, or a .pem with its key).")
            .ValidateOnStart();
        return builder;
    }

    /// <summary>
    /// Encrypts, to the configured certificate, every stored key that is not yet encrypted to it: keys written before
    /// a certificate was configured (in the clear) and keys of the previous certificate. Nobody is signed out.
    /// </summary>
    public static async Task EncryptStoredKeysAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var settings = services.GetRequiredService<Settings>();
        if (settings.Current is not { } current) return;
        var db = services.GetRequiredService<MastheadDb>();
        var encryptor = new CertificateXmlEncryptor(current, services.GetRequiredService<ILoggerFactory>());
        // Finds the certificate a key was encrypted to among those given to UnprotectKeysWithAnyCertificate.
        var decryptor = new EncryptedXmlDecryptor(services);
        var changed = 0;
        foreach (var key in await db.DataProtectionKeys.ToListAsync(ct))
        {
            if (key.Xml is null) continue;
            var xml = XElement.Parse(key.Xml);
            if (!Reencrypt(xml, current, encryptor, decryptor)) continue;
            key.Xml = xml.ToString(SaveOptions.DisableFormatting);
            changed++;
        }
        if (changed == 0) return;
        await db.SaveChangesAsync(ct);
        services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DataProtectionKeys))
            .LogInformation("Encrypted {Count} stored data-protection key(s) to the configured certificate.", changed);
    }

    private static bool Reencrypt(XElement key, X509Certificate2 current, IXmlEncryptor encryptor, IXmlDecryptor decryptor)
    {
        var changed = false;
        foreach (var secret in key.Descendants(EncryptedSecret).ToList())
        {
            var thumbprint = secret.Descendants().FirstOrDefault(e => e.Name.LocalName == "X509Certificate")?.Value;
            if (thumbprint is not null && Convert.FromBase64String(thumbprint).AsSpan().SequenceEqual(current.RawData)) continue;
            secret.ReplaceWith(decryptor.Decrypt(secret.Elements().Single()));
            changed = true;
        }
        // What the framework marks as secret, it marks with requiresEncryption; that element becomes an encryptedSecret.
        foreach (var plain in key.Descendants().Where(e => e.Attributes().Any(a => a.Name.LocalName == "requiresEncryption" && a.Value == "true")).ToList())
        {
            var encrypted = encryptor.Encrypt(plain);
            plain.ReplaceWith(new XElement(EncryptedSecret,
                new XAttribute("decryptorType", encrypted.DecryptorType.AssemblyQualifiedName!), encrypted.EncryptedElement));
            changed = true;
        }
        return changed;
    }

    private static X509Certificate2? Load(Settings settings, string? path, string? password, string setting)
    {
        if (string.IsNullOrWhiteSpace(path)) return null;
        if (!File.Exists(path))
        {
            settings.Problem ??= $"{setting} names {path}, and there is no such file.";
            return null;
        }
        try
        {
            var certificate = Path.GetExtension(path).ToLowerInvariant() is ".pem" or ".crt"
                ? X509Certificate2.CreateFromPemFile(path)
                : X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
            if (!certificate.HasPrivateKey) throw new CryptographicException("it has no private key");
            return certificate;
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            settings.Problem ??= $"{setting} ({path}) cannot be used: {e.Message.TrimEnd('.')}.";
            return null;
        }
    }

    private sealed class ProblemValidator(Settings loaded) : IValidateOptions<Settings>
    {
        public ValidateOptionsResult Validate(string? name, Settings options) =>
            loaded.Problem is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}
