using Masthead.Infrastructure;

namespace Masthead.Tests.Payments;

public sealed class ExternalTextTests
{
    [Theory]
    [InlineData("  Jo   Bloggs  ", "Jo Bloggs")]
    [InlineData("Jo\u0000Bloggs", "Jo Bloggs")]
    [InlineData("Jo\r\n\tBloggs\u0007", "Jo Bloggs")]
    [InlineData("Jo\u200BBloggs", "Jo Bloggs")]
    [InlineData("\u0001\u0002 ", null)]
    [InlineData(null, null)]
    [InlineData("Zoë 🌹", "Zoë 🌹")]
    public void Text_is_trimmed_and_control_characters_become_one_space(string? text, string? expected) =>
        Assert.Equal(expected, ExternalText.Normalise(text, 200));

    [Fact]
    public void Text_longer_than_the_column_is_shortened_with_an_ellipsis()
    {
        var shortened = ExternalText.Normalise(new string('x', 300), 200)!;
        Assert.Equal(200, shortened.Length);
        Assert.Equal(new string('x', 199) + "…", shortened);
        Assert.Equal(new string('x', 200), ExternalText.Normalise(new string('x', 200), 200));
    }

    [Fact]
    public void A_surrogate_pair_is_never_split_and_a_lone_surrogate_is_replaced()
    {
        var roses = ExternalText.Normalise(string.Concat(Enumerable.Repeat("🌹", 150)), 200)!;
        Assert.True(roses.Length <= 200);
        Assert.DoesNotContain(roses.Select((c, i) => (c, i)), p => char.IsHighSurrogate(p.c) && (p.i + 1 >= roses.Length || !char.IsLowSurrogate(roses[p.i + 1])));
        Assert.Equal("a\uFFFDb", ExternalText.Normalise("a\uD800b", 10));
    }

    [Theory]
    [InlineData("cs_test_a1B2", true)]
    [InlineData("evt 1", false)]
    [InlineData("pi_\u00e9", false)]
    public void Ids_are_printable_ascii(string id, bool plain) => Assert.Equal(plain, ExternalText.IsPlain(id));
}
