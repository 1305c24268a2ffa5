using System.Collections;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Masthead.IntegrationTests.Payments;

/// <summary>
/// Stripe webhook events as Stripe sends them to an endpoint pinned to each API version Masthead must read, one file per
/// (version, type[, variant]) under <c>Payments/Fixtures/&lt;api_version&gt;/</c>. Every field of the object is there, as that
/// version had it; what a test controls is a placeholder: <c>"{{name}}"</c>, a JSON string that <see cref="Render"/>
/// replaces, quotes included, by the JSON of the given value (a string, a number, an object). Inside a longer string
/// (an id in a URL) <c>{{name}}</c> is replaced by the value's text. docs/stripe-versions.md says which sources each
/// shape comes from.
/// </summary>
public static partial class StripeFixtures
{
    public sealed record Fixture(string ApiVersion, string Type, string? Variant, string Path)
    {
        /// <summary>The file's name without the folder: <c>type[.variant].json</c>.</summary>
        public string FileName => Type + (Variant is null ? "" : "." + Variant) + ".json";

        /// <summary>Rendered with <paramref name="values"/>; see <see cref="StripeFixtures.Render(Fixture, IReadOnlyDictionary{string, object?})"/>.</summary>
        public string Render(IReadOnlyDictionary<string, object?> values) => StripeFixtures.Render(this, values);

        public override string ToString() => $"{ApiVersion}/{FileName}";
    }

    /// <summary>
    /// The versions at which an object Masthead handles changed shape, oldest first: the oldest Masthead must read, and
    /// each later one that removed, moved or renamed something in a checkout session, invoice, subscription, charge or
    /// dispute (docs/stripe-versions.md).
    /// </summary>
    public static IReadOnlyList<string> ApiVersions { get; } =
    [
        "2020-08-27", "2022-08-01", "2022-11-15", "2023-08-16", "2023-10-16", "2024-04-10", "2024-06-20",
        "2025-03-31.basil", "2025-09-30.clover", "2026-03-25.dahlia",
    ];

    /// <summary>The event types Masthead handles, with the variant where one type comes in more than one shape.</summary>
    public static IReadOnlyList<(string Type, string? Variant)> Kinds { get; } =
    [
        ("checkout.session.completed", "payment"),
        ("checkout.session.completed", "subscription"),
        ("invoice.paid", null),
        ("invoice.payment_failed", null),
        ("customer.subscription.updated", null),
        ("customer.subscription.deleted", null),
        ("charge.refunded", null),
        ("charge.dispute.created", null),
    ];

    /// <summary>The folder the fixtures are copied to beside the test assembly.</summary>
    public static string Root { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "Payments", "Fixtures");

    /// <summary>Every fixture: each kind at each version.</summary>
    public static IReadOnlyList<Fixture> All { get; } =
        [.. ApiVersions.SelectMany(v => Kinds.Select(k => Make(v, k.Type, k.Variant)))];

    public static Fixture Get(string apiVersion, string type, string? variant = null) =>
        All.SingleOrDefault(f => f.ApiVersion == apiVersion && f.Type == type && f.Variant == variant)
        ?? throw new ArgumentException($"No fixture for {type}{(variant is null ? "" : "." + variant)} at {apiVersion}.");

    /// <summary>
    /// Every placeholder a fixture may hold, with a value of the right kind: a starting point for a test, which
    /// overrides what it cares about.
    /// </summary>
    public static Dictionary<string, object?> SampleValues() => new()
    {
        ["event_id"] = "evt_1SZt7kGh7TyU2wXaQ1w2E3r4",
        ["created"] = 1767229206L,
        ["session_id"] = "cs_test_a1Ux3Sm9Qd7Fh2Kk5Lp8Zr4Tv6Wy0Bn3Cq5Ej7Gm9Hs2Ju4Lw6Nx8Pz1Rb3Td",
        ["payment_intent"] = "pi_3SZs0aGh7TyU2wXa1pI9oU8y",
        ["customer"] = "cus_TWqlAb3Cd5Ef7G",
        ["subscription"] = "sub_1SZq4hGh7TyU2wXaS5d6F7g8",
        ["invoice_id"] = "in_1SZrA1Gh7TyU2wXaI9n8V7c6",
        ["charge_id"] = "ch_3SZs0aGh7TyU2wXa0C1h2A3r",
        ["dispute_id"] = "dp_1SZu2cGh7TyU2wXaD4i5S6p7",
        ["client_reference_id"] = "5f0e8c2a-1d3b-4a6c-9e7f-2b4d6a8c0e13",
        ["metadata"] = new Dictionary<string, string> { ["purpose"] = "supporter", ["masthead_supporter"] = "9a7c5e3b-1f2d-4c6e-8a0b-3d5f7e9c1a24" },
        ["amount"] = 500L,
        ["amount_refunded"] = 500L,
        ["currency"] = "gbp",
        ["email"] = "ada@example.org",
        ["name"] = "Ada Lovelace",
        ["status"] = "active",
    };

