using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Reconnect;
using Agora.Connectivity.Rtc;

namespace Agora.Connectivity.LiveDemo;

/// <summary>
/// The demo, as a unit the sample and the integration test both run: a heartbeat server on loopback, a
/// machine driven only by its socket through <see cref="RtcConnectionDriver"/>, a pause of the server,
/// and every platform callback as it happens on the real clock.
/// </summary>
internal sealed record LiveDemoSettings(
    TimeSpan Heartbeat,
    TimeSpan Pause,
    TimeSpan After,
    RtcConnectionOptions Options,
    IReconnectPolicy Policy,
    Platform Platform);

internal static class LiveDemo
{
    public static async Task<IReadOnlyList<(TimeSpan At, PlatformCallback Callback)>> RunAsync(LiveDemoSettings settings, Action<TimeSpan, PlatformCallback> onCallback, CancellationToken cancellationToken)
    {
        await using var server = new HeartbeatServer(settings.Heartbeat);
        using var machine = new RtcConnectionStateMachine(settings.Options);
        await using var driver = new RtcConnectionDriver(machine, new TcpTransport(server.Endpoint), settings.Policy);
        var started = SystemTimeProvider.Instance.GetUtcNow();
        var seen = new List<(TimeSpan, PlatformCallback)>();
        using var subscription = machine.Subscribe(CallbackStrategies.For(settings.Platform), callback =>
        {
            var at = SystemTimeProvider.Instance.GetUtcNow() - started;
            lock (seen)
            {
                seen.Add((at, callback));
            }

            onCallback(at, callback);
        });

        machine.JoinChannel();
        await machine.WaitForStateAsync(ConnectionState.Connected, cancellationToken).ConfigureAwait(false);
        await Task.Delay(settings.After, cancellationToken).ConfigureAwait(false);

        var lost = machine.WaitForStateAsync(ConnectionState.Reconnecting, cancellationToken);
        await server.PauseAsync(settings.Pause, cancellationToken).ConfigureAwait(false);
        await lost.ConfigureAwait(false);
        await machine.WaitForStateAsync(ConnectionState.Connected, cancellationToken).ConfigureAwait(false);
        await Task.Delay(settings.After, cancellationToken).ConfigureAwait(false);

        machine.LeaveChannel();
        lock (seen)
        {
            return [.. seen];
        }
    }
}
