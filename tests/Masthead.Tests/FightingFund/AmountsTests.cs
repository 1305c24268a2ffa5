using Masthead.Features.Donations;

namespace Masthead.Tests.FightingFund;

public sealed class AmountsTests
{
    [Theory]
    [InlineData("25", 2500)]
    [InlineData("25.00", 2500)]
    [InlineData("25.5", 2550)]
    [InlineData("£1,025.50", 102_550)]
    [InlineData(" 0.01 ", 1)]
    [InlineData("-5", -500)]
    public void Money_as_people_write_it_becomes_pence(string text, long pence)
    {
        Assert.True(Amounts.TryParsePence(text, out var parsed));
        Assert.Equal(pence, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1.005")]
    [InlineData("1e5")]
    [InlineData("12.34.56")]
    [InlineData("9999999999999999999999")]
    [InlineData(null)]
    public void Anything_else_is_refused(string? text) => Assert.False(Amounts.TryParsePence(text, out _));
}
