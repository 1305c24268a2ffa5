using System.Security.Cryptography;
using Masthead.Data;
using Masthead.Features.Donations;
using Masthead.Features.FightingFund;
using Masthead.Features.Publishing;
using Masthead.Features.Readers;
using Masthead.Infrastructure.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Masthead.Features.Membership;

/// <summary>
/// Applications to join: made on the public page, paid at the hosted checkout (the webhook calls
/// <see cref="CardPaidAsync"/>) or by cheque or transfer (Finance records it), then approved by the committee —
/// which admits the member — or refused, which refunds what was paid and records the refund.
/// </summary>
public sealed class ShareApplications(MastheadDb db, ShareRegister register, ShareCheckout checkout, MemberLetters letters,
    PaperClock clock, IOptions<MembershipOptions> options)
{
    public const string StripeRecorder = "stripe";

    public sealed record Form(MemberKind Kind, bool IsRegisteredSociety, string? Name, string? Address, string? Postcode, string? Email,
        long? Shares, bool AcceptsRules, bool AgeConfirmed, ShareMoneyMethod Method);

    public MembershipOptions Settings => options.Value;

    public IEnumerable<MemberDetails.Problem> Check(Form form)
    {
        foreach (var p in MemberDetails.NameProblems(form.Name)) yield return p;
        foreach (var p in MemberDetails.ContactProblems(form.Address, form.Postcode, form.Email)) yield return p;
        if (string.IsNullOrWhiteSpace(form.Email)) yield return new("Email", "Give an email address: we send the committee's decision to it.");
        if (form.Shares is not { } shares) yield return new("Shares", "Enter how many shares you would like.");
        else if (Holdings.FirstPurchaseProblem(shares, form.Kind == MemberKind.Organisation && form.IsRegisteredSociety, Settings) is { } problem)
            yield return new("Shares", problem);
        if (!form.AcceptsRules) yield return new("AcceptsRules", "To join, you must accept the society's rules.");
        if (!form.AgeConfirmed)
            yield return new("AgeConfirmed", form.Kind == MemberKind.Person ? "Members must be 16 or over: confirm your age." : "Confirm that you may apply for the organisation.");
        if (!Enum.IsDefined(form.Method)) yield return new("Method", "Choose how you will pay.");
    }

    /// <summary>Saves a checked application, waiting for its money.</summary>
    public async Task<ShareApplication> CreateAsync(Form form, CancellationToken ct = default)
    {
        var problems = Check(form).ToList();
        if (problems.Count > 0) throw new RegisterRefusal(string.Join(" ", problems.Select(p => p.Message)));
        var application = new ShareApplication
        {
            Id = Guid.NewGuid(),
            Reference = NewReference(),
            Kind = form.Kind,
            IsRegisteredSociety = form.Kind == MemberKind.Organisation && form.IsRegisteredSociety,
            Name = form.Name!.Trim(),
            Address = MemberDetails.CleanAddress(form.Address!),
            Postcode = MemberDetails.CleanPostcode(form.Postcode!),
            Email = ReaderAccess.Normalise(form.Email!),
            Shares = form.Shares!.Value,
            AmountPence = form.Shares!.Value * Settings.ShareValuePence,
            AcceptsRules = true,
            AgeConfirmed = true,
            Method = form.Method,
            CreatedAt = clock.UtcNow,
        };
        db.ShareApplications.Add(application);
        await db.SaveChangesAsync(ct);
        return application;
    }

    /// <summary>The signed checkout event for a share application, inside the webhook's transaction.</summary>
    public async Task<PaymentOutcome> CardPaidAsync(PaymentEvent e, StripeObjects.CheckoutSession session, DateTime arrivedUtc, CancellationToken ct)
    {
        var paid = PaymentEventRecorder.Amount(session.AmountTotal, session.Currency);
        if (session.Mode != "payment") return PaymentOutcome.Review($"Share checkout {session.Id} in {session.Mode ?? "no"} mode: shares are paid once.");
        var id = Guid.TryParse(session.Metadata.GetValueOrDefault("masthead_application") ?? session.ClientReferenceId, out var g) ? g : Guid.Empty;
        var application = await db.ShareApplications.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (application is null)
            return PaymentOutcome.Review($"Payment of {paid} for shares on checkout {session.Id}, for an application Masthead does not know.");
        var externalId = $"stripe:checkout:{session.Id}";
        if (await db.SharePayments.AnyAsync(p => p.ExternalId == externalId, ct))
            return new(PaymentStatus.Duplicate, $"Checkout {session.Id} was already recorded for application {application.Reference}.");
        if (application.ProviderSessionId is { } started && started != session.Id)
            return PaymentOutcome.Review($"Checkout {session.Id} paid {paid} for application {application.Reference}, which was started as checkout {started}.");
        if (!string.Equals(session.Currency, Settings.Currency, StringComparison.OrdinalIgnoreCase) || session.AmountTotal != application.AmountPence)
            return PaymentOutcome.Review($"Checkout {session.Id} paid {paid} for application {application.Reference}, which asks {Money.Pence(application.AmountPence)}.");
        var at = e.CreatedUtc(new DateTimeOffset(arrivedUtc, TimeSpan.Zero));
        register.AddPayment(new SharePayment
        {
            ExternalId = externalId,
            ApplicationId = application.Id,
            Method = ShareMoneyMethod.Card,
            AmountPence = application.AmountPence,
            Currency = Settings.Currency,
            Reference = session.PaymentIntentId ?? session.Id,
            At = at,
            RecordedBy = StripeRecorder,
            Reason = $"Paid for application {application.Reference}",
        });
        if (application.Status == ApplicationStatus.AwaitingPayment)
        {
            application.Status = ApplicationStatus.AwaitingDecision;
            application.PaidAt = at;
        }
        await db.SaveChangesAsync(ct);
        return new(PaymentStatus.Applied, $"Recorded {Money.Pence(application.AmountPence)} for share application {application.Reference}.");
    }

    /// <summary>The application a card payment paid for, when it is share money (so Stripe's own refund event needs no review by the fund).</summary>
    public Task<string?> SharePaymentOfAsync(string? paymentIntent, CancellationToken ct) =>
        paymentIntent is null ? Task.FromResult<string?>(null)
        : (from p in db.SharePayments
           join a in db.ShareApplications on p.ApplicationId equals a.Id
           where p.Reference == paymentIntent && p.Method == ShareMoneyMethod.Card
           select a.Reference).FirstOrDefaultAsync(ct);

    /// <summary>Finance records the cheque or transfer that pays for an application: the full amount, once.</summary>
    public Task RecordOfflinePaymentAsync(Guid applicationId, ShareMoneyMethod method, long pence, string? reference, DateOnly received, string by,
        CancellationToken ct = default) => register.InTransactionAsync(async () =>
    {
        var application = await db.ShareApplications.FirstOrDefaultAsync(a => a.Id == applicationId, ct) ?? throw new RegisterRefusal("There is no such application.");
        if (method == ShareMoneyMethod.Card) throw new RegisterRefusal("Card payments arrive from the checkout; record a cheque or a bank transfer here.");
        if (application.Status != ApplicationStatus.AwaitingPayment) throw new RegisterRefusal($"Application {application.Reference} is not waiting for payment.");
        if (pence != application.AmountPence)
            throw new RegisterRefusal($"Application {application.Reference} is for {Money.Pence(application.AmountPence)}: shares are paid in full. Return a payment of a different amount.");
        if (received > clock.Today()) throw new RegisterRefusal("The date received can't be in the future.");
        register.AddPayment(new SharePayment
        {
            ExternalId = $"offline:{application.Id}",
            ApplicationId = application.Id,
            Method = method,
            AmountPence = pence,
            Currency = Settings.Currency,
            Reference = string.IsNullOrWhiteSpace(reference) ? null : reference.Trim(),
            At = clock.LocalToUtc(received.ToDateTime(new TimeOnly(12, 0))),
            RecordedBy = by,
            Reason = $"Paid for application {application.Reference} by {ShareRegister.Describe(method)}",
        });
        (application.Status, application.PaidAt, application.Method) = (ApplicationStatus.AwaitingDecision, clock.UtcNow, method);
        await db.SaveChangesAsync(ct);
        return 0;
    });

    /// <summary>The committee approves: the applicant becomes a member with their shares allotted.</summary>
    public Task<Member> ApproveAsync(Guid applicationId, string? note, string by, CancellationToken ct = default) => register.InTransactionAsync(async () =>
    {
        var application = await db.ShareApplications.FirstOrDefaultAsync(a => a.Id == applicationId, ct) ?? throw new RegisterRefusal("There is no such application.");
        if (application.Status == ApplicationStatus.AwaitingPayment) throw new RegisterRefusal($"Application {application.Reference} is not paid yet: shares are allotted only when paid in full.");
        if (application.Status != ApplicationStatus.AwaitingDecision) throw new RegisterRefusal($"The committee has already decided application {application.Reference}.");
        var member = await register.AdmitAsync(application, by, ct);
        (application.Status, application.DecidedAt, application.DecidedBy, application.DecisionNote, application.MemberId) =
            (ApplicationStatus.Approved, clock.UtcNow, by, string.IsNullOrWhiteSpace(note) ? null : note.Trim(), member.Id);
        await db.SaveChangesAsync(ct);
        return member;
    });

    /// <summary>The committee refuses: whatever was paid is refunded (through Stripe for a card) and the refund recorded.</summary>
    public async Task RefuseAsync(Guid applicationId, string reason, string by, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new RegisterRefusal("Give the committee's reason for refusing.");
        var application = await db.ShareApplications.AsNoTracking().FirstOrDefaultAsync(a => a.Id == applicationId, ct) ?? throw new RegisterRefusal("There is no such application.");
        if (application.Status is ApplicationStatus.Approved or ApplicationStatus.Refused)
            throw new RegisterRefusal($"The committee has already decided application {application.Reference}.");
        var paid = await db.SharePayments.AsNoTracking().Where(p => p.ApplicationId == applicationId && p.AmountPence > 0).ToListAsync(ct);
        // Stripe's refund is made before the transaction: its idempotency key makes a retry after a failure safe.
        var refunds = new List<(SharePayment Paid, string Reference)>();
        foreach (var payment in paid)
        {
            var refundReference = payment.Method == ShareMoneyMethod.Card && payment.RecordedBy == StripeRecorder && checkout.UsesStripe
                ? await checkout.RefundAsync(application, payment.Reference!, ct)
                : payment.Method == ShareMoneyMethod.Card ? $"sandbox-refund-{payment.Id}" : $"to return by {ShareRegister.Describe(payment.Method)}";
            refunds.Add((payment, refundReference));
        }
        await register.InTransactionAsync(async () =>
        {
            var tracked = await db.ShareApplications.FirstAsync(a => a.Id == applicationId, ct);
            if (tracked.Status is ApplicationStatus.Approved or ApplicationStatus.Refused)
                throw new RegisterRefusal($"The committee has already decided application {application.Reference}.");
            foreach (var (payment, reference) in refunds)
            {
                register.AddPayment(new SharePayment
                {
                    ExternalId = $"refund:{payment.Id}",
                    ApplicationId = applicationId,
                    Method = payment.Method,
                    AmountPence = -payment.AmountPence,
                    Currency = payment.Currency,
                    Reference = reference,
                    At = clock.UtcNow,
                    RecordedBy = by,
                    Reason = $"Refunded: application {application.Reference} refused",
                });
            }
            (tracked.Status, tracked.DecidedAt, tracked.DecidedBy, tracked.DecisionNote) = (ApplicationStatus.Refused, clock.UtcNow, by, reason.Trim());
            var refundText = refunds.Count == 0 ? null
                : refunds[0].Paid.Method == ShareMoneyMethod.Card
                    ? $"The {Money.Pence(application.AmountPence)} you paid by card has been refunded to the same card; it can take a few days to appear."
                    : $"The {Money.Pence(application.AmountPence)} you paid by {ShareRegister.Describe(refunds[0].Paid.Method)} will be returned to you.";
            db.Outbox.Add(letters.Refused(tracked, refundText));
            await db.SaveChangesAsync(ct);
            return 0;
        });
    }

    private static string NewReference()
    {
        const string alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
        return "SH-" + new string(RandomNumberGenerator.GetItems<char>(alphabet, 6));
    }
}
