using Agora.Connectivity.Rtc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;

namespace Agora.Connectivity.Tests.Hosting;

/// <summary>A test host's fake clock drives the machines however the test registers it (issue 28, item 3).</summary>
public class ClockRegistrationTests
{
    [Test]
    public async Task TheLibrarysFake_RegisteredAsItsOwnType_DrivesTheMachine()
    {
        var time = new Agora.Connectivity.Testing.FakeTimeProvider();
        var (host, machine) = await JoinedIn(services => services.AddSingleton(time));

        using var _ = host;
        time.Advance(Sec(5));

        Assert.That(machine.State, Is.EqualTo(ConnectionState.Reconnecting), "the README says a test host registers FakeTimeProvider; this is how a user writes it");
    }

    [Test]
    public async Task MicrosoftsFake_RegisteredAsItsOwnType_DrivesTheMachine()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var (host, machine) = await JoinedIn(services => services.AddSingleton(time));

        using var _ = host;
        time.Advance(Sec(5));

        Assert.That(machine.State, Is.EqualTo(ConnectionState.Reconnecting));
    }

    [Test]
    public async Task ARegisteredTimeProvider_WinsOverAClockRegisteredAsItsOwnType()
    {
        var used = new Agora.Connectivity.Testing.FakeTimeProvider();
        var other = new Agora.Connectivity.Testing.FakeTimeProvider();
        var (host, machine) = await JoinedIn(services => services.AddSingleton(other).AddSingleton<TimeProvider>(used));

        using var _ = host;
        other.Advance(Sec(5));
        Assert.That(machine.State, Is.EqualTo(ConnectionState.Connected));
        used.Advance(Sec(5));
        Assert.That(machine.State, Is.EqualTo(ConnectionState.Reconnecting));
    }

    private static async Task<(IHost Host, RtcConnectionStateMachine Machine)> JoinedIn(Action<IServiceCollection> registerClock)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddRtcConnection();
        registerClock(builder.Services); // after the connection: the order must not matter
        var host = builder.Build();
        await host.StartAsync();
        var machine = host.Services.GetRequiredService<RtcConnectionStateMachine>();
        machine.JoinChannel();
        machine.ReportJoinSuccess();
        return (host, machine);
    }
}
