using Agora.Connectivity;
using Agora.Connectivity.Presence;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agora.Connectivity.PackageTests.NetStandard;

/// <summary>
/// Every way a consumer calls the constructors, compiled with C# 12 (this project's language version):
/// the <see cref="System.TimeProvider"/> overloads must leave none of the <see cref="ITimeProvider"/> calls
/// ambiguous on a compiler that knows no overload priorities. It builds, or CI fails.
/// </summary>
public static class ConstructorShapes
{
    public static System.Collections.Generic.List<System.IDisposable> All(RtcConnectionOptions options, ITimeProvider custom, ILogger<RtcConnectionStateMachine> logger)
    {
        var fake = new FakeTimeProvider();
        var system = System.TimeProvider.System;
        return new System.Collections.Generic.List<System.IDisposable>
        {
            new RtcConnectionStateMachine(),
            new RtcConnectionStateMachine(options),
            new RtcConnectionStateMachine(null),
            new RtcConnectionStateMachine(null, null),
            new RtcConnectionStateMachine(null, null, null),
            new RtcConnectionStateMachine(options, fake),
            new RtcConnectionStateMachine(options, custom),
            new RtcConnectionStateMachine(options, system),
            new RtcConnectionStateMachine(options, fake, logger),
            new RtcConnectionStateMachine(options, system, logger),
            new RtcConnectionStateMachine(options, fake, NullLogger.Instance),
            new RtcConnectionStateMachine(fake),
            new RtcConnectionStateMachine(system),
            new RtcConnectionStateMachine(timeProvider: fake),
            new RtcConnectionStateMachine(timeProvider: custom),
            new RtcConnectionStateMachine(timeProvider: system),
            new RtcConnectionStateMachine(timeProvider: null),
            new RtcConnectionStateMachine(options: options, timeProvider: fake),
            new RtcConnectionStateMachine(timeProvider: fake, logger: logger),
            new RtcConnectionStateMachine(logger: logger),
            new RtcConnectionStateMachine(null, null, null, null),
            new RtcConnectionStateMachine(options, fake, logger, meterFactory: null),
            new RtmConnectionStateMachine(),
            new RtmConnectionStateMachine(null),
            new RtmConnectionStateMachine(timeProvider: fake),
            new RtmConnectionStateMachine(timeProvider: system),
            new RtmConnectionStateMachine(null, fake),
            new RtmConnectionStateMachine(null, null, null, null),
            new RtmConnectionStateMachine(null, custom, null, meterFactory: null),
            new RemoteUserTracker(),
            new RemoteUserTracker(null),
            new RemoteUserTracker(timeProvider: fake),
            new RemoteUserTracker(timeProvider: system),
            new RemoteUserTracker(null, fake, NullLogger<RemoteUserTracker>.Instance),
            new RtmMemberTracker(),
            new RtmMemberTracker(timeProvider: fake),
            new RtmMemberTracker(timeProvider: system),
        };
    }
}
