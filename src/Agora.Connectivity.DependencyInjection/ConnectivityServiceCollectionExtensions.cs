using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using Agora.Connectivity;
using Agora.Connectivity.Callbacks;
using Agora.Connectivity.DependencyInjection.Internal;
using Agora.Connectivity.Internal;
using Agora.Connectivity.Internal.Machines;
using Agora.Connectivity.Presence;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Rtm2;
using Agora.Connectivity.Sdk;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers Agora.Connectivity's machines and trackers as singletons, with their options bound from
/// an <see cref="Action{T}"/> or an <see cref="IConfiguration"/> section (timeouts written like
/// <c>"00:00:04"</c>) and validated when the host starts.
/// </summary>
/// <remarks>
/// <para>Without a name, the service is registered as itself (<c>GetRequiredService&lt;RtcConnectionStateMachine&gt;()</c>).
/// With a name, it is a keyed service under that name with its own named options
/// (<c>GetRequiredKeyedService&lt;RtcConnectionStateMachine&gt;("backup")</c>), so an app can hold several connections.</para>
/// <para>Every service uses the registered <see cref="ITimeProvider"/>: added with <c>TryAdd</c>, it is
/// the registered <see cref="TimeProvider"/> when there is one (the app's own clock: the library's
/// <c>FakeTimeProvider</c> is used as it is, any other is adapted); else a clock registered as its own type
/// (<c>services.AddSingleton(fake)</c> registers a <c>FakeTimeProvider</c>, Microsoft's or the library's); else the system clock.
/// So a test host that registers one fake clock, however it registers it, drives the app's code and these services alike.</para>
/// <para>The connection machines record their metrics on a meter of the container's <see cref="IMeterFactory"/> when it has one
/// (a host registers one; <c>services.AddMetrics()</c> adds one), so two hosts in one process count apart; else on the
/// process-wide <c>Agora.Connectivity</c> meter. See <c>docs/metrics.md</c>.</para>
/// </remarks>
public static class ConnectivityServiceCollectionExtensions
{
    /// <summary>Registers an <see cref="RtcConnectionStateMachine"/> configured by <paramref name="configure"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes the documented defaults; none when <see langword="null"/>.</param>
    /// <returns>The options builder, for further configuration.</returns>
    public static OptionsBuilder<RtcConnectionOptions> AddRtcConnection(this IServiceCollection services, Action<RtcConnectionOptions>? configure = null)
        => services.AddRtcConnection(Options.Options.DefaultName, configure);

    /// <summary>Registers an <see cref="RtcConnectionStateMachine"/> whose options are bound from <paramref name="configuration"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section to bind, for example <c>Configuration.GetSection("Agora:Rtc")</c>.</param>
    /// <returns>The options builder, for further configuration.</returns>
    public static OptionsBuilder<RtcConnectionOptions> AddRtcConnection(this IServiceCollection services, IConfiguration configuration)
        => services.AddRtcConnection(Options.Options.DefaultName, configuration);

    /// <summary>Registers a keyed <see cref="RtcConnectionStateMachine"/> named <paramref name="name"/>, configured by <paramref name="configure"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The service key and options name; <see cref="Options.Options.DefaultName"/> registers the unkeyed service.</param>
    /// <param name="configure">Changes the documented defaults; none when <see langword="null"/>.</param>
    /// <returns>The options builder, for further configuration.</returns>
    /// <remarks>
    /// Bound with <see cref="RtcConnectionOptions.FollowSdk"/> set, the connection follows the app's SDK, and its <see cref="RtcSdkFollower"/>
    /// is registered under the same key (as <see cref="RtcSdkFollower"/> and <see cref="IRtcEngineEvents"/>), its <c>Connection</c> this
    /// machine: forward the SDK's callbacks to it, and the health check, metrics and logs of the connection follow the SDK.
    /// </remarks>
    public static OptionsBuilder<RtcConnectionOptions> AddRtcConnection(this IServiceCollection services, string name, Action<RtcConnectionOptions>? configure)
    {
        var builder = Register(services, name, configure, (sp, options) => Named(new RtcConnectionStateMachine(options, sp.GetRequiredService<ITimeProvider>(), LoggerOf<RtcConnectionStateMachine>(sp, name), sp.GetService<IMeterFactory>()), name));
        RegisterFollower<RtcConnectionStateMachine, RtcSdkFollower, IRtcEngineEvents>(services, name, "RTC connection", static m => m.FollowsSdk, (sp, m) => new RtcSdkFollower(m, LoggerOf<RtcSdkFollower>(sp, name)));
        return builder;
    }

