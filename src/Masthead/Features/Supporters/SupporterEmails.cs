using Masthead.Features.FightingFund;
using Masthead.Features.Publishing;
using Masthead.Features.Readers;
using Masthead.Infrastructure;
using Masthead.Infrastructure.Email;
using Microsoft.Extensions.Options;

namespace Masthead.Features.Supporters;

/// <summary>The emails a supporter gets: a welcome, and a way to fix a payment that failed.</summary>
public sealed class SupporterEmails(IOptions<PaperOptions> paper, PaperClock clock)
{
    private string SignInUrl => SiteUrls.Absolute(paper.Value, ReaderAccess.SignInPath);

    public OutboxEmail Welcome(Supporter supporter, SupporterScheme scheme)
    {
        var name = paper.Value.Name;
        var amount = Money.Pence(supporter.MonthlyPence);
        return Mail($"supporter-welcome:{supporter.Id}", supporter, $"Welcome, and thank you for supporting {name}", $"""
            Dear {supporter.Name},

            Thank you for becoming a supporter of {name}: {amount} a month on the {scheme.Name} scheme.

            Monthly support is what lets a paper owned by its readers plan ahead. You can see your payments,
            change your amount or stop at any time from your account: go to {SignInUrl}
            and we will email you a link to sign in — no password needed.

            With thanks and solidarity,
            {name}
            """);
    }

    public OutboxEmail PaymentFailed(Supporter supporter, string invoiceId, long attempt, long amountPence, string? hostedInvoiceUrl)
    {
        var name = paper.Value.Name;
        var fix = hostedInvoiceUrl is null
            ? $"sign in to your account at {SignInUrl} and choose \"Pay now\" or update how you pay."
            : $"pay it with another card here:\n{hostedInvoiceUrl}\n\nor sign in to your account at {SignInUrl} to update your card.";
        return Mail($"supporter-payment-failed:{invoiceId}:{attempt}", supporter, $"Your monthly payment to {name} didn't go through", $"""
            Dear {supporter.Name},

            Your monthly payment of {Money.Pence(amountPence)} to {name} didn't go through. This happens — a card
            expires or a bank says no — and your support carries on while it is put right.

            To fix it, {fix}

            If you meant to stop, you can cancel from your account too. Thank you for standing with the paper.

            {name}
            """);
    }

    private OutboxEmail Mail(string key, Supporter supporter, string subject, string text) => new()
    {
        Key = key,
        ToAddress = supporter.Email,
        ToName = supporter.Name,
        Subject = subject,
        TextBody = text,
        CreatedAt = clock.UtcNow,
        NextAttemptAt = clock.UtcNow,
    };
}
