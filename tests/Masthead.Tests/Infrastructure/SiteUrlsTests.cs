using Masthead.Features.Publishing;
using Masthead.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Masthead.Tests.Infrastructure;

public sealed class SiteUrlsTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.ToDictionary(v => v.Key, v => (string?)v.Value)).Build();

    /// <summary>The paper's options as a serving instance in that environment would have them.</summary>
    private static PaperOptions Resolve(string environment, params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = environment, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings.ToDictionary(v => v.Key, v => (string?)v.Value));
        builder.Services.AddOptions<PaperOptions>().BindConfiguration(PaperOptions.SectionName);
        builder.AddSiteUrls();
        builder.RequireBaseUrl();
        using var host = builder.Build();
        return host.Services.GetRequiredService<IOptions<PaperOptions>>().Value;
    }

    [Theory]
    [InlineData("https://paper.example.org", "/articles/a", "https://paper.example.org/articles/a")]
    [InlineData("https://paper.example.org/", "/articles/a", "https://paper.example.org/articles/a")]
    [InlineData("https://example.org/paper/", "/my/signin", "https://example.org/paper/my/signin")]
    [InlineData("https://paper.example.org", "", "https://paper.example.org")]
    public void An_absolute_link_is_the_base_url_and_the_path(string baseUrl, string path, string expected) =>
        Assert.Equal(expected, SiteUrls.Absolute(new PaperOptions { BaseUrl = baseUrl }, path));

    [Fact]
    public void Without_a_base_url_no_link_is_made_up()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => SiteUrls.Absolute(new PaperOptions(), "/my/signin"));
        Assert.Equal(SiteUrls.Missing, refused.Message);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080", "http://127.0.0.1:5080")]
    [InlineData("http://127.0.0.1:5080;https://127.0.0.1:5081", "http://127.0.0.1:5080")]
    [InlineData("http://*:8080", "http://localhost:8080")]
    [InlineData("http://+:80/", "http://localhost:80")]
    [InlineData("https://0.0.0.0:8443", "https://localhost:8443")]
    [InlineData("http://[::]:5000", "http://localhost:5000")]
    [InlineData("http://[::1]:5000", "http://[::1]:5000")]
    public void Development_builds_on_the_first_address_it_is_told_to_listen_on(string urls, string expected) =>
        Assert.Equal(expected, SiteUrls.ListeningAddress(Settings(("urls", urls))));

    [Fact]
    public void Development_falls_back_to_the_configured_ports_then_to_kestrels_default()
    {
        Assert.Equal("http://localhost:8080", SiteUrls.ListeningAddress(Settings(("http_ports", "8080;8081"))));
        Assert.Equal("https://localhost:8443", SiteUrls.ListeningAddress(Settings(("https_ports", "8443"), ("http_ports", "8080"))));
        Assert.Equal("http://localhost:5000", SiteUrls.ListeningAddress(Settings()));
    }

    [Fact]
    public void In_development_an_unset_base_url_is_where_the_app_listens_and_a_set_one_wins()
    {
        Assert.Equal("http://127.0.0.1:5080", Resolve("Development", ("urls", "http://127.0.0.1:5080")).BaseUrl);
        Assert.Equal("https://paper.example.org",
            Resolve("Development", ("urls", "http://127.0.0.1:5080"), ("Paper:BaseUrl", "https://paper.example.org")).BaseUrl);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("Testing")]
    public void Outside_development_an_unset_base_url_is_refused_with_the_setting_to_set(string environment)
    {
        var refused = Assert.Throws<OptionsValidationException>(() => Resolve(environment, ("urls", "http://127.0.0.1:5080")));
        Assert.Equal([SiteUrls.Missing], refused.Failures);
    }

    [Fact]
    public void Development_on_a_port_the_system_picks_asks_for_a_base_url()
    {
        var refused = Assert.Throws<OptionsValidationException>(() => Resolve("Development", ("urls", "http://127.0.0.1:0")));
        Assert.Equal([SiteUrls.PortZero], refused.Failures);
    }

    [Theory]
    [InlineData("https://paper.example.org/statements/x", "/statements/x")]
    [InlineData("https://PAPER.example.org/statements/x?from=mail", "/statements/x")]
    [InlineData("https://elsewhere.example/statements/x", null)]
    [InlineData("http://localhost:5000/statements/x", null)]
    public void A_link_is_on_this_site_only_under_the_base_url(string link, string? path) =>
        Assert.Equal(path, SiteUrls.PathOf(new PaperOptions { BaseUrl = "https://paper.example.org" }, new Uri(link)));

    [Theory]
    [InlineData("https://example.org/paper/statements/x", "/statements/x")]
    [InlineData("https://example.org/paper", "/")]
    [InlineData("https://example.org/other/statements/x", null)]
    public void Under_a_base_url_with_a_path_only_links_below_it_are_on_this_site(string link, string? path) =>
        Assert.Equal(path, SiteUrls.PathOf(new PaperOptions { BaseUrl = "https://example.org/paper/" }, new Uri(link)));
}
