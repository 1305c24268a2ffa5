using System.Net;
using System.Text.Json.Nodes;
using Masthead.Features.Membership;
using Masthead.IntegrationTests.Donations;
using Masthead.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Masthead.IntegrationTests.Membership;

/// <summary>With Stripe configured, shares go through Stripe Checkout and a refusal refunds through Stripe's API (a local recording server).</summary>
public sealed class StripeSharesTests : WithStripeApi
{
    [Fact]
    public async Task Shares_are_bought_through_stripe_checkout_and_a_refusal_refunds_through_stripe()
    {
        var email = SmtpInbox.NewAddress("stripe-member");
        var started = await App.CreateClient().PostFormAsync("/shares", ShareApplicationTests<SqliteApp>.Form(email, "75"));

        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        Assert.StartsWith("https://checkout.stripe.com/c/pay/cs_test_", started.Headers.Location!.ToString());
        var checkout = Assert.Single(Stripe.Requests);
        Assert.Equal("75", checkout.Form["line_items[0][quantity]"]);
        Assert.Equal("100", checkout.Form["line_items[0][price_data][unit_amount]"]);
        Assert.Equal("shares", checkout.Form["metadata[purpose]"]);
        Assert.Equal("shares", checkout.Form["payment_intent_data[metadata][purpose]"]);
        var application = await App.WithDbAsync(db => db.ShareApplications.AsNoTracking().SingleAsync(a => a.Email == email));
        Assert.Equal(application.Id.ToString(), checkout.Form["metadata[masthead_application]"]);

        var pi = StripeEvents.NewId("pi");
        var session = StripeEvents.CheckoutSession(application.ProviderSessionId!, pi, 7_500, email: email);
        session["metadata"] = new JsonObject { ["purpose"] = "shares", ["masthead_application"] = application.Id.ToString() };
        var now = App.Clock.GetUtcNow();
        Assert.Contains("\"Applied\"", await (await App.CreateClient().DeliverAsync(StripeEvents.Event("checkout.session.completed", session, now), now)).Content.ReadAsStringAsync());

        var committee = await App.SignedInClientAsync(Roles.Membership);
        var refused = await committee.PostFormAsync($"/membership/applications/{application.Id}?handler=Refuse",
            new() { ["Note"] = "Duplicate application" }, formPage: $"/membership/applications/{application.Id}");

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        var refund = Stripe.Requests.Single(r => r.Path == "/v1/refunds");
        Assert.Equal((pi, "7500"), (refund.Form["payment_intent"], refund.Form["amount"]));
        var money = await App.WithDbAsync(db => db.SharePayments.AsNoTracking().Where(p => p.ApplicationId == application.Id).OrderBy(p => p.Id).ToListAsync());
        Assert.Equal([7_500L, -7_500L], money.Select(p => p.AmountPence));
        Assert.StartsWith("re_test_", money[1].Reference);

        // Stripe then reports the refund: it is share money, so the fund has nothing to review.
        var refunded = await App.CreateClient().DeliverAsync(
            StripeEvents.Event("charge.refunded", StripeEvents.RefundedCharge(StripeEvents.NewId("ch"), pi, 7_500, 7_500), now), now);
        Assert.Contains("\"Ignored\"", await refunded.Content.ReadAsStringAsync());
        Assert.Equal(0, await App.WithDbAsync(db => db.Ledger.CountAsync(l => l.Reference == pi)));
    }
}
