using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace Masthead.IntegrationTests.Operations;

/// <summary>
/// A real nginx (Debian's package, which scripts/test installs) in the foreground, running the repository's own
/// deploy/nginx/masthead.conf with only the addresses, names and certificate changed: loopback ports, a self-signed
/// certificate for <see cref="Host"/> made with openssl now, and every file it writes in a folder of its own.
/// </summary>
public sealed partial class Nginx : IAsyncDisposable
{
    public const string Host = "paper.test";
    private const string Binary = "/usr/sbin/nginx";

    private readonly string _folder;
    private readonly Process _process;

    private Nginx(string folder, Process process, int httpsPort, X509Certificate2 certificate) =>
        (_folder, _process, HttpsPort, Certificate) = (folder, process, httpsPort, certificate);

    /// <summary>The loopback port nginx ends TLS on.</summary>
    public int HttpsPort { get; }

    /// <summary>The certificate nginx presents; the tests' clients trust this one only.</summary>
    public X509Certificate2 Certificate { get; }

    public static async Task<Nginx> StartAsync(IEnumerable<Uri> instances)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException(
                "nginx is not installed: run scripts/test (which installs Debian's nginx), or apt-get install nginx.");
        }
        // nginx's workers run as an unprivileged user when it starts as root: they must reach this folder.
        var folder = Directory.CreateTempSubdirectory("masthead-nginx-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
        await RunAsync("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-subj", $"/CN={Host}", "-addext", $"subjectAltName=DNS:{Host}",
            "-keyout", Path.Combine(folder, "privkey.pem"), "-out", Path.Combine(folder, "fullchain.pem"));
        var certificate = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(folder, "fullchain.pem"));

        // A port picked now may be taken before nginx binds it: try again with others.
        for (var attempt = 1; ; attempt++)
        {
            var (http, https) = (FreePort(), FreePort());
            await File.WriteAllTextAsync(Path.Combine(folder, "masthead.conf"), SiteConfig(instances, http, https, folder));
            await File.WriteAllTextAsync(Path.Combine(folder, "nginx.conf"), MainConfig(folder));
            var start = new ProcessStartInfo(Binary)
            {
                ArgumentList = { "-p", folder, "-c", Path.Combine(folder, "nginx.conf"), "-e", Path.Combine(folder, "error.log") },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            var process = Process.Start(start)!;
            if (await ListeningAsync(process, https)) return new Nginx(folder, process, https, certificate);
            var log = File.Exists(Path.Combine(folder, "error.log")) ? await File.ReadAllTextAsync(Path.Combine(folder, "error.log")) : "";
            if (!process.HasExited) process.Kill();
            await process.WaitForExitAsync();
            if (attempt == 3 || !log.Contains("Address already in use", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"nginx did not start:\n{await process.StandardError.ReadToEndAsync()}\n{log}");
            }
        }
    }

    /// <summary>The repository's example, pointed at the test's instances, ports, name and certificate.</summary>
    private static string SiteConfig(IEnumerable<Uri> instances, int http, int https, string folder)
    {
        var config = File.ReadAllText(PublishedMasthead.RepositoryFile("deploy", "nginx", "masthead.conf"));
        var upstream = string.Concat(instances.Select(i => $"\n    server {i.Host}:{i.Port};"));
        config = Replace(config, UpstreamServers(), upstream);
        config = Replace(config, IPv6Listen(), "");
        config = Replace(config, new Regex(@"listen 80;"), $"listen 127.0.0.1:{http};");
        config = Replace(config, new Regex(@"listen 443 ssl"), $"listen 127.0.0.1:{https} ssl");
        config = Replace(config, new Regex(@"server_name paper\.example\.org;"), $"server_name {Host};");
        config = Replace(config, new Regex(@"ssl_certificate\s+\S+;"), $"ssl_certificate {Path.Combine(folder, "fullchain.pem")};");
        config = Replace(config, new Regex(@"ssl_certificate_key\s+\S+;"), $"ssl_certificate_key {Path.Combine(folder, "privkey.pem")};");
        return config;
    }

    /// <summary>Replaces what the example must contain; an example changed out of the test's reach fails loudly.</summary>
    private static string Replace(string config, Regex pattern, string replacement)
    {
        Assert.True(pattern.IsMatch(config), $"deploy/nginx/masthead.conf no longer contains {pattern}: update {nameof(Nginx)}.");
        return pattern.Replace(config, replacement.Replace("$", "$$", StringComparison.Ordinal));
    }

    private static string MainConfig(string folder) => $$"""
        daemon off;
        worker_processes 1;
        pid {{folder}}/nginx.pid;
        error_log {{folder}}/error.log info;
        events { worker_connections 512; }
        http {
            access_log {{folder}}/access.log;
            client_body_temp_path {{folder}}/client_body;
            proxy_temp_path {{folder}}/proxy;
            fastcgi_temp_path {{folder}}/fastcgi;
            uwsgi_temp_path {{folder}}/uwsgi;
            scgi_temp_path {{folder}}/scgi;
            include {{folder}}/masthead.conf;
        }
        """;

    private static async Task<bool> ListeningAsync(Process process, int port)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < until && !process.HasExited)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        return false;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} failed: {await errors}");
    }

    /// <summary>
    /// A client that reaches https://paper.test/ through this nginx, from the given loopback address (127.0.0.0/8 is
    /// all loopback on Linux), so each client is a different reader as nginx sees it. Redirects are not followed.
    /// </summary>
    public HttpClient Client(IPAddress? from = null)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = true,
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(from ?? IPAddress.Loopback, 0));
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, HttpsPort), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) =>
            presented is not null && presented.GetCertHashString() == Certificate.GetCertHashString();
        return new HttpClient(handler) { BaseAddress = new Uri($"https://{Host}/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>nginx's own log of what it passed on, for a failing test's message.</summary>
    public string AccessLog => File.Exists(Path.Combine(_folder, "access.log")) ? File.ReadAllText(Path.Combine(_folder, "access.log")) : "";

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Certificate.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [GeneratedRegex(@"(\n\s*server 127\.0\.0\.1:\d+;)+")]
    private static partial Regex UpstreamServers();

    [GeneratedRegex(@"\n\s*listen \[::\]:\d+[^;]*;")]
    private static partial Regex IPv6Listen();
}