    /// <summary>Registers a keyed <see cref="RtcConnectionStateMachine"/> named <paramref name="name"/>, its options bound from <paramref name="configuration"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The service key and options name.</param>
    /// <param name="configuration">The section to bind.</param>
    /// <returns>The options builder, for further configuration.</returns>
    public static OptionsBuilder<RtcConnectionOptions> AddRtcConnection(this IServiceCollection services, string name, IConfiguration configuration)
        => BindStrictly(services.AddRtcConnection(name, configure: null), services, configuration, "the RTC connection", static (section, options) => section.Bind(options));

    /// <summary>
    /// Registers an <see cref="RtcConnectionStateMachine"/> whose options start from <paramref name="preset"/> (for example
    /// <see cref="RtcConnectionOptions.FromIosChannelConnectionGuide"/>); chain <c>.Bind(section)</c> or <c>.Configure(...)</c> on the
    /// result to change them further.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="preset">The starting options; their values are copied now, so later changes to the instance are not seen.</param>
    /// <returns>The options builder, for further configuration.</returns>
    public static OptionsBuilder<RtcConnectionOptions> AddRtcConnection(this IServiceCollection services, RtcConnectionOptions preset)
    {
        var copy = (preset ?? throw new ArgumentNullException(nameof(preset))).Clone();
        return services.AddRtcConnection(copy.CopyTo);
    }

    /// <summary>
    /// Registers an <see cref="RtmConnectionStateMachine"/> whose options start from <paramref name="preset"/> (for example
    /// <see cref="RtmConnectionOptions.FromShippedSdk"/>); chain <c>.Bind(section)</c> or <c>.Configure(...)</c> on the result.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="preset">The starting options; their values are copied now.</param>
    /// <returns>The options builder, for further configuration.</returns>
    public static OptionsBuilder<RtmConnectionOptions> AddRtmConnection(this IServiceCollection services, RtmConnectionOptions preset)
    {
        var copy = (preset ?? throw new ArgumentNullException(nameof(preset))).Clone();
        return services.AddRtmConnection(copy.CopyTo);
    }

