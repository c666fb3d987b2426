using Agora.Connectivity.Internal;
using Agora.Connectivity.Internal.Dispatch;
using Agora.Connectivity.Internal.Presence;
using Microsoft.Extensions.Logging;

namespace Agora.Connectivity.Rtm;

/// <summary>
/// One client's view of the other members of an RTM channel (doc 003): a member whose client is
/// silent for the presence timeout (30 s) raises <see cref="MemberLeft"/>; one back after that raises
/// <see cref="MemberJoined"/>; one back before raises nothing.
/// </summary>
/// <remarks>
/// <para><see cref="ReportMemberActivity"/> is the per-packet path: for a present member it only stamps the
/// time, without a lock, an allocation or a timer. All members share one timer.</para>
/// <para>The shipped RTM 1.x SDKs stop raising <c>MemberJoined</c> and <c>MemberLeft</c> once a channel has more than 512 members
/// (<c>agora-rtm-sdk</c> 1.5.1 <c>index.d.ts</c>, l. 432 and 452: "disabled when the number of the channel members exceeds 512"); an app
/// that relies on them in a larger channel hears nothing then and must poll the member count instead. The tracker does not
/// model that limit: it raises the events of every member it is told about, as a channel of at most 512 members would.</para>
/// </remarks>
public sealed class RtmMemberTracker : IConnectivityEventSource, IDisposable, IDispatchingSource, IPresenceObserver<string>
{
    /// <summary>How many members a channel may have before RTM 1.x stops raising member events (agora-rtm-sdk 1.5.1 index.d.ts).</summary>
    internal const int MemberEventsLimit = 512;

    private const string SourceName = nameof(RtmMemberTracker);

    private readonly PresenceMonitor<string> _monitor;

    /// <summary>Initializes a new instance of the <see cref="RtmMemberTracker"/> class, with no members.</summary>
    /// <param name="options">The presence timeout; 30 s when <see langword="null"/>. The tracker keeps a copy.</param>
    /// <param name="timeProvider">The clock and timer; <see cref="SystemTimeProvider.Instance"/> when <see langword="null"/>.</param>
    /// <param name="logger">Where presence changes are logged; nowhere when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are not valid; the message names each bad property and its value.</exception>
    public RtmMemberTracker(RtmMemberTrackerOptions? options = null, ITimeProvider? timeProvider = null, ILogger<RtmMemberTracker>? logger = null)
        : this(options, timeProvider, logger, following: false)
    {
    }

    /// <summary>Initializes a tracker that, <paramref name="following"/> an SDK, has no presence timeout: only the SDK's joins and leaves move its members.</summary>
    internal RtmMemberTracker(RtmMemberTrackerOptions? options, ITimeProvider? timeProvider, ILogger<RtmMemberTracker>? logger, bool following)
    {
        var copy = (options ?? new RtmMemberTrackerOptions()).Clone();
        OptionsValidation.ThrowIfInvalid(copy.Validate(), nameof(RtmMemberTrackerOptions), nameof(options));
        PresenceTimeout = copy.PresenceTimeout;
        _monitor = new PresenceMonitor<string>(this, timeProvider, following ? [] : [copy.PresenceTimeout], SourceName, logger, copy.EventContext);
    }

