using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.Features;

namespace Masthead.Infrastructure.Payments;

/// <summary>
/// The payments module: Stripe's keys, the checkout providers (Stripe or the sandbox), and the one webhook that
/// verifies, records and routes each event. Features that take money register an <see cref="IPaymentHandler"/>.
/// </summary>
public static class PaymentsSetup
{
    /// <summary>Stripe's events are small; anything bigger is refused before it is read.</summary>
    public const long MaxWebhookBytes = 256 * 1024;

    public static IHostApplicationBuilder AddPayments(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StripeOptions>().BindConfiguration(StripeOptions.SectionName)
            .PostConfigure(o =>
            {
                // Without Stripe, the sandbox signs its own events: a secret of this process will do.
                if (string.IsNullOrEmpty(o.WebhookSecret) && string.IsNullOrEmpty(o.SecretKey))
                    o.WebhookSecret = "whsec_sandbox_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
            })
            .Validate(o => string.IsNullOrEmpty(o.SecretKey) || !string.IsNullOrEmpty(o.WebhookSecret),
                "Stripe:WebhookSecret is required when Stripe:SecretKey is set.")
            .ValidateOnStart();
        builder.Services.AddHttpClient(StripePayments.ProviderName);
        builder.Services.AddSingleton<StripePayments>();
        builder.Services.AddSingleton<SandboxPayments>();
        builder.Services.AddSingleton<PaymentProviders>();
        builder.Services.AddScoped<PaymentEventRecorder>();
        builder.Services.AddSingleton<StripeWebhook>();
        return builder;
    }

    public static WebApplication MapPayments(this WebApplication app)
    {
        // Stripe's webhook: verified by signature, so no cookie, no anti-forgery token.
        app.MapPost("/webhooks/stripe", async (HttpRequest request, StripeWebhook webhook, CancellationToken ct) =>
        {
            if (request.ContentLength > MaxWebhookBytes)
                return Results.Problem("The event is too large.", statusCode: StatusCodes.Status413PayloadTooLarge);
            if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                limit.MaxRequestBodySize = MaxWebhookBytes;
            string payload;
            try
            {
                using var reader = new StreamReader(request.Body);
                payload = await reader.ReadToEndAsync(ct);
            }
            catch (BadHttpRequestException e)
            {
                return Results.Problem(e.Message, statusCode: e.StatusCode);
            }
            if (payload.Length > MaxWebhookBytes)
                return Results.Problem("The event is too large.", statusCode: StatusCodes.Status413PayloadTooLarge);

            var outcome = await webhook.HandleAsync(payload, request.Headers["Stripe-Signature"], ct);
            return outcome.Status switch
            {
                PaymentStatus.BadSignature or PaymentStatus.Malformed =>
                    Results.Problem(outcome.Message, statusCode: StatusCodes.Status400BadRequest),
                _ => Results.Ok(new { received = true, outcome = outcome.Status.ToString(), message = outcome.Message }),
            };
        }).DisableAntiforgery();
        return app;
    }
}
