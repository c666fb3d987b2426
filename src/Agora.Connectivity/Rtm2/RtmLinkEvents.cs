namespace Agora.Connectivity.Rtm2;

/// <summary>
/// An RTM 2.x link changed state: the fields of the SDKs' link-state event (<c>agora-react-native-rtm</c> 2.2.6 <c>LinkStateEvent</c>,
/// raised through <c>onLinkStateEvent</c>; the Web SDK's <c>linkState</c> event, <c>agora-rtm-sdk</c> 2.3.0).
/// </summary>
/// <param name="PreviousState">The state before the change.</param>
/// <param name="State">The new state.</param>
/// <param name="Operation">What caused the change.</param>
/// <param name="Reason">Why the state changed: the event's reason code.</param>
/// <param name="ServiceType">The service the link serves; <see cref="RtmServiceType.Message"/> for the machine's link.</param>
public sealed record RtmLinkStateChanged(RtmLinkState PreviousState, RtmLinkState State, RtmLinkOperation Operation, RtmLinkStateChangeReason Reason, RtmServiceType ServiceType) : ConnectivityEvent
{
    /// <summary>
    /// Gets a value indicating whether a reconnect resumed the session before the link was suspended (the event's <c>isResumed</c>;
    /// <c>agora-rtm.js</c> passes <c>!this._suspended</c>): what the SDK restores after it, the app need not. <see langword="false"/>
    /// for every other change.
    /// </summary>
    public bool IsResumed { get; init; }
}

/// <summary>
/// The link has been down for <see cref="RtmLinkOptions.PresenceTimeout"/> since the server last heard from it: the server now tells the
/// channel's other users that this one timed out (their <c>REMOTE_TIMEOUT</c> presence event) and clears its temporary state. Raised
/// once per outage; the link state does not change.
/// </summary>
public sealed record RtmLinkPresenceTimedOut : ConnectivityEvent;

/// <summary>A login of an <see cref="RtmLinkStateMachine"/> ended without connecting; <see cref="Reason"/> is the reason code it failed with.</summary>
public sealed class RtmLinkLoginException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="RtmLinkLoginException"/> class.</summary>
    public RtmLinkLoginException()
        : this(RtmLinkStateChangeReason.Unknown)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RtmLinkLoginException"/> class with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public RtmLinkLoginException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RtmLinkLoginException"/> class with a message and the exception behind it.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The exception behind it.</param>
    public RtmLinkLoginException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RtmLinkLoginException"/> class for <paramref name="reason"/>.</summary>
    /// <param name="reason">The reason code the login failed with.</param>
    public RtmLinkLoginException(RtmLinkStateChangeReason reason)
        : base($"The RTM login did not connect: {reason}.")
        => Reason = reason;

    /// <summary>Gets the reason code the login failed with (<see cref="RtmLinkStateChangeReason.Logout"/> when the app logged out first).</summary>
    public RtmLinkStateChangeReason Reason { get; }
}
