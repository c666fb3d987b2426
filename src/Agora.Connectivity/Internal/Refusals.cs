using Agora.Connectivity.Rtc;

namespace Agora.Connectivity.Internal;

/// <summary>
/// The reasons that are a refusal for good: those Agora's references report with <c>CONNECTION_STATE_FAILED</c>
/// ("the connection failed since …": a ban, an invalid app ID, channel name or token, an expired token, a
/// rejection, another login with the same UID, too many hosts, a license, certificate, stream channel or
/// app ID mismatch) and the 20-minute give-up (<see cref="ConnectionChangedReason.JoinFailed"/>). The
/// others describe progress (Connecting, JoinSuccess, RejoinSuccess, RenewToken), a leave, or a connection
/// the SDK keeps trying (Interrupted, Lost, KeepAliveTimeout, a changed IP address or proxy, an echo test);
/// a machine that failed with one of those would tell the app "FAILED, JOIN_SUCCESS".
/// </summary>
internal static class Refusals
{
    private static readonly ConnectionChangedReason[] Allowed =
    [
        ConnectionChangedReason.BannedByServer,
        ConnectionChangedReason.JoinFailed,
        ConnectionChangedReason.InvalidAppId,
        ConnectionChangedReason.InvalidChannelName,
        ConnectionChangedReason.InvalidToken,
        ConnectionChangedReason.TokenExpired,
        ConnectionChangedReason.RejectedByServer,
        ConnectionChangedReason.SameUidLogin,
        ConnectionChangedReason.TooManyBroadcasters,
        ConnectionChangedReason.LicenseValidationFailure,
        ConnectionChangedReason.CertificationVerifyFailure,
        ConnectionChangedReason.StreamChannelNotAvailable,
        ConnectionChangedReason.InconsistentAppId,
    ];

    /// <summary>Throws unless <paramref name="reason"/> is a refusal; the message names the allowed ones.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="reason"/> is not a defined value, or not a refusal.</exception>
    public static ConnectionChangedReason ThrowIfNotRefusal(ConnectionChangedReason reason, string parameterName)
    {
        Guard.Defined(reason, parameterName);
        if (Array.IndexOf(Allowed, reason) < 0)
        {
            throw new ArgumentOutOfRangeException(
                parameterName,
                reason,
                $"{reason} is not a refusal, so it cannot fail the connection. Use one of: {string.Join(", ", Allowed)}.");
        }

        return reason;
    }
}
