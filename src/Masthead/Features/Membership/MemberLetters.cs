using Masthead.Features.FightingFund;
using Masthead.Features.Publishing;
using Masthead.Infrastructure;
using Masthead.Infrastructure.Email;
using Microsoft.Extensions.Options;

namespace Masthead.Features.Membership;

/// <summary>The emails the society sends applicants and members, queued in the outbox with what caused them.</summary>
public sealed class MemberLetters(IOptions<MembershipOptions> options, IOptions<PaperOptions> paper, PaperClock clock)
{
    public OutboxEmail Admitted(Member member, long shares, long pence)
    {
        var society = options.Value.SocietyName;
        return Letter($"membership:admitted:{member.Id}", member.Email!, member.Name,
            $"Welcome to {society}: member number {member.Number}",
            $"""
            Dear {member.Name},

            The committee of {society} has approved your application. You are now a member, entered in the
            register of members on {member.AdmittedOn:d MMMM yyyy}.

            Member number: {member.Number}
            Shares allotted: {shares:N0}, paid up in full ({Money.Pence(pence)})

            As a member you have one vote at general meetings, whatever the number of shares you hold.
            You can see your entry in the register, change your address and nominate someone to receive your
            shares on death by signing in at {SiteUrls.Absolute(paper.Value, "/my/membership")} with this email address.

            In solidarity,
            The secretary, {society}
            """);
    }

    public OutboxEmail Refused(ShareApplication application, string? refund)
    {
        var society = options.Value.SocietyName;
        return Letter($"membership:refused:{application.Id}", application.Email, application.Name,
            $"Your application to {society}",
            $"""
            Dear {application.Name},

            We are sorry: the committee of {society} could not approve your application {application.Reference}
            for {application.Shares:N0} shares.
            {(refund is null ? "" : $"\n{refund}\n")}
            In solidarity,
            The secretary, {society}
            """);
    }

    private OutboxEmail Letter(string key, string to, string name, string subject, string text) => new()
    {
        Key = key,
        ToAddress = to,
        ToName = name,
        Subject = subject,
        TextBody = text,
        CreatedAt = clock.UtcNow,
        NextAttemptAt = clock.UtcNow,
    };
}