    /// <summary>
    /// Registers the <see cref="ICallbackStrategy"/> that names callbacks as <paramref name="platform"/>'s SDK of
    /// <paramref name="generation"/> does, for the app's code that turns the library's events into its own handlers.
    /// Give the RTC options the matching behavior (<see cref="CallbackStrategies.BehaviorOf(SdkGeneration)"/>) when the
    /// generation is <see cref="SdkGeneration.Legacy"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="platform">The platform whose names to speak.</param>
    /// <param name="generation">The SDK generation; v2.3.2–3.x unless given.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="platform"/> or <paramref name="generation"/> is not defined.</exception>
    public static IServiceCollection AddCallbackStrategy(this IServiceCollection services, Platform platform, SdkGeneration generation = SdkGeneration.V3)
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        services.AddSingleton(CallbackStrategies.For(platform, generation));
        return services;
    }

    /// <summary>Registers an <see cref="RtmConnectionStateMachine"/> configured by <paramref name="configure"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes the documented defaults; none when <see langword="null"/>.</param>
    /// <returns>The options builder, for further configuration.</returns>
    public static OptionsBuilder<RtmConnectionOptions> AddRtmConnection(this IServiceCollection services, Action<RtmConnectionOptions>? configure = null)
        => services.AddRtmConnection(Options.Options.DefaultName, configure);

    /// <summary>Registers an <see cref="RtmConnectionStateMachine"/> whose options are bound from <paramref name="configuration"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section to bind.</param>
    /// <returns>The options builder, for further configuration.</returns>
    public static OptionsBuilder<RtmConnectionOptions> AddRtmConnection(this IServiceCollection services, IConfiguration configuration)
        => services.AddRtmConnection(Options.Options.DefaultName, configuration);

    /// <summary>Registers a keyed <see cref="RtmConnectionStateMachine"/> named <paramref name="name"/>, configured by <paramref name="configure"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The service key and options name.</param>
    /// <param name="configure">Changes the documented defaults; none when <see langword="null"/>.</param>
    /// <returns>The options builder, for further configuration.</returns>
    /// <remarks>Bound with <see cref="RtmConnectionOptions.FollowSdk"/> set, its <see cref="RtmSdkFollower"/> is registered under the same key (as <see cref="RtmSdkFollower"/> and <see cref="IRtmClientEvents"/>).</remarks>
    public static OptionsBuilder<RtmConnectionOptions> AddRtmConnection(this IServiceCollection services, string name, Action<RtmConnectionOptions>? configure)
    {
        var builder = Register(services, name, configure, (sp, options) => Named(new RtmConnectionStateMachine(options, sp.GetRequiredService<ITimeProvider>(), LoggerOf<RtmConnectionStateMachine>(sp, name), sp.GetService<IMeterFactory>()), name));
        RegisterFollower<RtmConnectionStateMachine, RtmSdkFollower, IRtmClientEvents>(services, name, "RTM connection", static m => m.FollowsSdk, (sp, m) => new RtmSdkFollower(m, LoggerOf<RtmSdkFollower>(sp, name)));
        return builder;
    }

    /// <summary>Registers a keyed <see cref="RtmConnectionStateMachine"/> named <paramref name="name"/>, its options bound from <paramref name="configuration"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The service key and options name.</param>
    /// <param name="configuration">The section to bind.</param>
    /// <returns>The options builder, for further configuration.</returns>
    public static OptionsBuilder<RtmConnectionOptions> AddRtmConnection(this IServiceCollection services, string name, IConfiguration configuration)
        => BindStrictly(services.AddRtmConnection(name, configure: null), services, configuration, "the RTM connection", static (section, options) => section.Bind(options));

    /// <summary>Registers an <see cref="RtmLinkStateMachine"/> (RTM 2.x) configured by <paramref name="configure"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes the shipped defaults; none when <see langword="null"/>.</param>
    /// <returns>The options builder, for further configuration.</returns>
    public static OptionsBuilder<RtmLinkOptions> AddRtmLinkConnection(this IServiceCollection services, Action<RtmLinkOptions>? configure = null)
        => services.AddRtmLinkConnection(Options.Options.DefaultName, configure);

    /// <summary>Registers an <see cref="RtmLinkStateMachine"/> (RTM 2.x) whose options are bound from <paramref name="configuration"/> (e.g. the section <c>Agora:RtmLink</c>).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section to bind; an unknown key or a value out of its range fails the host at start.</param>
    /// <returns>The options builder, for further configuration.</returns>
    public static OptionsBuilder<RtmLinkOptions> AddRtmLinkConnection(this IServiceCollection services, IConfiguration configuration)
        => services.AddRtmLinkConnection(Options.Options.DefaultName, configuration);

    /// <summary>Registers a keyed <see cref="RtmLinkStateMachine"/> (RTM 2.x) named <paramref name="name"/>, configured by <paramref name="configure"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The service key and options name.</param>
    /// <param name="configure">Changes the shipped defaults; none when <see langword="null"/>.</param>
    /// <returns>The options builder, for further configuration.</returns>
    /// <remarks>Bound with <see cref="RtmLinkOptions.FollowSdk"/> set, its <see cref="RtmLinkSdkFollower"/> is registered under the same key (as <see cref="RtmLinkSdkFollower"/> and <see cref="IRtmLinkEvents"/>).</remarks>
    public static OptionsBuilder<RtmLinkOptions> AddRtmLinkConnection(this IServiceCollection services, string name, Action<RtmLinkOptions>? configure)
    {
        var builder = Register(services, name, configure, (sp, options) => Named(new RtmLinkStateMachine(options, sp.GetRequiredService<ITimeProvider>(), LoggerOf<RtmLinkStateMachine>(sp, name), sp.GetService<IMeterFactory>()), name));
        RegisterFollower<RtmLinkStateMachine, RtmLinkSdkFollower, IRtmLinkEvents>(services, name, "RTM 2.x link", static m => m.FollowsSdk, (sp, m) => new RtmLinkSdkFollower(m, LoggerOf<RtmLinkSdkFollower>(sp, name)));
        return builder;
    }

    /// <summary>Registers a keyed <see cref="RtmLinkStateMachine"/> (RTM 2.x) named <paramref name="name"/>, its options bound from <paramref name="configuration"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The service key and options name.</param>
    /// <param name="configuration">The section to bind; an unknown key or a value out of its range fails the host at start.</param>
    /// <returns>The options builder, for further configuration.</returns>
    public static OptionsBuilder<RtmLinkOptions> AddRtmLinkConnection(this IServiceCollection services, string name, IConfiguration configuration)
        => BindStrictly(services.AddRtmLinkConnection(name, configure: null), services, configuration, "the RTM 2.x link", static (section, options) => section.Bind(options));

    /// <summary>Registers a <see cref="RemoteUserTracker"/> configured by <paramref name="configure"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes a native observer's defaults; none when <see langword="null"/>.</param>
    /// <returns>The options builder, for further configuration.</returns>
    public static OptionsBuilder<RemoteUserTrackerOptions> AddRemoteUserTracker(this IServiceCollection services, Action<RemoteUserTrackerOptions>? configure = null)
        => services.AddRemoteUserTracker(Options.Options.DefaultName, configure);

    /// <summary>Registers a <see cref="RemoteUserTracker"/> whose options are bound from <paramref name="configuration"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section to bind.</param>
    /// <returns>The options builder, for further configuration.</returns>
    public static OptionsBuilder<RemoteUserTrackerOptions> AddRemoteUserTracker(this IServiceCollection services, IConfiguration configuration)
        => services.AddRemoteUserTracker(Options.Options.DefaultName, configuration);

    /// <summary>Registers a keyed <see cref="RemoteUserTracker"/> named <paramref name="name"/>, configured by <paramref name="configure"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The service key and options name.</param>
    /// <param name="configure">Changes a native observer's defaults; none when <see langword="null"/>.</param>
    /// <returns>The options builder, for further configuration.</returns>
    public static OptionsBuilder<RemoteUserTrackerOptions> AddRemoteUserTracker(this IServiceCollection services, string name, Action<RemoteUserTrackerOptions>? configure)
        => Register(services, name, configure, static (sp, options) => new RemoteUserTracker(options, sp.GetRequiredService<ITimeProvider>(), sp.GetService<ILogger<RemoteUserTracker>>()));

    /// <summary>Registers a keyed <see cref="RemoteUserTracker"/> named <paramref name="name"/>, its options bound from <paramref name="configuration"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The service key and options name.</param>
    /// <param name="configuration">The section to bind.</param>
    /// <returns>The options builder, for further configuration.</returns>
    public static OptionsBuilder<RemoteUserTrackerOptions> AddRemoteUserTracker(this IServiceCollection services, string name, IConfiguration configuration)
        => BindStrictly(services.AddRemoteUserTracker(name, configure: null), services, configuration, "the remote-user tracker", static (section, options) => section.Bind(options));

    /// <summary>Registers an <see cref="RtmMemberTracker"/> configured by <paramref name="configure"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes the 30 s default; none when <see langword="null"/>.</param>
    /// <returns>The options builder, for further configuration.</returns>
    public static OptionsBuilder<RtmMemberTrackerOptions> AddRtmMemberTracker(this IServiceCollection services, Action<RtmMemberTrackerOptions>? configure = null)
        => services.AddRtmMemberTracker(Options.Options.DefaultName, configure);

    /// <summary>Registers an <see cref="RtmMemberTracker"/> whose options are bound from <paramref name="configuration"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section to bind, for example <c>Configuration.GetSection("Agora:RtmMembers")</c>.</param>
    /// <returns>The options builder, for further configuration.</returns>
    public static OptionsBuilder<RtmMemberTrackerOptions> AddRtmMemberTracker(this IServiceCollection services, IConfiguration configuration)
        => services.AddRtmMemberTracker(Options.Options.DefaultName, configuration);

    /// <summary>Registers a keyed <see cref="RtmMemberTracker"/> named <paramref name="name"/>, configured by <paramref name="configure"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The service key and options name; <see cref="Options.Options.DefaultName"/> registers the unkeyed service.</param>
    /// <param name="configure">Changes the 30 s default; none when <see langword="null"/>.</param>
    /// <returns>The options builder, for further configuration.</returns>
    public static OptionsBuilder<RtmMemberTrackerOptions> AddRtmMemberTracker(this IServiceCollection services, string name, Action<RtmMemberTrackerOptions>? configure)
        => Register(services, name, configure, static (sp, options) => new RtmMemberTracker(options, sp.GetRequiredService<ITimeProvider>(), sp.GetService<ILogger<RtmMemberTracker>>()));

    /// <summary>Registers a keyed <see cref="RtmMemberTracker"/> named <paramref name="name"/>, its options bound from <paramref name="configuration"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The service key and options name.</param>
    /// <param name="configuration">The section to bind.</param>
    /// <returns>The options builder, for further configuration.</returns>
    public static OptionsBuilder<RtmMemberTrackerOptions> AddRtmMemberTracker(this IServiceCollection services, string name, IConfiguration configuration)
        => BindStrictly(services.AddRtmMemberTracker(name, configure: null), services, configuration, "the RTM member tracker", static (section, options) => section.Bind(options));

    private static OptionsBuilder<TOptions> Register<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions, TService>(
        IServiceCollection services,
        string name,
        Action<TOptions>? configure,
        Func<IServiceProvider, TOptions, TService> create)
        where TOptions : class
        where TService : class
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        if (name is null)
        {
            throw new ArgumentNullException(nameof(name));
        }

        services.TryAddSingleton<ITimeProvider>(sp => ClockOf(sp, services));
        services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(IValidateOptions<TOptions>), typeof(ConnectivityOptionsValidator)));
        ConfigurationPaths.Of(services);

        var builder = services.AddOptions<TOptions>(name);
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        builder.ValidateOnStart();
        // The connections the container creates end with the host: an RTC connection leaves its channel, an RTM one logs out.
        var lifetime = ConnectionLifetime.Of(services);
        if (name == Options.Options.DefaultName)
        {
            services.AddSingleton(sp => lifetime.Created(create(sp, sp.GetRequiredService<IOptionsMonitor<TOptions>>().Get(name))));
        }
        else
        {
            services.AddKeyedSingleton(name, (sp, _) => lifetime.Created(create(sp, sp.GetRequiredService<IOptionsMonitor<TOptions>>().Get(name))));
        }

        return builder;
    }

    // A connection's follower, under the connection's own key, as itself and as the SDK-shaped interface an app's handler forwards to.
    // Resolved over a connection whose options do not follow the SDK, it says how to make it follow. The container disposes it; it
    // leaves the connection to the container.
    private static void RegisterFollower<TMachine, TFollower, TEvents>(IServiceCollection services, string name, string what, Func<TMachine, bool> follows, Func<IServiceProvider, TMachine, TFollower> create)
        where TMachine : class
        where TFollower : class, TEvents
        where TEvents : class
    {
        TFollower Create(IServiceProvider sp)
        {
            var machine = name == Options.Options.DefaultName ? sp.GetRequiredService<TMachine>() : sp.GetRequiredKeyedService<TMachine>(name);
            return follows(machine)
                ? create(sp, machine)
                : throw new InvalidOperationException($"The {what}{(name == Options.Options.DefaultName ? string.Empty : $" '{name}'")} does not follow the SDK, so it has no {typeof(TFollower).Name}: set FollowSdk to true in its options (in configuration, the key FollowSdk of its section).");
        }

        if (name == Options.Options.DefaultName)
        {
            services.AddSingleton(Create);
            services.AddSingleton<TEvents>(sp => sp.GetRequiredService<TFollower>());
        }
        else
        {
            services.AddKeyedSingleton(name, (sp, _) => Create(sp));
            services.AddKeyedSingleton<TEvents>(name, (sp, key) => sp.GetRequiredKeyedService<TFollower>(key));
        }
    }

    // The app's clock: the registered TimeProvider; else a clock registered as its own type (services.AddSingleton(fake) registers
    // a FakeTimeProvider, not a TimeProvider), found among the registrations, which are complete when the first service is built;
    // else the system clock.
    private static ITimeProvider ClockOf(IServiceProvider services, IServiceCollection registrations)
    {
        if (services.GetService<TimeProvider>() is { } registered)
        {
            return Clocks.From(registered);
        }

        var own = registrations.LastOrDefault(d => !d.IsKeyedService && d.ServiceType != typeof(ITimeProvider)
            && (typeof(TimeProvider).IsAssignableFrom(d.ServiceType) || typeof(ITimeProvider).IsAssignableFrom(d.ServiceType)));
        return own is null ? SystemTimeProvider.Instance : services.GetService(own.ServiceType) switch
        {
            ITimeProvider clock => clock,
            TimeProvider clock => Clocks.From(clock),
            _ => SystemTimeProvider.Instance,
        };
    }

    // A named connection logs under its own category, the type's followed by the name ("…RtcConnectionStateMachine.main"), so the
    // type's filter rules still apply and two connections read apart; an unnamed one under the type's.
    private static ILogger<T>? LoggerOf<T>(IServiceProvider services, string name)
    {
        if (name == Options.Options.DefaultName || services.GetService<ILoggerFactory>() is not { } factory)
        {
            return services.GetService<ILogger<T>>();
        }

        return TypedLogger<T>.From(factory.CreateLogger($"{typeof(T).FullName}.{name}"));
    }

    // A named connection carries its name into its traces (agora.connection.name) and metrics (agora.connection).
    private static TMachine Named<TMachine>(TMachine machine, string name)
        where TMachine : INamedConnection
    {
        machine.ConnectionName = name == Options.Options.DefaultName ? null : name;
        return machine;
    }

    // A section's unknown keys (a misspelled "InteruptionTimeout", an app's "AppId" beside ours) fail at start with a message that
    // names the key's path, the connection and where app settings belong (SettingKeys, which also lets a connection's section hold its
    // driver's "Reconnect" section, as docs/operating.md lays it out: the binder's own ErrorOnUnknownConfiguration would refuse it). The
    // section's path names the options in every validation message (Agora:Rtc:main:InterruptionTimeout must be ...). Each caller
    // binds its own options type, so the configuration binder's source generator (EnableConfigurationBindingGenerator) binds it
    // without reflection: the package is trimmable and Native AOT compatible (issue 38).
    private static OptionsBuilder<TOptions> BindStrictly<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TOptions>(
        OptionsBuilder<TOptions> builder,
        IServiceCollection services,
        IConfiguration configuration,
        string connection,
        Action<IConfiguration, TOptions> bind)
        where TOptions : class
    {
        Guard(configuration);
        var path = (configuration as IConfigurationSection)?.Path;
        if (path is not null)
        {
            ConfigurationPaths.Of(services).Add(typeof(TOptions), builder.Name, path);
        }

        var name = builder.Name;
        services.AddSingleton<IOptionsChangeTokenSource<TOptions>>(new ConfigurationChangeTokenSource<TOptions>(name, configuration));
        return builder.Configure(options =>
        {
            SettingKeys.Check<TOptions>(configuration, path, name == Options.Options.DefaultName ? connection : $"{connection} '{name}'", name);
            bind(configuration, options);
        });
    }

    private static IConfiguration Guard(IConfiguration configuration)
        => configuration ?? throw new ArgumentNullException(nameof(configuration));
}
