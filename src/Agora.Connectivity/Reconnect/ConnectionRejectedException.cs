using Agora.Connectivity.Internal;
using Agora.Connectivity.Rtc;

namespace Agora.Connectivity.Reconnect;

/// <summary>
/// Thrown by a transport when the server refused the connection for good (an invalid token or app ID,
/// a ban, another login of the same user): the driver stops retrying and reports it to its machine.
/// </summary>
public sealed class ConnectionRejectedException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ConnectionRejectedException"/> class.</summary>
    public ConnectionRejectedException()
        : this(ConnectionChangedReason.RejectedByServer)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ConnectionRejectedException"/> class with a message.</summary>
    /// <param name="message">What the server said.</param>
    public ConnectionRejectedException(string message)
        : this(ConnectionChangedReason.RejectedByServer, message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ConnectionRejectedException"/> class with a message and the exception behind it.</summary>
    /// <param name="message">What the server said.</param>
    /// <param name="innerException">The exception behind it.</param>
    public ConnectionRejectedException(string message, Exception innerException)
        : base(message, innerException)
        => Reason = ConnectionChangedReason.RejectedByServer;

    /// <summary>Initializes a new instance of the <see cref="ConnectionRejectedException"/> class for <paramref name="reason"/>.</summary>
    /// <param name="reason">
    /// Why, in the RTC vocabulary: <see cref="ConnectionChangedReason.BannedByServer"/> for a ban,
    /// <see cref="ConnectionChangedReason.SameUidLogin"/> for another login of the same user, otherwise
    /// the refusal (<see cref="ConnectionChangedReason.InvalidToken"/>, <see cref="ConnectionChangedReason.InvalidAppId"/>…).
    /// </param>
    /// <param name="message">What the server said; a sentence naming the reason when <see langword="null"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="reason"/> is not a refusal (JoinSuccess, Connecting, LeaveChannel…); the message lists the refusals.</exception>
    public ConnectionRejectedException(ConnectionChangedReason reason, string? message = null)
        : base(message ?? $"The server refused the connection for good ({reason}).")
        => Reason = Refusals.ThrowIfNotRefusal(reason, nameof(reason));

    /// <summary>Gets why the server refused.</summary>
    public ConnectionChangedReason Reason { get; }
}
