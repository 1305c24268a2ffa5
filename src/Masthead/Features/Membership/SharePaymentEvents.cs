using Masthead.Infrastructure.Payments;
using static Masthead.Infrastructure.Payments.StripeObjects;

namespace Masthead.Features.Membership;

/// <summary>
/// The register's part of the payment webhook: a share checkout is capital for the register, never a gift to the
/// fund, and counts only for the application it names, at that application's price. Stripe's own refund event for
/// share money is already in the register (the committee's refusal recorded it); a dispute of it needs a person.
/// </summary>
public sealed class SharePaymentEvents(ShareApplications applications, TimeProvider time) : IPaymentHandler
{
    public bool Owns(CheckoutSession session) => session.Purpose == ShareCheckout.Purpose;

    public Task<PaymentOutcome> CheckoutPaidAsync(PaymentEvent e, CheckoutSession session, CancellationToken ct) =>
        applications.CardPaidAsync(e, session, time.GetUtcNow().UtcDateTime, ct);

    public async Task<PaymentOutcome?> ApplyAsync(PaymentEvent e, CancellationToken ct)
    {
        var paymentIntent = e.Type switch
        {
            "charge.refunded" => Charge.From(e.Object).PaymentIntentId,
            "charge.dispute.created" => Dispute.From(e.Object).PaymentIntentId,
            _ => null,
        };
        if (await applications.SharePaymentOfAsync(paymentIntent, ct) is not { } reference) return null;
        return e.Type == "charge.refunded"
            ? PaymentOutcome.Ignore($"A refund of share money for application {reference}: the register recorded it when the committee refused the application.")
            : PaymentOutcome.Review($"A card holder disputes the share money paid for application {reference}: the register needs a look.");
    }
}
