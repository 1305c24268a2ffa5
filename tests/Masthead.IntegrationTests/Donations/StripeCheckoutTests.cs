using System.Collections.Concurrent;
using System.Net;
using Masthead.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Masthead.IntegrationTests.Donations;

/// <summary>
/// Stands in for Stripe's API on a loopback port: records each request and answers with the documented
/// shape of a Checkout Session, so the code that talks to Stripe is tested without reaching Stripe.
/// </summary>
/// <summary>A test class whose app (SQLite) talks to a <see cref="FakeStripeApi"/> of its own, with a test secret key.</summary>
public abstract class WithStripeApi : IAsyncLifetime
{
    protected FakeStripeApi Stripe { get; } = new();
    protected SqliteApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Stripe.InitializeAsync();
        App = new SqliteApp();
        App.Settings["Stripe:SecretKey"] = "sk_test_masthead";
        App.Settings["Stripe:ApiBase"] = Stripe.BaseUrl;
        await App.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Stripe.DisposeAsync();
    }
}

public sealed class FakeStripeApi : IAsyncLifetime
{
    private WebApplication? _app;

    public sealed record Recorded(string Method, string Path, string? Authorization, Dictionary<string, string> Form);

    public ConcurrentQueue<Recorded> Requests { get; } = new();
    public string BaseUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/v1/checkout/sessions", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            Requests.Enqueue(new Recorded("POST", request.Path, request.Headers.Authorization, form.ToDictionary(f => f.Key, f => f.Value.ToString())));
            var id = $"cs_test_{Guid.NewGuid():N}";
            return Results.Json(new Dictionary<string, object?>
            {
                ["id"] = id,
                ["object"] = "checkout.session",
                ["amount_total"] = long.Parse(form["line_items[0][price_data][unit_amount]"]!),
                ["currency"] = form["line_items[0][price_data][currency]"].ToString(),
                ["customer_email"] = form["customer_email"].ToString(),
                ["livemode"] = false,
                ["metadata"] = form.Where(f => f.Key.StartsWith("metadata[")).ToDictionary(f => f.Key[9..^1], f => f.Value.ToString()),
                ["mode"] = "payment",
                ["payment_status"] = "unpaid",
                ["status"] = "open",
                ["success_url"] = form["success_url"].ToString(),
                ["cancel_url"] = form["cancel_url"].ToString(),
                ["url"] = $"https://checkout.stripe.com/c/pay/{id}",
            });
        });
        _app.MapPost("/v1/billing_portal/sessions", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            Requests.Enqueue(new Recorded("POST", request.Path, request.Headers.Authorization, form.ToDictionary(f => f.Key, f => f.Value.ToString())));
            var id = $"bps_test_{Guid.NewGuid():N}";
            return Results.Json(new Dictionary<string, object?>
            {
                ["id"] = id,
                ["object"] = "billing_portal.session",
                ["customer"] = form["customer"].ToString(),
                ["livemode"] = false,
                ["return_url"] = form["return_url"].ToString(),
                ["url"] = $"https://billing.stripe.com/p/session/{id}",
            });
        });
        _app.MapPost("/v1/refunds", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            Requests.Enqueue(new Recorded("POST", request.Path, request.Headers.Authorization, form.ToDictionary(f => f.Key, f => f.Value.ToString())));
            return Results.Json(new Dictionary<string, object?>
            {
                ["id"] = $"re_test_{Guid.NewGuid():N}",
                ["object"] = "refund",
                ["amount"] = long.Parse(form["amount"]!),
                ["currency"] = "gbp",
                ["payment_intent"] = form["payment_intent"].ToString(),
                ["status"] = "succeeded",
            });
        });
        _app.MapFallback((HttpRequest r) => Results.Json(new { error = new { message = $"Unrecognized request URL ({r.Method}: {r.Path})", type = "invalid_request_error" } }, statusCode: 404));
        await _app.StartAsync();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}

public sealed class StripeCheckoutTests : WithStripeApi
{
    [Fact]
    public async Task With_a_secret_key_the_donate_page_opens_a_stripe_checkout_session_for_the_gift()
    {
        var client = App.CreateClient();

        var response = await client.PostFormAsync("/donate", new()
        {
            ["Amount"] = "other",
            ["OtherAmount"] = "£1,025.50",
            ["Name"] = "Rosa Giver",
            ["Email"] = "rosa@example.org",
            ["Town"] = "Hull",
            ["ThankAs"] = "Initials",
            ["ShowTown"] = "true",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("https://checkout.stripe.com/c/pay/cs_test_", response.Headers.Location!.ToString());
        var request = Assert.Single(Stripe.Requests);
        Assert.Equal("Bearer sk_test_masthead", request.Authorization);
        Assert.Equal("/v1/checkout/sessions", request.Path);
        Assert.Equal("payment", request.Form["mode"]);
        Assert.Equal("102550", request.Form["line_items[0][price_data][unit_amount]"]);
        Assert.Equal("gbp", request.Form["line_items[0][price_data][currency]"]);
        Assert.Equal("1", request.Form["line_items[0][quantity]"]);
        Assert.Equal("rosa@example.org", request.Form["customer_email"]);
        // The donor's choices stay in Masthead (the saved intent); Stripe carries only which intent is paid.
        var intent = await App.WithDbAsync(db => db.DonationIntents.AsNoTracking().SingleAsync(i => i.Email == "rosa@example.org" && i.AmountPence == 102_550));
        Assert.Equal(("Rosa Giver", "Hull", Features.Donations.ThankAs.Initials, true), (intent.Name, intent.Town, intent.ThankAs, intent.ShowTown));
        Assert.Equal(intent.Id.ToString(), request.Form["client_reference_id"]);
        Assert.Equal(intent.Id.ToString(), request.Form["metadata[masthead_intent]"]);
        Assert.Equal("donation", request.Form["metadata[purpose]"]);
        Assert.Equal(intent.Id.ToString(), request.Form["payment_intent_data[metadata][masthead_intent]"]);
        Assert.False(request.Form.ContainsKey("metadata[donor_name]"));
        Assert.StartsWith("cs_test_", intent.ProviderSessionId);
        Assert.StartsWith("https://localhost/donate/thanks?gift=", request.Form["success_url"]);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/sandbox/checkout/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task Stripe_returns_the_giver_to_the_base_url_whatever_host_the_request_named()
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Host = "evil.example";

        var response = await client.PostFormAsync("/donate", new()
        {
            ["Amount"] = "10",
            ["Name"] = "Rosa Giver",
            ["Email"] = "rosa@example.org",
            ["ThankAs"] = "Initials",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var request = Assert.Single(Stripe.Requests);
        Assert.StartsWith($"{MastheadApp.BaseUrl}/donate/thanks?gift=", request.Form["success_url"]);
        Assert.StartsWith($"{MastheadApp.BaseUrl}/", request.Form["cancel_url"]);
    }
}
