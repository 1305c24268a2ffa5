using System.Text.Json;
using Masthead.Infrastructure.Payments;

namespace Masthead.Tests.Payments;

/// <summary>The readers find each field wherever a Stripe API version put it, and read anything odd as absent.</summary>
public sealed class StripeObjectsTests
{
    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [Theory]
    [InlineData("""{"id":"in_1","parent":{"type":"subscription_details","subscription_details":{"subscription":"sub_new"}}}""", "sub_new")]
    [InlineData("""{"id":"in_1","subscription":"sub_old"}""", "sub_old")]
    [InlineData("""{"id":"in_1","subscription":{"id":"sub_expanded","object":"subscription"}}""", "sub_expanded")]
    [InlineData("""{"id":"in_1","lines":{"data":[{"subscription":"sub_line"}]}}""", "sub_line")]
    [InlineData("""{"id":"in_1","lines":{"data":[{"parent":{"subscription_item_details":{"subscription":"sub_basil_line"}}}]}}""", "sub_basil_line")]
    [InlineData("""{"id":"in_1","subscription":null}""", null)]
    [InlineData("""{"id":"in_1","subscription":42}""", null)]
    public void An_invoices_subscription_is_found_in_every_shape(string json, string? subscription) =>
        Assert.Equal(subscription, StripeObjects.Invoice.From(Json(json)).SubscriptionId);

    [Theory]
    [InlineData("""{"items":{"data":[{"price":{"unit_amount":700,"currency":"gbp"},"quantity":2}]}}""", 1400L)]
    [InlineData("""{"items":{"data":[{"plan":{"amount":500,"currency":"gbp"},"quantity":1}]}}""", 500L)]
    [InlineData("""{"plan":{"amount":300},"quantity":3,"items":{"data":[]}}""", 900L)]
    [InlineData("""{"items":{"data":[{"price":{"unit_amount":9223372036854775807},"quantity":2}]}}""", null)]
    [InlineData("""{"items":{"data":[{"price":{"unit_amount":-5},"quantity":1}]}}""", null)]
    public void A_subscriptions_monthly_amount_is_price_times_quantity_without_overflow(string json, long? monthly) =>
        Assert.Equal(monthly, StripeObjects.Subscription.From(Json(json)).MonthlyPence);

    [Theory]
    [InlineData("""{"amount_total":1e30}""")]
    [InlineData("""{"amount_total":12.5}""")]
    [InlineData("""{"amount_total":"1250"}""")]
    [InlineData("""{"amount_total":99999999999999999999}""")]
    public void An_amount_that_is_not_a_whole_64_bit_number_reads_as_absent(string json) =>
        Assert.Null(StripeObjects.CheckoutSession.From(Json(json)).AmountTotal);

    [Fact]
    public void A_session_reads_ids_expanded_or_not_and_refuses_ids_that_are_too_long()
    {
        var session = StripeObjects.CheckoutSession.From(Json($$"""
            {"id":"cs_1","payment_intent":{"id":"pi_1"},"customer":"{{new string('c', 400)}}","metadata":{"purpose":"donation","n":3},
             "customer_details":{"email":"a@b.org","name":"Ann"},"payment_status":"paid"}
            """));
        Assert.Equal(("cs_1", "pi_1", (string?)null), (session.Id, session.PaymentIntentId, session.CustomerId));
        Assert.Equal("donation", session.Purpose);
        Assert.False(session.Metadata.ContainsKey("n"));
        Assert.True(session.Paid);
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("""{"object":"event","type":"x"}""", "no id")]
    [InlineData("""{"object":"list","id":"evt_1","type":"x"}""", "not a Stripe event")]
    public void A_payload_that_is_not_an_event_says_why(string payload, string why)
    {
        Assert.Null(PaymentEvent.Read(payload, out var problem));
        Assert.Contains(why, problem);
    }
}
