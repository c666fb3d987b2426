using Agora.Connectivity.Callbacks.Internal;
using Agora.Connectivity.Internal;
using Agora.Connectivity.Rtc;

namespace Agora.Connectivity.Callbacks;

/// <summary>The documented callback strategies, and the way to listen to a machine through one.</summary>
public static class CallbackStrategies
{
    private static readonly SdkGeneration[] Generations = EnumValues<SdkGeneration>.All;

    // After Generations: static fields are initialized in the order they are written.
    private static readonly ICallbackStrategy[] Strategies = CreateAll();

    private static readonly ICallbackStrategy WebV3 = new TableCallbackStrategy(Platform.Web, CallbackTables.WebV3x);

    private static readonly ICallbackStrategy[] RtmLinkStrategies = EnumValues<Platform>.All.Select(p => (ICallbackStrategy)new RtmLinkCallbackStrategy(p)).ToArray();

    /// <summary>Gets the strategy that names callbacks as <paramref name="platform"/>'s SDK of the given behavior does.</summary>
    /// <param name="platform">The platform.</param>
    /// <param name="behavior">
    /// The SDK generation as a machine behavior: <see cref="RtcSdkBehavior.Current"/> speaks <see cref="SdkGeneration.V3"/>
    /// (v2.3.2 through 3.x), <see cref="RtcSdkBehavior.Legacy"/> speaks <see cref="SdkGeneration.Legacy"/>. For 4.x names use
    /// <see cref="For(Platform, SdkGeneration)"/>.
    /// </param>
    /// <returns>A shared, stateless strategy.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="platform"/> or <paramref name="behavior"/> is not a defined value.</exception>
    public static ICallbackStrategy For(Platform platform, RtcSdkBehavior behavior = RtcSdkBehavior.Current)
    {
        Guard.Defined(behavior);
        return For(platform, behavior == RtcSdkBehavior.Legacy ? SdkGeneration.Legacy : SdkGeneration.V3);
    }

    /// <summary>
    /// Gets the strategy that names callbacks as the Web SDK line <paramref name="sdk"/> shipped them. <see cref="WebSdk.V2"/> is the
    /// strategy <c>For(Platform.Web, SdkGeneration.V3)</c> returns (the seed documents' Web), <see cref="WebSdk.V4"/> the one of
    /// <c>For(Platform.Web, SdkGeneration.V4)</c>; <see cref="WebSdk.V3"/> is reachable only here.
    /// </summary>
    /// <param name="sdk">The Web SDK line.</param>
    /// <returns>A shared, stateless strategy whose <see cref="ICallbackStrategy.Platform"/> is <see cref="Platform.Web"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sdk"/> is not a defined value.</exception>
    public static ICallbackStrategy ForWeb(WebSdk sdk)
    {
        Guard.Defined(sdk);
        return sdk switch
        {
            WebSdk.V2 => For(Platform.Web, SdkGeneration.V3),
            WebSdk.V3 => WebV3,
            WebSdk.V4 => For(Platform.Web, SdkGeneration.V4),
        };
    }

    /// <summary>
    /// Gets the strategy that maps an <see cref="Rtm2.RtmLinkStateMachine"/>'s changes onto the RTM 2.x (Signaling) SDK's link-state
    /// callback of <paramref name="platform"/>: <c>onLinkStateEvent</c> with the event's fields on every native platform
    /// (<c>agora-react-native-rtm</c> 2.2.6), the <c>linkState</c> event on <see cref="Platform.Web"/> (<c>agora-rtm-sdk</c> 2.3.0).
    /// Events of other machines map to no callback.
    /// </summary>
    /// <param name="platform">The platform.</param>
    /// <returns>A shared, stateless strategy.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="platform"/> is not a defined value.</exception>
    public static ICallbackStrategy ForRtmLink(Platform platform)
    {
        Guard.Defined(platform);
        return RtmLinkStrategies[(int)platform];
    }

    /// <summary>Gets the strategy that names callbacks as <paramref name="platform"/>'s SDK of <paramref name="generation"/> does.</summary>
    /// <param name="platform">The platform.</param>
    /// <param name="generation">The SDK generation whose names to speak; see <c>docs/callbacks.md</c> for every name and its source.</param>
    /// <returns>A shared, stateless strategy.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="platform"/> or <paramref name="generation"/> is not a defined value.</exception>
    public static ICallbackStrategy For(Platform platform, SdkGeneration generation)
    {
        Guard.Defined(platform);
        Guard.Defined(generation);
        return Strategies[Index(platform, generation)];
    }

    /// <summary>Gets how a machine behaves in <paramref name="generation"/>: <see cref="RtcSdkBehavior.Legacy"/> before v2.3.2, <see cref="RtcSdkBehavior.Current"/> since.</summary>
    /// <param name="generation">The SDK generation.</param>
    /// <returns>The behavior to give <see cref="RtcConnectionOptions.Behavior"/> for that generation.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="generation"/> is not a defined value.</exception>
    public static RtcSdkBehavior BehaviorOf(SdkGeneration generation)
    {
        Guard.Defined(generation);
        return generation == SdkGeneration.Legacy ? RtcSdkBehavior.Legacy : RtcSdkBehavior.Current;
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

    private static int Index(Platform platform, SdkGeneration generation) => ((int)platform * Generations.Length) + (int)generation;

    private static ICallbackStrategy[] CreateAll()
    {
        var platforms = EnumValues<Platform>.All;
        var strategies = new ICallbackStrategy[platforms.Length * Generations.Length];
        foreach (var platform in platforms)
        {
            foreach (var generation in Generations)
            {
                strategies[Index(platform, generation)] = new TableCallbackStrategy(platform, CallbackTables.For(platform, generation));
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
