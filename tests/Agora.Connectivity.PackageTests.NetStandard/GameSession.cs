using System;
using System.Collections.Generic;
using System.Threading;
using Agora.Connectivity;
using Agora.Connectivity.Rtc;

namespace Agora.Connectivity.PackageTests.NetStandard;

/// <summary>
/// A game's logic as a netstandard2.0 library ships it: it takes the app's <see cref="TimeProvider"/> and hands out the
/// connection's events as a stream. A net10.0 test that references this library and the package compiles against both
/// (issue 38: it failed with CS0012 for Microsoft.Bcl.TimeProvider until the package's net8.0 group depended on it too).
/// </summary>
public sealed class GameSession : IDisposable
{
    public GameSession(TimeProvider time)
    {
        Clock = time;
        Connection = new RtcConnectionStateMachine(null, time);
    }

    public RtcConnectionStateMachine Connection { get; }

    public TimeProvider Clock { get; }

    public IAsyncEnumerable<ConnectivityEvent> Events(CancellationToken cancellationToken) => Connection.ReadEventsAsync(cancellationToken);

    public void Dispose() => Connection.Dispose();
}
