using Masthead.Features.FightingFund;
using Masthead.Features.Publishing;
using Masthead.Infrastructure.Email;
using Microsoft.Extensions.Options;

namespace Masthead.Features.Donations;

/// <summary>Writes the thank-you receipt a donor is emailed for a gift.</summary>
public sealed class ReceiptComposer(IOptions<PaperOptions> paper, PaperClock clock)
{
    public OutboxEmail Compose(LedgerEntry gift)
    {
        var fund = $"{paper.Value.NameWithArticle()} fighting fund";
        var amount = Money.Pence(gift.AmountPence);
        var text = $"""
            Dear {gift.DonorName ?? "reader"},

            Thank you for your gift of {amount} to {fund}, received on {gift.FundDate:d MMMM yyyy}.

            Receipt number: {gift.Id}
            Amount: {amount} ({gift.Currency})
            Paid by: {Describe(gift.Method)}{(gift.Reference is null ? "" : $"\nReference: {gift.Reference}")}

            Every penny goes to keeping the paper independent and owned by its readers.

            With thanks and solidarity,
            {paper.Value.NameWithArticle(startOfLine: true)} fighting fund
            """;
        return new OutboxEmail
        {
            Key = $"receipt:{gift.Id}",
            ToAddress = gift.DonorEmail!,
            ToName = gift.DonorName,
            Subject = $"Your {amount} gift to {fund}",
            TextBody = text,
            CreatedAt = clock.UtcNow,
            NextAttemptAt = clock.UtcNow,
        };
    }

    public static string Describe(PaymentMethod method) => method switch
    {
        PaymentMethod.Card => "card",
        PaymentMethod.Cheque => "cheque",
        PaymentMethod.BankTransfer => "bank transfer",
        PaymentMethod.StandingOrder => "standing order",
        _ => "cash",
    };
}
