using Masthead.Features.Publishing;

namespace Masthead.Features.Events;

/// <summary>The demo paper's events: one coming up, one that has happened and has its recording. Demo articles feature each.</summary>
public static class DemoEvents
{
    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        var clock = services.GetRequiredService<PaperClock>();
        var registrations = services.GetRequiredService<EventRegistrations>();
        var today = clock.Today();

        var assemblyStart = clock.LocalToUtc(today.AddDays(10).ToDateTime(new TimeOnly(19, 0)));
        await registrations.SaveEventAsync(null, new EventRegistrations.EventFields(
            "peoples-assembly-on-housing", "People's assembly on housing: who owns the city?",
            """
            Renters, housing co-operatives and councillors come together for an evening of testimony and planning.

            - **Tenants facing eviction** tell their own stories.
            - **Two housing co-operatives** explain how they bought their buildings and run them together.
            - **Councillors** opposing estate sell-offs answer questions from the floor.

            The assembly closes by agreeing demands for local branches to take to their councils. Step-free access;
            a quiet room is available. Can't be there? Watch the stream.
            """,
            "Friends Meeting House, 6 Mount Street, Manchester", "https://stream.example/housing-assembly", null, 150,
            assemblyStart, assemblyStart.AddHours(2).AddMinutes(30)), ct);

        var schoolStart = clock.LocalToUtc(today.AddDays(-12).ToDateTime(new TimeOnly(18, 30)));
        await registrations.SaveEventAsync(null, new EventRegistrations.EventFields(
            "strike-school-gig-economy", "Strike school: organising in the gig economy",
            """
            An online session for couriers, drivers and warehouse workers, led by organisers who won union
            recognition at two delivery firms. How to start from a group chat, keep people safe from
            retaliation, and bargain with a company that hides behind an app.
            """,
            null, "https://stream.example/strike-school", "https://video.example/strike-school-recording", null,
            schoolStart, schoolStart.AddHours(2)), ct);
    }
}
