using System.Text;
using System.Text.RegularExpressions;
using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Presence;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Tests.TestSupport;

namespace Agora.Connectivity.Tests.Callbacks;

/// <summary>
/// Pins every callback that <c>CallbackStrategies.For(platform, behavior)</c> produces, for every platform,
/// both behaviors and every value of every enum an event carries. The golden file was written by the
/// strategies as they were before SDK generations (issue 18); its only edits since are the ones that issue
/// asked for, listed in <c>docs/callbacks.md</c> ("What changed with the generations").
/// </summary>
public class GoldenOutputTests
{
    private const string GoldenFile = "tests/Agora.Connectivity.Tests/Callbacks/Golden/behavior-output.txt";

    [Test]
    public void For_PlatformAndBehavior_ProducesThePinnedOutput()
        => GeneratedSection.AssertUpToDate(GoldenFile, null, Render());

    internal static IEnumerable<ConnectivityEvent> EveryEvent()
    {
        foreach (var state in Enum.GetValues<ConnectionState>())
        {
            foreach (var previous in Enum.GetValues<ConnectionState>().Where(p => p != state))
            {
                yield return new ConnectionStateChanged(previous, state, ConnectionChangedReason.Connecting);
            }
        }

        foreach (var reason in Enum.GetValues<ConnectionChangedReason>())
        {
            yield return new ConnectionStateChanged(ConnectionState.Connected, ConnectionState.Failed, reason);
            yield return new ConnectionStateChanged(ConnectionState.Connected, ConnectionState.Disconnected, reason);
        }

        yield return new JoinChannelSucceeded();
        yield return new RejoinChannelSucceeded();
        yield return new ConnectionInterrupted();
        yield return new ConnectionLost();
        yield return new ConnectionBanned();
        yield return new TokenPrivilegeWillExpire();
        yield return new TokenPrivilegeExpired();
        yield return new RemoteUserJoined(4_000_000_000);
        foreach (var reason in Enum.GetValues<UserOfflineReason>())
        {
            yield return new RemoteUserOffline(7, reason);
        }

        yield return new RemoteUserLeft(7);
        foreach (var state in Enum.GetValues<RtmConnectionState>())
        {
            yield return new RtmConnectionStateChanged(RtmConnectionState.Disconnected, state, RtmConnectionChangeReason.Login);
        }

        foreach (var reason in Enum.GetValues<RtmConnectionChangeReason>())
        {
            yield return new RtmConnectionStateChanged(RtmConnectionState.Connecting, RtmConnectionState.Aborted, reason);
        }

        yield return new TokenExpired();
        yield return new PresenceExpired();
        yield return new MemberJoined("alice");
        yield return new MemberLeft("alice");
    }

    private static string Render()
    {
        var text = new StringBuilder();
        foreach (var platform in Enum.GetValues<Platform>())
        {
            foreach (var behavior in Enum.GetValues<RtcSdkBehavior>())
            {
                var strategy = CallbackStrategies.For(platform, behavior);
                foreach (var e in EveryEvent())
                {
                    text.Append(platform).Append(' ').Append(behavior).Append(' ').Append(Describe(e)).Append(" =>");
                    foreach (var callback in strategy.Map(e))
                    {
                        text.Append(' ').Append(callback);
                    }

                    text.Append('\n');
                }
            }
        }

        return text.ToString();
    }

    // The record's own text without its timestamp (every event here has the default one).
    internal static string Describe(ConnectivityEvent e) => Regex.Replace(e.ToString(), "Timestamp = [^,}]*(, )?", string.Empty);
}
