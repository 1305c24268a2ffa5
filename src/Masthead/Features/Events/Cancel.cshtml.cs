using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Masthead.Features.Events;

/// <summary>
/// Where a cancellation link leads. Opening the link only asks; the button cancels, so a mail program that
/// fetches links to check them cancels nobody's place.
/// </summary>
[EnableRateLimiting(EventsFeature.FormRateLimit)]
public sealed class CancelModel(EventRegistrations registrations, Masthead.Kernel.PaperClock clock) : PageModel
{
    public Registration? Registration { get; private set; }
    public string? Message { get; private set; }
    public bool Done { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        Registration = await registrations.FindByTokenAsync(Token, ct);
        if (Registration is null || Registration.Event.Slug != slug) return Invalid();
        if (Registration.Status == RegistrationStatus.Cancelled)
        {
            Message = "This registration is already cancelled.";
            Done = true;
        }
        else if (Registration.Event.StateAt(clock.UtcNow) != EventState.Upcoming)
        {
            Message = "The event has already started, so there is nothing to cancel.";
            Done = true;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken ct)
    {
        Registration = await registrations.FindByTokenAsync(Token, ct);
        if (Registration is null || Registration.Event.Slug != slug) return Invalid();
        var outcome = await registrations.CancelAsync(Token, ct);
        Done = true;
        (Message, var status) = outcome switch
        {
            EventRegistrations.CancelOutcome.Cancelled => (Registration.Status == RegistrationStatus.Waiting
                ? "You have left the waiting list. Thank you for letting us know."
                : "Your place is cancelled and will go to the next person waiting. Thank you for letting us know.", StatusCodes.Status200OK),
            EventRegistrations.CancelOutcome.AlreadyCancelled => ("This registration is already cancelled.", StatusCodes.Status200OK),
            EventRegistrations.CancelOutcome.TooLate => ("The event has already started, so there is nothing to cancel.", StatusCodes.Status409Conflict),
            _ => ("This cancellation link is not valid.", StatusCodes.Status404NotFound),
        };
        Response.StatusCode = status;
        return Page();
    }

    private PageResult Invalid()
    {
        Registration = null;
        Done = true;
        Message = "This cancellation link is not valid. Please use the link in your confirmation email exactly as it was sent.";
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
