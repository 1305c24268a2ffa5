using System.Net;
using Masthead.IntegrationTests.Infrastructure;

namespace Masthead.IntegrationTests.Donations;

/// <summary>The sandbox checkout is a demo: Production refuses it unless it is switched on explicitly.</summary>
public sealed class SandboxInProductionTests
{
    [Fact]
    public async Task Production_without_stripe_keys_refuses_the_sandbox_and_says_giving_is_unavailable()
    {
        await using var app = new SqliteApp { EnvironmentName = "Production" };
        await app.InitializeAsync();
        var client = app.CreateClient();

        var page = await client.GetDocumentAsync("/donate");
        Assert.Contains("not available", page.QuerySelector("[role=alert]")!.TextContent);
        Assert.Null(page.QuerySelector("form.donate-form"));
        var response = await client.PostFormAsync("/donate", new() { ["Amount"] = "25", ["Name"] = "A", ["Email"] = "a@example.org" }, "/signin");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/sandbox/checkout/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task Production_with_the_sandbox_switched_on_takes_a_sandbox_gift()
    {
        await using var app = new SqliteApp { EnvironmentName = "Production" };
        app.Settings["Stripe:EnableSandbox"] = "true";
        await app.InitializeAsync();
        var client = app.CreateClient();

        var started = await client.PostFormAsync("/donate", new()
        {
            ["Amount"] = "10",
            ["Name"] = "Sam Demo",
            ["Email"] = "sam@example.org",
            ["ThankAs"] = "Initials",
        });

        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        Assert.StartsWith("/sandbox/checkout/", started.Headers.Location!.OriginalString);
    }
}