    /// <summary>
    /// The fixture's JSON with each placeholder replaced by the JSON of its value in <paramref name="values"/>. Two
    /// placeholders follow from others unless given: <c>amount_decimal</c> (the amount as Stripe's decimal string, in a
    /// price's <c>unit_amount_decimal</c>) and <c>refunded</c> (whether <c>amount_refunded</c> reaches <c>amount</c>).
    /// A value the file does not use is ignored; a placeholder left without a value throws.
    /// </summary>
    public static string Render(Fixture fixture, IReadOnlyDictionary<string, object?> values)
    {
        var json = File.ReadAllText(fixture.Path);
        var all = WithDerived(values);
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        // One pass, so that a value which itself looks like a placeholder is left as it is.
        json = Placeholder().Replace(json, m =>
        {
            if (m.Groups["whole"].Success)
            {
                // A whole JSON string "{{name}}" becomes the value's JSON: a string, a number, an object.
                if (all.TryGetValue(m.Groups["whole"].Value, out var v)) return Json(v);
                missing.Add(m.Groups["whole"].Value);
                return m.Value;
            }
            // One inside a longer string (an id in a URL) becomes the value's text, escaped for its place in the string.
            if (all.TryGetValue(m.Groups["inner"].Value, out var inner) && Text(inner) is { } text)
                return JsonSerializer.Serialize(text)[1..^1];
            missing.Add(m.Groups["inner"].Value);
            return m.Value;
        });
        if (missing.Count > 0)
            throw new InvalidOperationException($"{fixture} still holds placeholders with no value: {string.Join(", ", missing)}.");
        return json;
    }

    /// <summary>The placeholders a fixture holds.</summary>
    public static IReadOnlySet<string> Placeholders(Fixture fixture) =>
        Embedded().Matches(File.ReadAllText(fixture.Path)).Select(m => m.Groups[1].Value).ToHashSet();

    private static Fixture Make(string version, string type, string? variant)
    {
        var name = type + (variant is null ? "" : "." + variant) + ".json";
        return new Fixture(version, type, variant, System.IO.Path.Combine(Root, version, name));
    }

    private static Dictionary<string, object?> WithDerived(IReadOnlyDictionary<string, object?> values)
    {
        var all = values.ToDictionary(p => p.Key, p => p.Value);
        if (!all.ContainsKey("amount_decimal") && Number(all.GetValueOrDefault("amount")) is { } amount)
            all["amount_decimal"] = amount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!all.ContainsKey("refunded") && Number(all.GetValueOrDefault("amount")) is { } total
            && Number(all.GetValueOrDefault("amount_refunded")) is { } refunded)
            all["refunded"] = refunded >= total;
        return all;
    }

    private static long? Number(object? value) => value switch
    {
        long l => l,
        int i => i,
        _ => null,
    };

    private static string Json(object? value) => value switch
    {
        JsonElement e => e.GetRawText(),
        System.Text.Json.Nodes.JsonNode n => n.ToJsonString(),
        _ => JsonSerializer.Serialize(value, value?.GetType() ?? typeof(object)),
    };

    private static string? Text(object? value) => value switch
    {
        string s => s,
        long or int => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
        null or IEnumerable or bool => null,
        _ => value.ToString(),
    };

    [GeneratedRegex("\"\\{\\{(?<whole>[a-z_]+)\\}\\}\"|\\{\\{(?<inner>[a-z_]+)\\}\\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex("\\{\\{([a-z_]+)\\}\\}")]
    private static partial Regex Embedded();
}
