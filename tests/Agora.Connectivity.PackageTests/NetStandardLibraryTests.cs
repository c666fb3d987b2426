using Agora.Connectivity.PackageTests.NetStandard;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Testing;

namespace Agora.Connectivity.PackageTests;

/// <summary>
/// A net10.0 test over a netstandard2.0 library (a game's logic) that references the package: the types the library's
/// API passes through (<see cref="TimeProvider"/>, <see cref="IAsyncEnumerable{T}"/>) come from the package's
/// dependencies on netstandard2.0 and from the runtime here, and the test compiles without adding a reference (issue 38).
/// </summary>
public class NetStandardLibraryTests
{
    [Test]
    public async Task AGameLibraryOnNetStandard_TakesTheTestsFakeClock_AndStreamsItsEvents()
    {
        var time = new FakeTimeProvider();
        using var session = new GameSession(time);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var events = session.Events(cancel.Token).GetAsyncEnumerator(cancel.Token);

        session.Connection.JoinChannel();
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.That(session.Clock, Is.SameAs(time));
        Assert.That(await events.MoveNextAsync(), Is.True);
        Assert.That(events.Current, Is.InstanceOf<ConnectionStateChanged>().With.Property(nameof(ConnectionStateChanged.State)).EqualTo(ConnectionState.Connecting));
        await events.DisposeAsync();
    }
}
