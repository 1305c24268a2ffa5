using Microsoft.Extensions.Options;

namespace Masthead.Kernel;

/// <summary>The paper's calendar: instants are stored in UTC and shown in the paper's own time zone.</summary>
public sealed class PaperClock(TimeProvider time, IOptions<PaperOptions> options)
{
    private readonly TimeZoneInfo _zone = options.Value.Zone;

    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;

    public DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), _zone);

    public DateTimeOffset ToLocalOffset(DateTime utc)
    {
        var local = ToLocal(utc);
        return new DateTimeOffset(local, _zone.GetUtcOffset(local));
    }

    /// <summary>A wall-clock time typed by an editor, read in the paper's zone.</summary>
    public DateTime LocalToUtc(DateTime local) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), _zone);

    public DateOnly Today() => DateOf(UtcNow);

    /// <summary>The paper's calendar date at an instant: 23:30 UTC on 31 July is already 1 August in London.</summary>
    public DateOnly DateOf(DateTime utc) => DateOnly.FromDateTime(ToLocal(utc));
}
