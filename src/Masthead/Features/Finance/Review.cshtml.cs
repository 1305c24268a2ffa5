using Masthead.Data;
using Masthead.Features.Donations;
using Masthead.Features.FightingFund;
using Masthead.Features.Membership;
using Masthead.Features.Publishing;
using Masthead.Features.Supporters;
using Masthead.Infrastructure;
using Masthead.Infrastructure.Payments;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using static Masthead.Infrastructure.Payments.StripeObjects;

namespace Masthead.Features.Finance;

/// <summary>
/// Payment events Masthead did not count, with the reason: money it did not ask for (a Payment Link, a shop, an amount
/// or currency that does not match what the donor chose), events about payments it does not know. Finance accepts a
/// paid checkout into the fund (in pounds, as it reached the bank) or dismisses the event; either way the event stays,
/// with who decided and why.
/// </summary>
public sealed class ReviewModel(MastheadDb db, DonationRecorder recorder, FundLive live, PaperClock clock, IOptions<FundOptions> fund) : PageModel
{
    public sealed record Item(WebhookEvent Event, CheckoutSession? Checkout)
    {
        /// <summary>
        /// A paid checkout can become a gift; other events can only be dismissed. A supporter's or a share checkout
        /// is not a gift: it is dismissed here and put right where it belongs (the supporter's or member's record).
        /// </summary>
        public bool CanAccept => Checkout is { Id: not null, Paid: true } && Checkout.Purpose is not (SupporterEvents.Purpose or ShareCheckout.Purpose);

        public bool InPounds => string.Equals(Checkout?.Currency, "gbp", StringComparison.OrdinalIgnoreCase);

        /// <summary>The amount to offer: what was paid, when it was paid in pounds and is a plausible gift.</summary>
        public string? SuggestedPounds => InPounds && Checkout!.AmountTotal is > 0 and <= RecordModel.MaxPence
            ? Amounts.Format(Checkout.AmountTotal.Value) : null;
    }

    public List<Item> Items { get; private set; } = [];

    /// <summary>After a refused accept: which event, and the amount as it was typed (shown again, not the suggestion).</summary>
    public (string EventId, string? Amount)? Typed { get; private set; }

