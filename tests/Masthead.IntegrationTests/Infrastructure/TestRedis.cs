using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Masthead.Infrastructure.Caching;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Masthead.IntegrationTests.Infrastructure;

/// <summary>
/// The Redis that scripts/test starts (<c>MASTHEAD_TEST_REDIS</c>). Each test gives its instances a key prefix of its
/// own (<c>Redis:Prefix</c>), so tests running at once never see each other's pages or counts.
/// </summary>
public static class TestRedis
{
    public static string Address =>
        Environment.GetEnvironmentVariable("MASTHEAD_TEST_REDIS") is { Length: > 0 } configured ? configured
        : throw new InvalidOperationException(
            "Redis is not running: run scripts/test (which starts one), or set MASTHEAD_TEST_REDIS to host:port. " +
            "scripts/test --fast leaves these tests out ([Trait(\"Needs\", \"Redis\")]).");

    public static string NewPrefix() => $"test-{Guid.NewGuid():N}:";

    /// <summary>
    /// Points an instance at Redis under <paramref name="prefix"/>. Patient, unless told otherwise: on a busy test machine
    /// the app's 1 s command timeout could be missed, and the instance would rightly go on alone, which is not what a
    /// test of sharing is about (the outage tests stop Redis outright, which fails at once whatever the timeouts).
    /// </summary>
    public static MastheadApp WithRedis(this MastheadApp app, string prefix, string? address = null, bool patient = true) =>
        app.WithSetting("ConnectionStrings:Redis", (address ?? Address) + (patient ? ",connectTimeout=10000,asyncTimeout=5000,syncTimeout=5000" : ""))
            .WithSetting("Redis:Prefix", prefix);

    /// <summary>The keys under <paramref name="prefix"/> that match <paramref name="pattern"/> (e.g. <c>page:*</c>), read directly from Redis.</summary>
    public static async Task<List<string>> KeysAsync(string prefix, string pattern, string? address = null)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(address ?? Address);
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var keys = new List<string>();
        await foreach (var key in server.KeysAsync(pattern: prefix + pattern)) keys.Add(key.ToString());
        return keys;
    }

    /// <summary>A port nothing listens on (now).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A redis-server of a test's own, on a port of its own, that the test may stop and start again.</summary>
public sealed class PrivateRedis : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("masthead-test-redis-").FullName;

    public int Port { get; } = TestRedis.FreePort();
    public string Address => $"127.0.0.1:{Port}";

    public static async Task<PrivateRedis> StartAsync()
    {
        var redis = new PrivateRedis();
        await redis.StartAgainAsync();
        return redis;
    }

    public async Task StartAgainAsync()
    {
        await RunAsync("redis-server", $"--daemonize yes --port {Port} --bind 127.0.0.1 --dir {_folder} --pidfile {_folder}/redis.pid " +
            $"--logfile {_folder}/redis.log --save '' --appendonly no");
        await WaitAsync(listening: true);
    }

    public async Task StopAsync()
    {
        await RunAsync("redis-cli", $"-p {Port} shutdown nosave", mayFail: true);
        await WaitAsync(listening: false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task WaitAsync(bool listening)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (Listening() != listening)
        {
            if (DateTime.UtcNow > until) throw new InvalidOperationException($"redis-server on port {Port} did not {(listening ? "start" : "stop")}");
            await Task.Delay(50);
        }
    }

    private bool Listening()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task RunAsync(string program, string arguments, bool mayFail = false)
    {
        Process process;
        try
        {
            process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{program} is not installed: run scripts/test, which installs Debian's redis-server. {e.Message}", e);
        }
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 && !mayFail)
        {
            throw new InvalidOperationException($"{program} {arguments} failed: {await process.StandardError.ReadToEndAsync()}");
        }
    }
}

/// <summary>Counts the pages an instance really renders (a page served from the output cache runs no page filter).</summary>
public sealed class RenderCounter : IAsyncPageFilter
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void AddTo(IServiceCollection services) => services.Configure<MvcOptions>(o => o.Filters.Add(this));

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (HttpMethods.IsGet(context.HttpContext.Request.Method)) Interlocked.Increment(ref _count);
        await next();
    }
}

public static class PageCacheExtensions
{
    public static PageCache PageCache(this MastheadApp app) => app.Services.GetRequiredService<PageCache>();
}
