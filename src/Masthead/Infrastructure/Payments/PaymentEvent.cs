using System.Text.Json;

namespace Masthead.Infrastructure.Payments;

/// <summary>
/// A verified event from Stripe, read from its JSON as it came — not through one API version's object model.
/// Stripe sends each event in the version the account's endpoint is pinned to, so a field may sit in another
/// place, be an id or an expanded object, or be missing; the readers in <see cref="StripeObjects"/> look in
/// every place Stripe has used since 2020-08-27 and give <c>null</c> for what is absent or of the wrong type.
/// Nothing here throws for the content of a signed event.
/// </summary>
public sealed class PaymentEvent
{
    /// <summary>The longest event id Masthead keeps (the column's length): Stripe's are about 30 characters.</summary>
    public const int IdMax = 200;
    public const int TypeMax = 100;

    private PaymentEvent(string id, string type, string? apiVersion, DateTimeOffset? created, JsonElement dataObject, string payload)
    {
        Id = id;
        Type = type;
        ApiVersion = apiVersion;
        Created = created;
        Object = dataObject;
        Payload = payload;
    }

    public string Id { get; }
    public string Type { get; }
    public string? ApiVersion { get; }

    /// <summary>When Stripe created the event; null when the event does not say (the caller uses the time it arrived).</summary>
    public DateTimeOffset? Created { get; }

    /// <summary><c>data.object</c>: the checkout session, invoice, subscription, charge or dispute the event is about.</summary>
    public JsonElement Object { get; }

    /// <summary>The payload exactly as it came, kept as the record of what Stripe said.</summary>
    public string Payload { get; }

    /// <summary>Reads a payload; null with a reason when it is not an event Masthead can keep (not JSON, no id or type).</summary>
    public static PaymentEvent? Read(string payload, out string? problem)
    {
        problem = null;
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = 64 });
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            problem = "The payload is not JSON.";
            return null;
        }
        if (root.ValueKind != JsonValueKind.Object || StripeJson.Text(root, "object") is not ("event" or null))
        {
            problem = "The payload is not a Stripe event.";
            return null;
        }
        var id = StripeJson.Text(root, "id");
        var type = StripeJson.Text(root, "type");
        if (string.IsNullOrWhiteSpace(id) || string.IsNullOrWhiteSpace(type))
        {
            problem = "The event has no id or type.";
            return null;
        }
        if (id.Length > IdMax || type.Length > TypeMax || !ExternalText.IsPlain(id) || !ExternalText.IsPlain(type))
        {
            problem = "The event's id or type is not one Stripe would send.";
            return null;
        }
        var dataObject = StripeJson.Object(root, "data", "object") ?? default;
        var created = StripeJson.Number(root, "created") is { } seconds && seconds is > 0 and < 253_402_300_799
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : (DateTimeOffset?)null;
        return new PaymentEvent(id, type, StripeJson.Text(root, "api_version"), created, dataObject, payload);
    }

    private string? _paymentKey;
    private bool _paymentKeyRead;

    /// <summary>The payment the event is about (read once: the lock, the claim and the notes all use it).</summary>
    public string? PaymentKey
    {
        get
        {
            if (!_paymentKeyRead) (_paymentKey, _paymentKeyRead) = (PaymentEventRecorder.PaymentKey(this), true);
            return _paymentKey;
        }
    }

    /// <summary>The event's own time, or <paramref name="arrived"/> when it has none.</summary>
    public DateTime CreatedUtc(DateTimeOffset arrived) => (Created ?? arrived).UtcDateTime;
}

/// <summary>Small, forgiving readers of Stripe's JSON: a value of the wrong type reads as absent.</summary>
public static class StripeJson
{
    public static JsonElement? Element(JsonElement e, params string[] path)
    {
        try
        {
            foreach (var name in path)
            {
                if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out e)) return null;
            }
            return e;
        }
        catch (InvalidOperationException)
        {
            // A property name with a lone surrogate escaped in it: nothing Stripe sends; read as absent.
            return null;
        }
    }

    public static JsonElement? Object(JsonElement e, params string[] path) =>
        Element(e, path) is { ValueKind: JsonValueKind.Object } o ? o : null;

    public static string? Text(JsonElement e, params string[] path)
    {
        if (Element(e, path) is not { ValueKind: JsonValueKind.String } s) return null;
        try
        {
            return s.GetString();
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate escaped in the JSON: not text a person wrote.
            return null;
        }
    }

    /// <summary>A whole number that fits in 64 bits; anything else (a fraction, a string, 1e30) reads as absent.</summary>
    public static long? Number(JsonElement e, params string[] path) =>
        Element(e, path) is { ValueKind: JsonValueKind.Number } n && n.TryGetInt64(out var value) ? value : null;

    public static bool? Flag(JsonElement e, params string[] path) => Element(e, path) switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => null,
    };

    /// <summary>
    /// The id of a related object, whether Stripe sent the id (<c>"sub_…"</c>) or the object expanded
    /// (<c>{"id": "sub_…", …}</c>). Ids too long or not plain are treated as absent.
    /// </summary>
    public static string? Ref(JsonElement e, params string[] path)
    {
        var id = Element(e, path) switch
        {
            { ValueKind: JsonValueKind.String } => Text(e, path),
            { ValueKind: JsonValueKind.Object } o => Text(o, "id"),
            _ => null,
        };
        return id is { Length: > 0 and <= StripeObjects.RefMax } && ExternalText.IsPlain(id) ? id : null;
    }

    public static IEnumerable<JsonElement> Items(JsonElement e, params string[] path) =>
        Element(e, path) is { ValueKind: JsonValueKind.Array } a ? a.EnumerateArray() : [];

    /// <summary>Metadata: string values only, as Stripe keeps them.</summary>
    public static IReadOnlyDictionary<string, string> Metadata(JsonElement e, params string[] path)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Object(e, path) is not { } o) return found;
        foreach (var p in o.EnumerateObject())
        {
            try
            {
                if (p.Value.ValueKind == JsonValueKind.String && Text(p.Value) is { } value) found[p.Name] = value;
            }
            catch (InvalidOperationException)
            {
                // A key that is not valid text: skipped.
            }
        }
        return found;
    }
}
