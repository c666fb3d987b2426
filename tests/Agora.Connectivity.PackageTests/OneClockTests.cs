using Agora.Connectivity.Rtc;
using Agora.Connectivity.Testing;

namespace Agora.Connectivity.PackageTests;

/// <summary>One fake clock for an app's own <see cref="TimeProvider"/> code and the library's machines.</summary>
public class OneClockTests
{
    [Test]
    public async Task OneFake_DrivesAppDelaysAPeriodicTimerAndAMachine_InTimeOrder()
    {
        var time = new FakeTimeProvider();
        var log = new List<string>();
        using var machine = new RtcConnectionStateMachine(timeProvider: time);
        machine.EventRaised += (_, e) => log.Add($"{time.Elapsed.TotalSeconds}s machine {e.GetType().Name}");
        machine.JoinChannel();
        machine.ReportJoinSuccess();

        async Task AppRetryAfterFiveSeconds()
        {
            await Task.Delay(TimeSpan.FromSeconds(5), time);
            log.Add($"{time.Elapsed.TotalSeconds}s app delay over");
        }

        using var heartbeat = new PeriodicTimer(TimeSpan.FromSeconds(6), time);
        var retry = AppRetryAfterFiveSeconds();
        var firstBeat = heartbeat.WaitForNextTickAsync().AsTask().ContinueWith(_ => log.Add($"{time.Elapsed.TotalSeconds}s app heartbeat"), TaskContinuationOptions.ExecuteSynchronously);

        time.Advance(TimeSpan.FromSeconds(15));
        await retry;
        await firstBeat;

        Assert.That(log, Is.EqualTo(new[]
        {
            "0s machine ConnectionStateChanged",
            "0s machine ConnectionStateChanged",
            "0s machine JoinChannelSucceeded",
            "4s machine ConnectionStateChanged",
            "4s machine ConnectionInterrupted",
            "5s app delay over",
            "6s app heartbeat",
            "14s machine ConnectionLost",
        }));
    }
}
