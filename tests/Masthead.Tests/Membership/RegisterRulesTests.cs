using Masthead.Features.Membership;

namespace Masthead.Tests.Membership;

/// <summary>The register's rules with no database: holdings as sums of entries at any date, the cap, cessation, one vote each.</summary>
public sealed class RegisterRulesTests
{
    private static readonly MembershipOptions Settings = new(); // £1 shares, at least 10 first, £100,000 cap

    private static ShareEntry E(string on, long shares, ShareEntryKind kind = ShareEntryKind.Purchase, long? pence = null) => new()
    {
        Kind = kind,
        Shares = shares,
        AmountPence = pence ?? shares * 100,
        EffectiveOn = DateOnly.Parse(on),
        RecordedBy = "test",
        Reason = "test",
    };

    private static Member M(int number, string admitted, string? ceased = null) => new()
    {
        Id = number * 10,
        Number = number,
        Name = $"Member {number}",
        Address = "1 Street",
        Postcode = "AB1 2CD",
        AdmittedOn = DateOnly.Parse(admitted),
        CeasedOn = ceased is null ? null : DateOnly.Parse(ceased),
    };

    [Fact]
    public void A_holding_is_the_sum_of_the_entries_on_or_before_the_date()
    {
        ShareEntry[] entries =
        [
            E("2024-01-10", 50, ShareEntryKind.Allotment), E("2024-06-01", 25), E("2025-02-03", -30, ShareEntryKind.Withdrawal),
        ];
        Assert.Equal(Holdings.Holding.None, Holdings.Of(entries, new DateOnly(2024, 1, 9)));
        Assert.Equal(new Holdings.Holding(50, 5_000), Holdings.Of(entries, new DateOnly(2024, 1, 10)));
        Assert.Equal(new Holdings.Holding(75, 7_500), Holdings.Of(entries, new DateOnly(2025, 2, 2)));
        Assert.Equal(new Holdings.Holding(45, 4_500), Holdings.Of(entries, new DateOnly(2025, 2, 3)));
        Assert.Equal(new Holdings.Holding(45, 4_500), Holdings.Of(entries));
    }

    [Fact]
    public void The_order_entries_arrive_in_does_not_change_a_holding_as_at_a_date()
    {
        ShareEntry[] entries = [E("2025-02-03", -30, ShareEntryKind.Withdrawal), E("2024-06-01", 25), E("2024-01-10", 50, ShareEntryKind.Allotment)];
        Assert.Equal(new Holdings.Holding(75, 7_500), Holdings.Of(entries, new DateOnly(2024, 12, 31)));
    }

    [Theory]
    [InlineData(0, 10_000_000, true)]        // exactly £100,000
    [InlineData(0, 10_000_100, false)]       // £1 over
    [InlineData(9_999_900, 100, true)]       // the last share
    [InlineData(9_999_900, 200, false)]
    public void No_one_holds_more_than_the_cap(long held, long added, bool allowed)
    {
        Assert.Equal(allowed, Holdings.CapProblem(held, added, isRegisteredSociety: false, Settings) is null);
    }

    [Fact]
    public void A_registered_society_is_exempt_from_the_cap()
    {
        Assert.Null(Holdings.CapProblem(9_999_900, 500_000_00, isRegisteredSociety: true, Settings));
        Assert.Null(Holdings.FirstPurchaseProblem(250_000, isRegisteredSociety: true, Settings));
        Assert.NotNull(Holdings.FirstPurchaseProblem(250_000, isRegisteredSociety: false, Settings));
    }

    [Fact]
    public void The_cap_says_how_many_more_shares_may_be_bought()
    {
        Assert.Equal("No one may hold more than £100,000 in shares (the legal limit); this member can buy at most 1,000 more.",
            Holdings.CapProblem(9_900_000, 200_000, false, Settings));
    }

    [Fact]
    public void The_cap_is_a_setting()
    {
        var small = new MembershipOptions { CapPounds = 500, ShareValuePence = 500 };
        Assert.Equal(100, small.MaxShares);
        Assert.Null(Holdings.CapProblem(0, 50_000, false, small));
        Assert.NotNull(Holdings.CapProblem(0, 50_500, false, small));
    }

