using Agora.Connectivity.Callbacks.Internal;
using Agora.Connectivity.Internal;
using Agora.Connectivity.Rtc;

namespace Agora.Connectivity.Callbacks;

/// <summary>The documented callback strategies, and the way to listen to a machine through one.</summary>
public static class CallbackStrategies
{
    private static readonly ICallbackStrategy[] Strategies = CreateAll();

    /// <summary>Gets the strategy that names callbacks as <paramref name="platform"/>'s SDK of the given generation does.</summary>
    /// <param name="platform">The platform.</param>
    /// <param name="behavior">The SDK generation: <see cref="RtcSdkBehavior.Current"/> (v2.3.2 and later) or <see cref="RtcSdkBehavior.Legacy"/>.</param>
    /// <returns>A shared, stateless strategy.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="platform"/> or <paramref name="behavior"/> is not a defined value.</exception>
    public static ICallbackStrategy For(Platform platform, RtcSdkBehavior behavior = RtcSdkBehavior.Current)
    {
        Guard.Defined(platform);
        Guard.Defined(behavior);
        return Strategies[Index(platform, behavior)];
    }

    /// <summary>Calls <paramref name="callback"/> with every platform callback that <paramref name="source"/>'s events map to, in order.</summary>
    /// <param name="source">The machine or tracker to listen to.</param>
    /// <param name="strategy">How to name the callbacks.</param>
    /// <param name="callback">What to do with each callback. It runs inside the source's event dispatch.</param>
    /// <returns>A subscription; dispose it to stop listening.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IDisposable Subscribe(this IConnectivityEventSource source, ICallbackStrategy strategy, Action<PlatformCallback> callback)
    {
        Guard.NotNull(source);
        Guard.NotNull(strategy);
        Guard.NotNull(callback);
        return new Subscription(source, strategy, callback);
    }

    private static int Index(Platform platform, RtcSdkBehavior behavior) => ((int)platform * 2) + (int)behavior;

    private static ICallbackStrategy[] CreateAll()
    {
        var platforms = (Platform[])Enum.GetValues(typeof(Platform));
        var strategies = new ICallbackStrategy[platforms.Length * 2];
        foreach (var platform in platforms)
        {
            foreach (var behavior in new[] { RtcSdkBehavior.Current, RtcSdkBehavior.Legacy })
            {
                strategies[Index(platform, behavior)] = platform switch
                {
                    Platform.Ios or Platform.MacOS => new AppleCallbackStrategy(platform, behavior),
                    Platform.Web => new WebCallbackStrategy(behavior),
                    _ => new NativeCallbackStrategy(platform, behavior),
                };
            }
        }

        return strategies;
    }

    private sealed class Subscription : IDisposable
    {
        private readonly IConnectivityEventSource _source;
        private readonly ICallbackStrategy _strategy;
        private readonly Action<PlatformCallback> _callback;
        private int _disposed;

        public Subscription(IConnectivityEventSource source, ICallbackStrategy strategy, Action<PlatformCallback> callback)
        {
            _source = source;
            _strategy = strategy;
            _callback = callback;
            source.EventRaised += OnEvent;
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                _source.EventRaised -= OnEvent;
            }
        }

        private void OnEvent(object? sender, ConnectivityEvent e)
        {
            foreach (var platformCallback in _strategy.Map(e))
            {
                _callback(platformCallback);
            }
        }
    }
}
