using Agora.Connectivity.Internal;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Rtm2;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Agora.Connectivity.DependencyInjection.Internal;

/// <summary>
/// The connections a container has created, and what the host's stop does to them (issue 38): an RTC connection in a channel leaves
/// it, an RTM connection or RTM 2.x link that is logged in (or logging in) logs out, each with a log line on the connection's own
/// logger (<c>StoppedWithHost</c>), so a stopping service says goodbye to the server and its health check reads Disconnected. A
/// connection never resolved is not created for it; trackers have nothing to end.
/// </summary>
internal sealed class ConnectionLifetime : IHostedService
{
    private readonly List<object> _created = [];

    /// <summary>Gets the collection's registry, registering it (and its hosted service) the first time.</summary>
    public static ConnectionLifetime Of(IServiceCollection services) => Registered.Once(services, static () => new ConnectionLifetime(), static (all, created) => all.AddSingleton<IHostedService>(created));

    /// <summary>Records a service the container created, and returns it.</summary>
    public T Created<T>(T service)
        where T : class
    {
        lock (_created)
        {
            _created.Add(service);
        }

        return service;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        object[] created;
        lock (_created)
        {
            created = [.. _created];
        }

        foreach (var service in created)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await EndAsync(service, cancellationToken).ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                // Disposed by the app meanwhile: nothing left to end.
            }
        }
    }

    // A machine that follows an SDK is left to it: the app's own code leaves the SDK's channel, and the SDK reports it.
    private static async Task EndAsync(object service, CancellationToken cancellationToken)
    {
        switch (service)
        {
            case RtcConnectionStateMachine { FollowsSdk: true } or RtmConnectionStateMachine { FollowsSdk: true } or RtmLinkStateMachine { FollowsSdk: true }:
                break;
            case RtcConnectionStateMachine rtc when !rtc.Runtime.Dispatcher.IsDisposed && rtc.State != ConnectionState.Disconnected:
                var inChannel = rtc.State;
                rtc.LeaveChannel();
                Log.StoppedWithHost(rtc.Runtime.Logger, rtc.Runtime.SourceName, "left the channel", inChannel.ToString());
                break;
            case RtmConnectionStateMachine rtm when !rtm.Runtime.Dispatcher.IsDisposed && rtm.State is not (RtmConnectionState.Disconnected or RtmConnectionState.Aborted):
                var loggedIn = rtm.State;
                await WithinAsync(rtm.LogoutAsync(), cancellationToken).ConfigureAwait(false);
                Log.StoppedWithHost(rtm.Runtime.Logger, rtm.Runtime.SourceName, "logged out", loggedIn.ToString());
                break;
            case RtmLinkStateMachine link when !link.Runtime.Dispatcher.IsDisposed && link.State is not (RtmLinkState.Idle or RtmLinkState.Failed):
                var linked = link.State;
                link.Logout();
                Log.StoppedWithHost(link.Runtime.Logger, link.Runtime.SourceName, "logged out", linked.ToString());
                break;
        }
    }

    // The host's shutdown timeout bounds the wait (Task.WaitAsync, which netstandard2.0 lacks); the delay it races with is canceled
    // either way, so no task is left behind.
    private static async Task WithinAsync(Task task, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timeout = Task.Delay(Timeout.Infinite, stop.Token);
        await Task.WhenAny(task, timeout).ConfigureAwait(false);
        stop.Cancel();
        cancellationToken.ThrowIfCancellationRequested();
        await task.ConfigureAwait(false);
    }
}
