using Masthead.Features.Donations;
using Masthead.Features.FightingFund;

namespace Masthead.Tests.FightingFund;

public sealed class ThankYouTests
{
    [Theory]
    [InlineData(5_000, ThankAs.FullName, "Jo Bloggs", "Leeds", true, "£50, Jo Bloggs, Leeds")]
    [InlineData(2_000, ThankAs.Anonymous, "Morag Campbell", "Guernsey", true, "£20, anonymous, Guernsey")]
    [InlineData(2_050, ThankAs.Initials, "Jo Bloggs", "Leeds", false, "£20.50, J. B.")]
    [InlineData(100_000, ThankAs.FullName, "  Bakers'   Union  ", " St  Ives ", true, "£1,000, Bakers' Union, St Ives")]
    [InlineData(1_005, ThankAs.Anonymous, null, null, false, "£10.05, anonymous")]
    public void A_gift_is_thanked_as_the_donor_chose(long pence, ThankAs thankAs, string? name, string? town, bool showTown, string expected) =>
        Assert.Equal(expected, new ThankYou(pence, thankAs, name, town, showTown).Line);

    [Fact]
    public void The_town_is_left_out_unless_the_donor_asked_for_it() =>
        Assert.Equal("£5, Jo Bloggs", new ThankYou(500, ThankAs.FullName, "Jo Bloggs", "Leeds", ShowTown: false).Line);

    [Fact]
    public void Asking_for_the_town_without_giving_one_adds_nothing() =>
        Assert.Equal("£5, anonymous", new ThankYou(500, ThankAs.Anonymous, null, "  ", ShowTown: true).Line);

    [Theory]
    [InlineData(ThankAs.FullName, null)]
    [InlineData(ThankAs.FullName, "   ")]
    [InlineData(ThankAs.Initials, "")]
    [InlineData(ThankAs.Initials, "123 !!")]
    public void A_donor_who_gave_no_usable_name_is_thanked_anonymously(ThankAs thankAs, string? name) =>
        Assert.Equal("anonymous", new ThankYou(500, thankAs, name, null, false).Name);

    [Theory]
    [InlineData("Jo Bloggs", "J. B.")]
    [InlineData("jo bloggs", "J. B.")]
    [InlineData("Mary Ann O'Neil", "M. A. O.")]
    [InlineData("Mary-Jane Smith", "M.-J. S.")]
    [InlineData("Émile Zola", "É. Z.")]
    [InlineData("\"Red\" Robbo", "R. R.")]
    [InlineData("Cher", "C.")]
    [InlineData("  Ann   Lee  ", "A. L.")]
    [InlineData("Branch 12", "B.")]
    public void Initials_are_each_word_s_first_letter_with_a_full_stop(string name, string expected) =>
        Assert.Equal(expected, ThankYou.Initials(name));
}
