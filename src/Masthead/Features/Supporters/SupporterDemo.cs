using Masthead.Data;
using Masthead.Features.Donations;
using Masthead.Features.Publishing;

namespace Masthead.Features.Supporters;

/// <summary>
/// Demo schemes and supporters for a new Development database: joins and cancellations spread over the past
/// months, their payments recorded through the same recorder as real money. The sandbox's supporters can be
/// billed from the staff page; <c>reader@masthead.test</c> can sign in to see their own.
/// </summary>
public static class SupporterDemo
{
    public const string ReaderEmail = "reader@masthead.test";

    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<MastheadDb>();
        var clock = services.GetRequiredService<PaperClock>();
        var recorder = services.GetRequiredService<DonationRecorder>();
        SupporterScheme[] schemes =
        [
            new() { Name = "Reader", Description = "The price of a few copies a month, every month.", MonthlyPence = 500, Position = 1 },
            new() { Name = "Sustainer", Description = "Pays for a day of a reporter on the road each year.", MonthlyPence = 1_500, Position = 2 },
            new() { Name = "Solidarity", Description = "You choose the amount, from £3 a month.", MonthlyPence = 300, OpenAmount = true, Position = 3 },
            new() { Name = "Archive friend", Description = "Keeps the paper's archive open to all; not part of the fighting fund.", MonthlyPence = 1_000,
                CountsTowardFund = false, Position = 4 },
        ];
        db.SupporterSchemes.AddRange(schemes);
        await db.SaveChangesAsync(ct);

        var today = clock.Today();
        (string Name, string Email, int Scheme, long Pence, int MonthsAgo, int? CancelledMonthsAgo, SupporterState State, bool StandingOrder)[] people =
        [
            ("Nadia Rahman", ReaderEmail, 1, 1_500, 9, null, SupporterState.Active, false),
            ("Owen Price", "owen.price@example.org", 0, 500, 11, null, SupporterState.Active, true),
            ("Grace Mensah", "grace.m@example.org", 2, 2_000, 7, null, SupporterState.Active, false),
            ("Liam Doherty", "liam.doherty@example.org", 0, 500, 6, 2, SupporterState.Cancelled, false),
            ("Priya Nair", "priya.nair@example.org", 2, 800, 4, null, SupporterState.PastDue, false),
            ("Fife Trades Council", "secretary@fifetrades.example.org", 1, 1_500, 3, null, SupporterState.Active, true),
            ("Hannah Weiss", "hannah.w@example.org", 3, 1_000, 2, null, SupporterState.Active, false),
            ("Kwame Boateng", "kwame.b@example.org", 0, 500, 1, 0, SupporterState.Cancelled, false),
            ("Eilidh Ross", "eilidh.ross@example.org", 2, 300, 0, null, SupporterState.Active, false),
        ];
        var n = 0;
        foreach (var p in people)
        {
            n++;
            var scheme = schemes[p.Scheme];
            var joinedDay = Clamp(today.AddMonths(-p.MonthsAgo).AddDays(-n), today);
            var joined = clock.LocalToUtc(joinedDay.ToDateTime(new TimeOnly(10, n)));
            DateTime? cancelled = p.CancelledMonthsAgo is { } c ? clock.LocalToUtc(Clamp(today.AddMonths(-c).AddDays(-1), today).ToDateTime(new TimeOnly(16, 0))) : null;
            var supporter = new Supporter
            {
                Key = Guid.NewGuid(),
                SchemeId = scheme.Id,
                Name = p.Name,
                Email = p.Email,
                MonthlyPence = p.Pence,
                Currency = "GBP",
                Method = p.StandingOrder ? PaymentMethod.StandingOrder : PaymentMethod.Card,
                State = p.State,
                StateAt = cancelled ?? joined,
                CreatedAt = joined,
                JoinedAt = joined,
                CancelledAt = cancelled,
                Provider = p.StandingOrder ? Supporter.OfflineProvider : Supporter.SandboxProvider,
                RecordedBy = "demo",
                SubscriptionId = p.StandingOrder ? null : $"sub_sandbox_demo{n}",
                CustomerId = p.StandingOrder ? null : $"cus_sandbox_demo{n}",
                CheckoutSessionId = p.StandingOrder ? null : $"cs_sandbox_demo{n}",
                Reference = p.StandingOrder ? $"SO-DEMO-{n:000}" : null,
            };
            db.Supporters.Add(supporter);
            await db.SaveChangesAsync(ct);

            // One payment a month from joining until cancelling (a past-due supporter's last one failed).
            var last = cancelled is { } end ? clock.DateOf(end) : today;
            var month = 0;
            for (var day = joinedDay; day <= last; day = joinedDay.AddMonths(++month))
            {
                if (p.State == SupporterState.PastDue && day.AddMonths(1) > last) break;
                var at = clock.LocalToUtc(day.ToDateTime(new TimeOnly(6, 30)));
                if (at > clock.UtcNow) break;
                await recorder.RecordAsync(new DonationRecorder.Money($"demo:supporter:{n}:{month}", EntryKind.SupporterPayment, supporter.Method,
                    p.Pence, "GBP", at, DonorName: p.Name, Reference: p.StandingOrder ? supporter.Reference : $"in_sandbox_demo{n}_{month}",
                    Note: $"{scheme.Name}, monthly", FundDate: day, CountsTowardFund: scheme.CountsTowardFund, SupporterId: supporter.Id), "demo", ct);
            }
        }
    }

    private static DateOnly Clamp(DateOnly day, DateOnly today) => day > today ? today : day;
}