    /// <summary>Initializes a new instance of the <see cref="RtmMemberTracker"/> class on a <see cref="System.TimeProvider"/>, with the default options.</summary>
    /// <param name="timeProvider">
    /// The clock and timers: <see cref="System.TimeProvider.System"/>, Microsoft's <c>FakeTimeProvider</c>, the library's
    /// <c>Agora.Connectivity.Testing.FakeTimeProvider</c> or any other; <see cref="SystemTimeProvider.Instance"/> when <see langword="null"/>.
    /// </param>
    /// <remarks>
    /// The <see cref="System.TimeProvider"/> constructors are chosen over the <see cref="ITimeProvider"/> one only where that one does not apply
    /// or needs more default arguments, on every C# version; for a provider that is both (the library's fake) the two mean the same.
    /// </remarks>
    public RtmMemberTracker(TimeProvider? timeProvider)
        : this(null, Clocks.From(timeProvider))
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RtmMemberTracker"/> class on a <see cref="System.TimeProvider"/>.</summary>
    /// <param name="options">The presence timeout; 30 s when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock and timers; <see cref="SystemTimeProvider.Instance"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are not valid; the message names each bad property and its value.</exception>
    public RtmMemberTracker(RtmMemberTrackerOptions? options, TimeProvider? timeProvider)
        : this(options, Clocks.From(timeProvider))
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RtmMemberTracker"/> class on a <see cref="System.TimeProvider"/>, with a logger of any category.</summary>
    /// <param name="options">The presence timeout; 30 s when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock and timers; <see cref="SystemTimeProvider.Instance"/> when <see langword="null"/>.</param>
    /// <param name="logger">Where the changes are logged; nowhere when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are not valid; the message names each bad property and its value.</exception>
    public RtmMemberTracker(RtmMemberTrackerOptions? options, TimeProvider? timeProvider, ILogger? logger)
        : this(options, Clocks.From(timeProvider), TypedLogger<RtmMemberTracker>.From(logger))
    {
    }

    /// <inheritdoc/>
    EventDispatcher IDispatchingSource.Dispatcher => _monitor.Dispatcher;

    /// <inheritdoc/>
    public event EventHandler<ConnectivityEvent>? EventRaised
    {
        add => _monitor.Dispatcher.Subscribe(value);
        remove => _monitor.Dispatcher.Unsubscribe(value);
    }

    /// <summary>Gets how long a member may be silent before it is reported gone.</summary>
    public TimeSpan PresenceTimeout { get; }

    /// <summary>Gets the members currently present, in ordinal order.</summary>
    public IReadOnlyList<string> Members => _monitor.Present().OrderBy(id => id, StringComparer.Ordinal).ToList();

    /// <summary>Reports that <paramref name="userId"/> joined the channel: <see cref="MemberJoined"/> unless already present.</summary>
    /// <param name="userId">The member's user ID.</param>
    /// <exception cref="ArgumentNullException"><paramref name="userId"/> is <see langword="null"/>.</exception>
    public void ReportMemberJoined(string userId) => _monitor.ReportJoined(Guard.NotNull(userId));

    /// <summary>Reports data from <paramref name="userId"/>'s client; an unknown member counts as joined.</summary>
    /// <param name="userId">The member's user ID.</param>
    /// <exception cref="ArgumentNullException"><paramref name="userId"/> is <see langword="null"/>.</exception>
    public void ReportMemberActivity(string userId) => _monitor.ReportActivity(Guard.NotNull(userId));

    /// <summary>Reports that <paramref name="userId"/> left the channel (logged out): <see cref="MemberLeft"/> at once.</summary>
    /// <param name="userId">The member's user ID.</param>
    /// <exception cref="ArgumentNullException"><paramref name="userId"/> is <see langword="null"/>.</exception>
    public void ReportMemberLeft(string userId) => _monitor.ReportLeft(Guard.NotNull(userId));

    /// <summary>Stops the tracker: its timer is disposed and no event is raised after this returns.</summary>
    public void Dispose() => _monitor.Dispose();

    void IPresenceObserver<string>.Joined_NeedsLock(string key, DateTimeOffset now)
        => _monitor.Raise_NeedsLock(new MemberJoined(key) { Timestamp = now });

    void IPresenceObserver<string>.SilenceStageReached_NeedsLock(string key, int stage, DateTimeOffset now)
        => _monitor.Raise_NeedsLock(new MemberLeft(key) { Timestamp = now });

    void IPresenceObserver<string>.Left_NeedsLock(string key, bool alreadySilent, int how, DateTimeOffset now)
        => _monitor.Raise_NeedsLock(new MemberLeft(key) { Timestamp = now });
}
