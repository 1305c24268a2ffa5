using System.Text.Json;
using Masthead.Infrastructure.Payments;
using Stripe.Checkout;

namespace Masthead.IntegrationTests.Payments;

/// <summary>
/// The fixtures themselves, without the app or a database: each renders to a Stripe event of its folder's API version
/// and its file's type, and each version's invoice names its subscription where that version puts it.
/// </summary>
public sealed class StripeFixturesTests
{
    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        foreach (var f in StripeFixtures.All) data.Add(f.ToString());
        return data;
    }

    private static StripeFixtures.Fixture Find(string name) => StripeFixtures.All.Single(f => f.ToString() == name);

    private static readonly Dictionary<string, object?> Sample = StripeFixtures.SampleValues();

    private static JsonElement Rendered(StripeFixtures.Fixture f) => JsonDocument.Parse(f.Render(Sample)).RootElement;

    private static bool FromBasil(string apiVersion) => string.CompareOrdinal(apiVersion, "2025-03-31") >= 0;

    [Fact]
    public void Every_fixture_is_listed_and_every_listed_fixture_is_there()
    {
        var onDisk = Directory.GetFiles(StripeFixtures.Root, "*.json", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(StripeFixtures.Root, p).Replace('\\', '/')).Order().ToList();
        var listed = StripeFixtures.All.Select(f => f.ToString()).Order().ToList();
        Assert.Equal(listed, onDisk);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void A_fixture_is_valid_json_before_and_after_rendering(string name)
    {
        var f = Find(name);
        using var raw = JsonDocument.Parse(System.IO.File.ReadAllText(f.Path));
        Assert.Equal("event", raw.RootElement.GetProperty("object").GetString());

        var e = Rendered(f);
        Assert.DoesNotContain("{{", f.Render(Sample));
        Assert.Equal(f.ApiVersion, e.GetProperty("api_version").GetString());
        Assert.Equal(Path.GetFileName(Path.GetDirectoryName(f.Path)), e.GetProperty("api_version").GetString());
        Assert.Equal(f.Type, e.GetProperty("type").GetString());
        Assert.Equal(Sample["event_id"], e.GetProperty("id").GetString());
        Assert.Equal(Sample["created"], e.GetProperty("created").GetInt64());
        Assert.False(e.GetProperty("livemode").GetBoolean());
        Assert.True(e.TryGetProperty("request", out _));
        Assert.Equal(f.Type == "customer.subscription.updated", e.GetProperty("data").TryGetProperty("previous_attributes", out _));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void The_object_is_the_one_the_type_is_about_and_carries_the_given_values(string name)
    {
        var f = Find(name);
        var o = Rendered(f).GetProperty("data").GetProperty("object");
        var (kind, id) = f.Type switch
        {
            "checkout.session.completed" => ("checkout.session", "session_id"),
            "invoice.paid" or "invoice.payment_failed" => ("invoice", "invoice_id"),
            "customer.subscription.updated" or "customer.subscription.deleted" => ("subscription", "subscription"),
            "charge.refunded" => ("charge", "charge_id"),
            "charge.dispute.created" => ("dispute", "dispute_id"),
            _ => throw new InvalidOperationException(f.Type),
        };
        Assert.Equal(kind, o.GetProperty("object").GetString());
        Assert.Equal(Sample[id], o.GetProperty("id").GetString());
        Assert.Equal(Sample["currency"], o.GetProperty("currency").GetString());
        switch (kind)
        {
            case "checkout.session":
                Assert.Equal(f.Variant, o.GetProperty("mode").GetString());
                Assert.Equal(Sample["amount"], o.GetProperty("amount_total").GetInt64());
                Assert.Equal(Sample["client_reference_id"], o.GetProperty("client_reference_id").GetString());
                Assert.Equal("supporter", o.GetProperty("metadata").GetProperty("purpose").GetString());
                Assert.Equal(Sample["email"], o.GetProperty("customer_details").GetProperty("email").GetString());
                if (f.Variant == "payment") Assert.Equal(Sample["payment_intent"], o.GetProperty("payment_intent").GetString());
                else Assert.Equal(Sample["subscription"], o.GetProperty("subscription").GetString());
                break;
            case "invoice":
                Assert.Equal(Sample["amount"], o.GetProperty("amount_due").GetInt64());
                Assert.Equal(Sample["customer"], o.GetProperty("customer").GetString());
                break;
            case "subscription":
                Assert.Equal(Sample["status"], o.GetProperty("status").GetString());
                var item = o.GetProperty("items").GetProperty("data")[0];
                Assert.Equal(Sample["amount"], item.GetProperty("price").GetProperty("unit_amount").GetInt64());
                Assert.Equal("500", item.GetProperty("price").GetProperty("unit_amount_decimal").GetString());
                Assert.Equal(1, item.GetProperty("quantity").GetInt64());
                Assert.Equal($"/v1/subscription_items?subscription={Sample["subscription"]}", o.GetProperty("items").GetProperty("url").GetString());
                // The billing period moved from the subscription to its items in basil.
                Assert.Equal(!FromBasil(f.ApiVersion), o.TryGetProperty("current_period_end", out _));
                Assert.Equal(FromBasil(f.ApiVersion), item.TryGetProperty("current_period_end", out _));
                break;
            case "charge":
                Assert.Equal(Sample["payment_intent"], o.GetProperty("payment_intent").GetString());
                Assert.Equal(Sample["amount_refunded"], o.GetProperty("amount_refunded").GetInt64());
                Assert.True(o.GetProperty("refunded").GetBoolean());
                // Charges stopped carrying their refunds in 2022-11-15.
                Assert.Equal(string.CompareOrdinal(f.ApiVersion, "2022-11-15") < 0, o.TryGetProperty("refunds", out _));
                break;
            case "dispute":
                Assert.Equal(Sample["charge_id"], o.GetProperty("charge").GetString());
                Assert.Equal(Sample["payment_intent"], o.GetProperty("payment_intent").GetString());
                Assert.Equal(Sample["amount"], o.GetProperty("amount").GetInt64());
                break;
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void An_invoice_names_its_subscription_where_its_version_puts_it(string name)
    {
        var f = Find(name);
        if (!f.Type.StartsWith("invoice.", StringComparison.Ordinal)) return;
        var invoice = Rendered(f).GetProperty("data").GetProperty("object");
        var line = invoice.GetProperty("lines").GetProperty("data")[0];
        var subscription = (string)Sample["subscription"]!;
        if (FromBasil(f.ApiVersion))
        {
            Assert.False(invoice.TryGetProperty("subscription", out _));
            foreach (var gone in new[] { "paid", "charge", "payment_intent", "subscription_details" })
                Assert.False(invoice.TryGetProperty(gone, out _), $"{gone} is gone from basil on");
            Assert.Equal(subscription, invoice.GetProperty("parent").GetProperty("subscription_details").GetProperty("subscription").GetString());
            Assert.Equal("subscription_details", invoice.GetProperty("parent").GetProperty("type").GetString());
            Assert.False(line.TryGetProperty("subscription", out _));
            Assert.Equal(subscription, line.GetProperty("parent").GetProperty("subscription_item_details").GetProperty("subscription").GetString());
        }
        else
        {
            Assert.Equal(subscription, invoice.GetProperty("subscription").GetString());
            Assert.False(invoice.TryGetProperty("parent", out _));
            Assert.Equal(f.Type == "invoice.paid", invoice.GetProperty("paid").GetBoolean());
            Assert.Equal(Sample["charge_id"], invoice.GetProperty("charge").GetString());
            Assert.Equal(Sample["payment_intent"], invoice.GetProperty("payment_intent").GetString());
            Assert.Equal(subscription, line.GetProperty("subscription").GetString());
            Assert.False(line.TryGetProperty("parent", out _));
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Mastheads_readers_find_every_field_they_act_on_in_every_version(string name)
    {
        var f = Find(name);
        var e = Masthead.Infrastructure.Payments.PaymentEvent.Read(f.Render(Sample), out var problem);
        Assert.True(e is not null, problem);
        Assert.Equal((f.Type, f.ApiVersion), (e!.Type, e.ApiVersion));
        var amount = long.Parse(V("amount")!);
        switch (f.Type)
        {
            case "checkout.session.completed":
                var s = StripeObjects.CheckoutSession.From(e.Object);
                Assert.Equal((V("session_id"), (long?)amount, "gbp", true), (s.Id, s.AmountTotal, s.Currency, s.Paid));
                Assert.Equal(V("client_reference_id"), s.ClientReferenceId);
                Assert.Equal("supporter", s.Purpose);
                if (f.Variant == "subscription") Assert.Equal(V("subscription"), s.SubscriptionId);
                else Assert.Equal(V("payment_intent"), s.PaymentIntentId);
                break;
            case "invoice.paid" or "invoice.payment_failed":
                var i = StripeObjects.Invoice.From(e.Object);
                Assert.Equal((V("invoice_id"), V("subscription"), "gbp"), (i.Id, i.SubscriptionId, i.Currency));
                Assert.Equal(f.Type == "invoice.paid" ? amount : 0, i.AmountPaid ?? -1);
                Assert.Equal(amount, i.AmountDue ?? -1);
                break;
            case "customer.subscription.updated" or "customer.subscription.deleted":
                var sub = StripeObjects.Subscription.From(e.Object);
                Assert.Equal((V("subscription"), V("status"), (long?)amount), (sub.Id, sub.Status, sub.MonthlyPence));
                break;
            case "charge.refunded":
                var c = StripeObjects.Charge.From(e.Object);
                Assert.Equal((V("charge_id"), V("payment_intent"), (long?)long.Parse(V("amount_refunded")!)), (c.Id, c.PaymentIntentId, c.AmountRefunded));
                break;
            default:
                var d = StripeObjects.Dispute.From(e.Object);
                Assert.Equal((V("dispute_id"), V("charge_id"), V("payment_intent"), (long?)amount), (d.Id, d.ChargeId, d.PaymentIntentId, d.Amount));
                break;
        }
        Assert.NotNull(Masthead.Infrastructure.Payments.PaymentEventRecorder.PaymentKey(e));
    }

    private static string? V(string key) => Convert.ToString(Sample[key], System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void A_placeholder_left_without_a_value_throws_and_an_unused_value_does_not()
    {
        var f = StripeFixtures.Get("2020-08-27", "charge.dispute.created");
        var values = StripeFixtures.SampleValues();
        values.Remove("dispute_id");
        var error = Assert.Throws<InvalidOperationException>(() => f.Render(values));
        Assert.Contains("dispute_id", error.Message);

        values = StripeFixtures.SampleValues();
        values["not_in_any_fixture"] = "x";
        values.Remove("session_id"); // a dispute holds no session
        JsonDocument.Parse(f.Render(values)).Dispose();
    }

    [Fact]
    public void Values_keep_their_json_kind_and_ids_inside_strings_are_replaced()
    {
        var f = StripeFixtures.Get("2022-08-01", "charge.refunded");
        var values = StripeFixtures.SampleValues();
        values["amount"] = 1_200L;
        values["amount_refunded"] = 300L;
        var charge = JsonDocument.Parse(f.Render(values)).RootElement.GetProperty("data").GetProperty("object");
        Assert.Equal(JsonValueKind.Number, charge.GetProperty("amount").ValueKind);
        Assert.False(charge.GetProperty("refunded").GetBoolean());
        Assert.Equal($"/v1/charges/{values["charge_id"]}/refunds", charge.GetProperty("refunds").GetProperty("url").GetString());
        Assert.Equal(300, charge.GetProperty("refunds").GetProperty("data")[0].GetProperty("amount").GetInt64());

        values["metadata"] = new Dictionary<string, string> { ["note"] = "\"quoted\" {{not a placeholder}}" };
        var session = JsonDocument.Parse(StripeFixtures.Get("2025-09-30.clover", "checkout.session.completed", "payment").Render(values))
            .RootElement.GetProperty("data").GetProperty("object");
        Assert.Equal(JsonValueKind.Object, session.GetProperty("metadata").ValueKind);
        Assert.Equal("\"quoted\" {{not a placeholder}}", session.GetProperty("metadata").GetProperty("note").GetString());
    }

    [Fact]
    public void Every_fixture_uses_only_the_documented_placeholders()
    {
        var known = StripeFixtures.SampleValues().Keys.Concat(["amount_decimal", "refunded"]).ToHashSet();
        foreach (var f in StripeFixtures.All)
            Assert.Empty(StripeFixtures.Placeholders(f).Except(known));
    }
}