    /// <summary>What an event is, in Finance's words.</summary>
    public static string Describe(string type) => type switch
    {
        "checkout.session.completed" or "checkout.session.async_payment_succeeded" => "A payment at checkout",
        "invoice.paid" => "A monthly payment",
        "invoice.payment_failed" => "A failed monthly payment",
        "customer.subscription.updated" => "A change to a monthly payment",
        "customer.subscription.deleted" => "A monthly payment ended",
        "charge.refunded" => "A refund",
        "charge.dispute.created" => "A disputed payment",
        _ => "An event from the payment provider",
    };

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAcceptAsync([FromForm] string? id, [FromForm] string? amount, [FromForm] string? reason,
        [FromForm] bool receipt, CancellationToken ct)
    {
        if (await EventAsync(id, ct) is not { } e) return NotFound();
        if (Settled(e) is { } settled) return settled;
        Typed = (e.Id, amount);
        var session = ReadCheckout(e);
        var item = new Item(e, session);
        if (session is null || !item.CanAccept)
            return await Problem(e, "Only a paid checkout for a gift can be accepted into the fund; dismiss this event instead.", ct);
        if (!Amounts.TryParsePence(amount, out var pence) || pence <= 0)
            return await Problem(e, "Enter the amount that reached the paper's account, in pounds, like 35 or 12.50.", ct);
        if (pence > RecordModel.MaxPence)
            return await Problem(e, $"Amounts over {Money.Pence(RecordModel.MaxPence)} can't be accepted here.", ct);
        if ((reason?.Length ?? 0) > PeriodModel.ReasonMax) return await Problem(e, "A reason is at most 1,000 characters.", ct);

        var by = User.Identity!.Name!;
        var paid = PaymentEventRecorder.Amount(session.AmountTotal, session.Currency);
        using var gate = await WriteGate.EnterAsync(db, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var (result, gift) = await recorder.RecordAsync(new DonationRecorder.Money(
            $"stripe:checkout:{session.Id}", EntryKind.Donation, PaymentMethod.Card, pence, fund.Value.Currency,
            Arrived(e), DonorName: session.Name, DonorEmail: session.Email, Reference: session.PaymentIntentId ?? session.Id,
            Note: item.InPounds ? null : $"Paid {paid}",
            Reason: string.IsNullOrWhiteSpace(reason) ? "Accepted from the review queue" : $"Accepted from the review queue: {reason.Trim()}",
            SendReceipt: receipt), by, ct);
        if (result == DonationRecorder.Result.AlreadyRecorded)
            return await Problem(e, $"Checkout {session.Id} is already in the ledger, as entry {gift.Id}.", ct);
        await SettleAsync(e, $"Accepted into the fund as entry {gift.Id} ({Money.Pence(pence)})", reason, by, "Accepted payment event", ct);
        await transaction.CommitAsync(ct);
        gate.Dispose();
        await live.ChangedAsync(ct);
        TempData["Notice"] = $"Recorded {Money.Pence(pence)} from checkout {session.Id} as entry {gift.Id}.";
        return Redirect("/finance/review");
    }

    public async Task<IActionResult> OnPostAsync([FromForm] string? id, [FromForm] string? reason, CancellationToken ct)
    {
        if (await EventAsync(id, ct) is not { } e) return NotFound();
        if (Settled(e) is { } settled) return settled;
        if ((reason?.Length ?? 0) > PeriodModel.ReasonMax) return await Problem(e, "A reason is at most 1,000 characters.", ct);
        await SettleAsync(e, "Dismissed", reason, User.Identity!.Name!, "Dismissed payment event", ct);
        TempData["Notice"] = $"Dismissed event {e.Id}: nothing was recorded.";
        return Redirect("/finance/review");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var events = await db.WebhookEvents.AsNoTracking().Where(e => e.Outcome == WebhookOutcome.NeedsReview)
            .OrderByDescending(e => e.ReceivedAt).Take(500).ToListAsync(ct);
        Items = events.ConvertAll(e => new Item(e, ReadCheckout(e)));
    }

    private Task<WebhookEvent?> EventAsync(string? id, CancellationToken ct) =>
        id is null ? Task.FromResult<WebhookEvent?>(null) : db.WebhookEvents.FirstOrDefaultAsync(x => x.Id == id, ct);

    private IActionResult? Settled(WebhookEvent e)
    {
        if (e.Outcome == WebhookOutcome.NeedsReview) return null;
        TempData["Notice"] = $"Event {e.Id} was already dealt with ({e.Outcome}).";
        return Redirect("/finance/review");
    }

    private async Task<IActionResult> Problem(WebhookEvent e, string message, CancellationToken ct)
    {
        ModelState.AddModelError(e.Id, message);
        await LoadAsync(ct);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private static CheckoutSession? ReadCheckout(WebhookEvent e) =>
        e.Type is "checkout.session.completed" or "checkout.session.async_payment_succeeded"
        && PaymentEvent.Read(e.Payload, out _) is { } read && read.Object.ValueKind == System.Text.Json.JsonValueKind.Object
            ? CheckoutSession.From(read.Object) : null;

    private static DateTime Arrived(WebhookEvent e) =>
        PaymentEvent.Read(e.Payload, out _) is { } read ? read.CreatedUtc(new DateTimeOffset(e.ReceivedAt, TimeSpan.Zero)) : e.ReceivedAt;

    /// <summary>Closes the event with who decided what and why, and audits the decision — in the caller's transaction, if any.</summary>
    private async Task SettleAsync(WebhookEvent e, string decision, string? reason, string by, string action, CancellationToken ct)
    {
        var stamp = $"{decision} by {by} on {clock.ToLocal(clock.UtcNow):d MMM yyyy HH:mm}" + (string.IsNullOrWhiteSpace(reason) ? "." : $": {reason.Trim()}");
        e.Note = ExternalText.Normalise(string.IsNullOrWhiteSpace(e.Note) ? stamp : $"{e.Note} {stamp}", PaymentEventRecorder.NoteMax);
        e.Outcome = WebhookOutcome.Resolved;
        db.MoneyAudit.Add(new MoneyAudit
        {
            At = clock.UtcNow,
            By = by,
            Action = action,
            Reason = ExternalText.Normalise(reason, PaymentEventRecorder.NoteMax),
            Details = ExternalText.Normalise($"{e.Type} {e.Id}" + (e.PaymentKey is null ? "" : $" about {e.PaymentKey}") + $": {decision}", 2000)!,
        });
        await db.SaveChangesAsync(ct);
    }
}
