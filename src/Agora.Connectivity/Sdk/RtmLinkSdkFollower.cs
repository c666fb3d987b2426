using Agora.Connectivity.Internal;
using Agora.Connectivity.Internal.Dispatch;
using Agora.Connectivity.Rtm2;
using Microsoft.Extensions.Logging;

namespace Agora.Connectivity.Sdk;

/// <summary>
/// Follows the RTM 2.x SDK an app runs: the app's event handler forwards <c>OnLinkStateEvent</c> (<see cref="IRtmLinkEvents"/>), and
/// <see cref="Link"/>, following, tells the events, health, metrics and traces of the modelled link, with a <see cref="SdkDeviation"/>
/// wherever the SDK departs from what the shipped SDK does (docs/rtm2.md).
/// </summary>
/// <remarks>
/// Every call returns at once and never throws into the SDK's thread: a value the SDK does not define is a deviation, a repeat raises
/// nothing, a gap is followed. The reported <c>previousState</c> is checked against the link's own: a report whose previous state is
/// not the link's is a deviation (a dropped callback), and the report is still followed. The server's presence timeout has no SDK
/// callback: a follower raises no <see cref="RtmLinkPresenceTimedOut"/>. See <c>docs/following.md</c>.
/// </remarks>
public sealed class RtmLinkSdkFollower : IRtmLinkEvents, IConnectivityEventSource, IDisposable, IDispatchingSource
{
    private readonly ILogger _logger;
    private readonly bool _owns;

    /// <summary>Initializes a new instance of the <see cref="RtmLinkSdkFollower"/> class, with a following link of its own.</summary>
    /// <param name="options">The link's options; the defaults when <see langword="null"/>. <see cref="RtmLinkOptions.FollowSdk"/> is set on the follower's copy.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="logger">Where the link and the follower log; nowhere but errors to <c>System.Diagnostics.Trace</c> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are not valid; the message names each bad property and its value.</exception>
    public RtmLinkSdkFollower(RtmLinkOptions? options, TimeProvider? timeProvider, ILogger? logger)
    {
        var link = (options ?? new RtmLinkOptions()).Clone();
        link.FollowSdk = true;
        Link = new RtmLinkStateMachine(link, Clocks.From(timeProvider), TypedLogger<RtmLinkStateMachine>.From(logger), null);
        (_logger, _owns) = (logger ?? TraceFallbackLogger.Instance, true);
    }

    /// <summary>Initializes a new instance of the <see cref="RtmLinkSdkFollower"/> class over a link that follows already (a host's named link).</summary>
    internal RtmLinkSdkFollower(RtmLinkStateMachine link, ILogger? logger)
    {
        if (!link.FollowsSdk)
        {
            throw new ArgumentException("The link must follow the SDK (FollowSdk = true).", nameof(link));
        }

        (Link, _logger) = (link, logger ?? TraceFallbackLogger.Instance);
    }

    /// <inheritdoc/>
    /// <remarks>The follower's event stream (<c>ReadEventsAsync</c>) ends when its link is disposed.</remarks>
    EventDispatcher IDispatchingSource.Dispatcher => ((IDispatchingSource)Link).Dispatcher;

    /// <inheritdoc/>
    public event EventHandler<ConnectivityEvent>? EventRaised
    {
        add => Link.EventRaised += value;
        remove => Link.EventRaised -= value;
    }

    /// <summary>Gets the link, following the SDK.</summary>
    public RtmLinkStateMachine Link { get; }

    /// <inheritdoc/>
    public void OnLinkStateEvent(int previousState, int currentState, int operation, int reason, int serviceType)
        => Forwarding.Safely(_logger, nameof(RtmLinkSdkFollower), (Follower: this, Values: (previousState, currentState, operation, reason, serviceType)), static s =>
        {
            var (previous, current, operation, reason, service) = s.Values;
            var link = s.Follower.Link;
            var call = new SdkCall(nameof(OnLinkStateEvent), SdkCallKind.LinkState, previous, current, operation, reason, service);
            var undefined = !Counted<RtmLinkState>(previous) ? "an RTM_LINK_STATE previousState (0-5)"
                : !Counted<RtmLinkState>(current) ? "an RTM_LINK_STATE currentState (0-5)"
                : !Counted<RtmLinkOperation>(operation) ? "an RTM_LINK_OPERATION (0-9)"
                : !Counted<RtmLinkStateChangeReason>(reason) ? "an RTM_LINK_STATE_CHANGE_REASON (0-37)"
                : service is < 0 or > 3 ? "an RTM_SERVICE_TYPE (0-3)"
                : null;
            if (undefined is not null)
            {
                link.Runtime.Deviation("Value", undefined, call.ToString());
                return;
            }

            link.Follow((RtmLinkState)previous, (RtmLinkState)current, (RtmLinkOperation)operation, (RtmLinkStateChangeReason)reason, call);
        });

    /// <summary>Stops following: the link the follower made is disposed; later calls do nothing.</summary>
    /// <remarks>A follower over a host's named link leaves the link to the host.</remarks>
    public void Dispose()
    {
        if (_owns)
        {
            Link.Dispose();
        }
    }

    // These enums run from 0 without a gap (RtmLinkSdkFollowerTests checks it): a value is defined when it is below their count.
    private static bool Counted<TEnum>(int value)
        where TEnum : struct, Enum
        => value >= 0 && value < EnumValues<TEnum>.All.Length;
}
