using System.Globalization;
using System.Net;
using Masthead.Features.Supporters;
using Masthead.IntegrationTests.Donations;
using Masthead.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Masthead.IntegrationTests.Supporters;

/// <summary>With Stripe keys: the support page opens a Checkout Session in subscription mode, and a supporter manages their support in Stripe's billing portal.</summary>
public sealed class SupporterStripeTests : WithStripeApi
{
    [Trait("Needs", "Smtp")]
    [Fact]
    public async Task The_support_page_opens_a_monthly_subscription_checkout_and_the_portal_manages_it()
    {
        var scheme = await App.NewSchemeAsync(1_500);
        var email = SmtpInbox.NewAddress("supporter");
        var client = App.CreateClient();

        var response = await client.PostFormAsync("/support", new()
        {
            ["SchemeId"] = scheme.Id.ToString(CultureInfo.InvariantCulture),
            ["Name"] = "Rosa Monthly",
            ["Email"] = email,
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("https://checkout.stripe.com/c/pay/cs_test_", response.Headers.Location!.ToString());
        var request = Assert.Single(Stripe.Requests);
        Assert.Equal("/v1/checkout/sessions", request.Path);
        Assert.Equal("subscription", request.Form["mode"]);
        Assert.Equal("1500", request.Form["line_items[0][price_data][unit_amount]"]);
        Assert.Equal("month", request.Form["line_items[0][price_data][recurring][interval]"]);
        Assert.Equal(email, request.Form["customer_email"]);
        Assert.Equal("supporter", request.Form["metadata[purpose]"]);
        var supporter = await App.WithDbAsync(db => db.Supporters.AsNoTracking().SingleAsync(s => s.Email == email));
        Assert.Equal(supporter.Key.ToString(), request.Form["subscription_data[metadata][masthead_supporter]"]);
        Assert.Equal((SupporterState.Pending, Supporter.StripeProvider), (supporter.State, supporter.Provider));
        Assert.StartsWith("cs_test_", supporter.CheckoutSessionId);

        var customer = StripeEvents.NewId("cus");
        var now = App.Clock.GetUtcNow();
        await client.DeliverAsync(StripeEvents.Event("checkout.session.completed", SupporterFixtures.Checkout(supporter, StripeEvents.NewId("sub"), customer), now), now);
        await SmtpInbox.WaitForAsync(email, 1, App);
        var reader = await App.ReaderClientAsync(email);
        var page = await reader.GetDocumentAsync("/my/support");
        Assert.Contains("Change your card, amount or cancel", page.QuerySelector("form[action*='handler=Portal'] button")!.TextContent);

        var portal = await reader.PostFormAsync($"/my/support?handler=Portal&id={supporter.Id}", [], formPage: "/my/support");

        Assert.Equal(HttpStatusCode.Redirect, portal.StatusCode);
        Assert.StartsWith("https://billing.stripe.com/p/session/", portal.Headers.Location!.ToString());
        var asked = Stripe.Requests.Single(r => r.Path == "/v1/billing_portal/sessions");
        Assert.Equal(customer, asked.Form["customer"]);
        Assert.EndsWith("/my/support", asked.Form["return_url"]);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.PostFormAsync($"/my/support?handler=Cancel&id={supporter.Id}", [], formPage: "/my/support")).StatusCode);
    }

    [Fact]
    public async Task When_stripe_refuses_the_checkout_the_reader_is_told_and_no_supporter_is_started()
    {
        await using var broken = new SqliteApp();
        broken.Settings["Stripe:SecretKey"] = "sk_test_masthead";
        broken.Settings["Stripe:ApiBase"] = Stripe.BaseUrl.TrimEnd('/') + "/nowhere";
        await broken.InitializeAsync();
        var scheme = await broken.NewSchemeAsync(1_000);
        var email = SmtpInbox.NewAddress("supporter");

        var response = await broken.CreateClient().PostFormAsync("/support", new()
        {
            ["SchemeId"] = scheme.Id.ToString(CultureInfo.InvariantCulture),
            ["Name"] = "Rosa Monthly",
            ["Email"] = email,
        });

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("nothing was set up or taken", (await response.ReadDocumentAsync()).QuerySelector(".field-error:not(:empty)")!.TextContent);
        Assert.False(await broken.WithDbAsync(db => db.Supporters.AnyAsync(s => s.Email == email)));
    }
}
