using Agora.Connectivity.Rtm2;
using Agora.Connectivity.Testing;

namespace Agora.Connectivity.Tests.Rtm2;

/// <summary>A link machine on fake time with every event it raised, each as one line stamped in seconds from the clock's start.</summary>
public sealed class LinkTimeline : IDisposable
{
    private readonly List<string> _lines = [];

    public LinkTimeline(RtmLinkOptions? options = null)
    {
        Machine = new RtmLinkStateMachine(options, Time);
        Machine.EventRaised += (_, e) =>
        {
            lock (_lines)
            {
                _lines.Add(Line(e, Time.Start));
            }
        };
    }

    public FakeTimeProvider Time { get; } = new();

    public RtmLinkStateMachine Machine { get; }

    /// <summary>One event as a line: <c>9 Connected→Disconnected HeartbeatLost/KeepAliveTimeout</c>.</summary>
    public static string Line(ConnectivityEvent e, DateTimeOffset start)
    {
        var at = (e.Timestamp - start).TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return e switch
        {
            RtmLinkStateChanged c => $"{at} {c.PreviousState}→{c.State} {c.Operation}/{c.Reason}{(c.IsResumed ? " resumed" : string.Empty)}",
            _ => $"{at} {e.GetType().Name}",
        };
    }

    /// <summary>Returns the lines recorded since the last call, and forgets them.</summary>
    public IReadOnlyList<string> Take()
    {
        lock (_lines)
        {
            var taken = _lines.ToArray();
            _lines.Clear();
            return taken;
        }
    }

    /// <summary>Moves the clock to <paramref name="seconds"/> after its start, one second at a time, so every timer fires in its turn.</summary>
    public void RunTo(double seconds)
    {
        var target = Time.Start + TimeSpan.FromSeconds(seconds);
        while (Time.GetUtcNow() < target)
        {
            var step = target - Time.GetUtcNow();
            Time.Advance(step < TimeSpan.FromSeconds(1) ? step : TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>Logs in and connects at once: Connecting and Connected at the current instant.</summary>
    public Task Connect(DateTimeOffset? tokenExpiresAt = null)
    {
        var login = tokenExpiresAt is { } expiry ? Machine.LoginAsync(expiry) : Machine.LoginAsync();
        Machine.ReportLoginSuccess();
        return login;
    }

    public void Dispose() => Machine.Dispose();
}
