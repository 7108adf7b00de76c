namespace Delegations.Web.Infrastructure;

/// <summary>
/// The application's one clock. It is the system clock, except inside <see cref="At"/>, which the demo data uses
/// to record its seed delegations at the moments they happened (2024–2025), so their journals read true.
/// Tests replace the whole <see cref="TimeProvider"/> with a fake one instead.
/// </summary>
public sealed class AppClock(TimeProvider inner) : TimeProvider
{
    private static readonly AsyncLocal<DateTimeOffset?> Override = new();

    public override DateTimeOffset GetUtcNow() => Override.Value ?? inner.GetUtcNow();

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    /// <summary>Runs the rest of the current async flow at <paramref name="moment"/> until disposed.</summary>
    public static IDisposable At(DateTimeOffset moment)
    {
        var previous = Override.Value;
        Override.Value = moment;
        return new Restore(previous);
    }

    private sealed class Restore(DateTimeOffset? previous) : IDisposable
    {
        public void Dispose() => Override.Value = previous;
    }
}
