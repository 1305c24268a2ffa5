using Masthead.Data;
using Masthead.Features.Publishing;

namespace Masthead.Features.Campaigns;

/// <summary>The demo paper's open statement, with some confirmed signatures and a paper batch (Development only).</summary>
public static class StatementsDemo
{
    public const string Slug = "keep-our-buses-running";

    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<MastheadDb>();
        var clock = services.GetRequiredService<PaperClock>();
        var now = clock.UtcNow;
        const string text = """
            We, passengers, drivers and residents, ask the combined authority to withdraw the proposed evening timetable.

            Ending most estate routes at seven in the evening would cut off shift workers, students, carers and older
            people, and push the cost of getting home onto those least able to pay it.

            We ask you to:

            1. keep every current evening route running until at least eleven;
            2. meet the cost from the transport levy rather than from fares;
            3. consult passengers and drivers before any future change to the timetable.

            A bus network is a public service, not a luxury. Keep our buses running.
            """;
        var statement = new Statement
        {
            Slug = Slug,
            Title = "Keep our buses running after dark",
            Addressee = "To the members of the combined authority",
            Text = text,
            TextHtml = services.GetRequiredService<ArticleBody>().ToHtml(text),
            Target = 2_000,
            Status = StatementStatus.Open,
            CreatedAt = now.AddDays(-3),
            UpdatedAt = now.AddDays(-3),
            OpenedAt = now.AddDays(-3),
        };
        db.Statements.Add(statement);
        await db.SaveChangesAsync(ct);

        (string Name, string? Town, string? Organisation, ShowWith With, bool Public)[] people =
        [
            ("Margaret Ellis", "Bradford", "Northside Pensioners' Forum", ShowWith.Organisation, true),
            ("Dev Sharma", "Leeds", null, ShowWith.Town, true),
            ("Kath O'Neill", "Wakefield", "Unite, bus branch", ShowWith.Organisation, true),
            ("Jamal Hussein", "Huddersfield", null, ShowWith.Town, true),
            ("Chloe Barker", "Leeds", "Fernbank Tenants' Association", ShowWith.Organisation, true),
            ("Peter Lowe", "Halifax", null, ShowWith.NameOnly, true),
            ("Anonymous signer", "Leeds", null, ShowWith.Town, false),
            ("Grace Mensah", "Bradford", null, ShowWith.Town, true),
            ("Owen Price", "Dewsbury", null, ShowWith.Town, false),
        ];
        var n = 0;
        foreach (var p in people)
        {
            n++;
            var email = $"signer{n}@example.org";
            db.Signatures.Add(new Signature
            {
                StatementId = statement.Id,
                Name = p.Name,
                Email = email,
                EmailKey = email,
                Town = p.Town,
                Organisation = p.Organisation,
                Country = "United Kingdom",
                ShowPublicly = p.Public,
                ShowWith = p.With,
                MayContact = n % 2 == 0,
                TokenHash = Signature.NewToken().Hash,
                CreatedAt = now.AddHours(-60 + 6 * n),
                ConfirmedAt = now.AddHours(-59 + 6 * n),
            });
        }
        // One still waiting for its link to be followed: it does not count.
        db.Signatures.Add(new Signature
        {
            StatementId = statement.Id,
            Name = "Sam Waiting",
            Email = "waiting@example.org",
            EmailKey = "waiting@example.org",
            TokenHash = Signature.NewToken().Hash,
            CreatedAt = now.AddHours(-1),
        });
        db.PaperBatches.Add(new PaperBatch { StatementId = statement.Id, Count = 80, Note = "Depot gate meeting, Saturday", AddedBy = DemoContent.StaffEmail, AddedAt = now.AddDays(-1) });
        await db.SaveChangesAsync(ct);
        // The signatures' count is kept by the database; the paper count is added as the desk adds it.
        statement.PaperCount = 80;
        statement.Revision++;
        await db.SaveChangesAsync(ct);
    }
}
