using Masthead.Features.Donations;
using Masthead.Features.Publishing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Masthead.Tests.Donations;

/// <summary>The receipt names the paper's fund correctly whether or not the paper's name begins with "The".</summary>
public sealed class ReceiptComposerTests
{
    private static Masthead.Infrastructure.Email.OutboxEmail ReceiptFrom(string paperName)
    {
        var paper = Options.Create(new PaperOptions { Name = paperName });
        var clock = new PaperClock(new FakeTimeProvider(DateTimeOffset.Parse("2026-03-31T10:00:00Z")), paper);
        return new ReceiptComposer(paper, clock).Compose(new LedgerEntry
        {
            Id = 41,
            ExternalId = "test:41",
            Kind = EntryKind.Donation,
            Method = PaymentMethod.Card,
            AmountPence = 2_500,
            FundDate = new DateOnly(2026, 3, 31),
            DonorName = "Ann Reader",
            DonorEmail = "ann@readers.test",
            RecordedBy = "test",
        });
    }

    [Fact]
    public void A_paper_whose_name_begins_with_The_is_not_given_a_second_the()
    {
        var receipt = ReceiptFrom("The Daily Masthead");

        Assert.Equal("Your £25 gift to The Daily Masthead fighting fund", receipt.Subject);
        Assert.Contains("Thank you for your gift of £25 to The Daily Masthead fighting fund, received on 31 March 2026.", receipt.TextBody);
        Assert.EndsWith("With thanks and solidarity,\nThe Daily Masthead fighting fund", receipt.TextBody.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("the The", receipt.Subject + receipt.TextBody, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_paper_whose_name_has_no_article_is_given_one()
    {
        var receipt = ReceiptFrom("Morning Herald");

        Assert.Equal("Your £25 gift to the Morning Herald fighting fund", receipt.Subject);
        Assert.Contains("Thank you for your gift of £25 to the Morning Herald fighting fund, received on 31 March 2026.", receipt.TextBody);
        Assert.EndsWith("With thanks and solidarity,\nThe Morning Herald fighting fund", receipt.TextBody.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("The Daily Masthead", false, "The Daily Masthead")]
    [InlineData("The Daily Masthead", true, "The Daily Masthead")]
    [InlineData("the Word", false, "the Word")]
    [InlineData("the Word", true, "The Word")]
    [InlineData("Morning Herald", false, "the Morning Herald")]
    [InlineData("Morning Herald", true, "The Morning Herald")]
    [InlineData("Theatre Weekly", false, "the Theatre Weekly")]
    public void The_name_takes_the_article_only_when_it_lacks_one(string name, bool startOfLine, string expected) =>
        Assert.Equal(expected, new PaperOptions { Name = name }.NameWithArticle(startOfLine));
}