    [Theory]
    [InlineData(0L, "Shares must be between 10 and 100,000 (£10 to £100,000).")]
    [InlineData(9L, "Shares must be between 10 and 100,000 (£10 to £100,000).")]
    [InlineData(100_001L, "Shares must be between 10 and 100,000 (£10 to £100,000).")]
    [InlineData(10L, null)]
    [InlineData(100_000L, null)]
    public void A_first_purchase_is_between_the_minimum_and_the_cap(long shares, string? problem)
    {
        Assert.Equal(problem, Holdings.FirstPurchaseProblem(shares, false, Settings));
    }

    [Fact]
    public void A_withdrawal_leaves_at_least_one_share()
    {
        var held = new Holdings.Holding(40, 4_000);
        Assert.Null(Holdings.WithdrawalProblem(held, 39));
        Assert.Contains("withdraw at most 39", Holdings.WithdrawalProblem(held, 40));
        Assert.Equal("Withdraw at least one share.", Holdings.WithdrawalProblem(held, 0));
    }

    [Fact]
    public void Cessation_takes_the_whole_holding_out_on_its_date()
    {
        var entries = new List<ShareEntry> { E("2023-05-05", 200, ShareEntryKind.Allotment), E("2024-05-05", 100) };
        var (shares, pence) = Holdings.CessationOf(Holdings.Of(entries));
        entries.Add(new ShareEntry
        {
            Kind = ShareEntryKind.Cessation,
            Shares = shares,
            AmountPence = pence,
            EffectiveOn = new DateOnly(2025, 3, 1),
            CessationReason = CessationReason.Death,
            RecordedBy = "test",
            Reason = "test"
        });
        Assert.Equal(new Holdings.Holding(300, 30_000), Holdings.Of(entries, new DateOnly(2025, 2, 28)));
        Assert.Equal(Holdings.Holding.None, Holdings.Of(entries, new DateOnly(2025, 3, 1)));
        Assert.Equal(Holdings.Holding.None, Holdings.Of(entries));
    }

    [Fact]
    public void A_member_is_a_member_from_admission_until_the_day_they_cease()
    {
        var m = M(1, "2024-01-10", "2025-03-01");
        Assert.False(m.IsMemberOn(new DateOnly(2024, 1, 9)));
        Assert.True(m.IsMemberOn(new DateOnly(2024, 1, 10)));
        Assert.True(m.IsMemberOn(new DateOnly(2025, 2, 28)));
        Assert.False(m.IsMemberOn(new DateOnly(2025, 3, 1)));
    }

    [Fact]
    public void One_member_one_vote_at_any_date_whatever_the_holding()
    {
        Member[] members = [M(3, "2025-01-01"), M(1, "2020-01-01"), M(2, "2020-01-01", "2024-06-30"), M(4, "2026-01-01")];
        var on2024 = Holdings.EntitledToVote(members, new DateOnly(2024, 6, 29));
        Assert.Equal([1, 2], on2024.Select(v => v.Number));
        Assert.All(on2024, v => Assert.Equal(1, v.Votes));
        var on2025 = Holdings.EntitledToVote(members, new DateOnly(2025, 6, 1));
        Assert.Equal([1, 3], on2025.Select(v => v.Number));
        Assert.Equal(3, Holdings.EntitledToVote(members, new DateOnly(2026, 1, 1)).Sum(v => v.Votes));
    }

    [Fact]
    public void Addresses_and_postcodes_are_tidied_and_required()
    {
        Assert.Equal("12 Mill Lane\nHebden Bridge", MemberDetails.CleanAddress("  12 Mill Lane \r\n\r\n Hebden Bridge "));
        Assert.Equal("HX7 8AB", MemberDetails.CleanPostcode(" hx7   8ab "));
        var problems = MemberDetails.ContactProblems("", " ", "not-an-email").Select(p => p.Field).ToList();
        Assert.Equal(["Address", "Postcode", "Email"], problems);
    }
}
