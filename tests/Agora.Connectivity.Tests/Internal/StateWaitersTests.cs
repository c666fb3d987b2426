using Agora.Connectivity.Internal;
using Agora.Connectivity.Rtc;

namespace Agora.Connectivity.Tests.Internal;

/// <summary>
/// The waiters behind <c>WaitForStateAsync</c>: a waiter leaves the list when it completes, however it completes, so an app
/// that waits for a state on every reconnect for months holds nothing for the waits that are over.
/// </summary>
public class StateWaitersTests
{
    [Test]
    public void Reached_CompletesTheWaitersOfThatState_AndForgetsThem_KeepingTheOthers()
    {
        var waiters = new StateWaiters<ConnectionState>();
        var connected = Enumerable.Range(0, 3).Select(i => waiters.Add_NeedsLock(ConnectionState.Connected, out _)).ToList();
        var failed = waiters.Add_NeedsLock(ConnectionState.Failed, out _);

        waiters.Reached_NeedsLock(ConnectionState.Connected);

        Assert.That(connected.Select(t => t.Status), Is.All.EqualTo(TaskStatus.RanToCompletion));
        Assert.That(failed.IsCompleted, Is.False);
        Assert.That(waiters.Count, Is.EqualTo(1));
        waiters.Reached_NeedsLock(ConnectionState.Connected);
        Assert.That(waiters.Count, Is.EqualTo(1));
    }

    [Test]
    public void Fail_FaultsEveryWaiter_AndForgetsThem()
    {
        var waiters = new StateWaiters<ConnectionState>();
        var tasks = new[] { waiters.Add_NeedsLock(ConnectionState.Connected, out _), waiters.Add_NeedsLock(ConnectionState.Failed, out _) };
        var error = new ObjectDisposedException("machine");

        waiters.Fail_NeedsLock(error);

        Assert.That(tasks.Select(t => t.Exception?.InnerException), Is.All.SameAs(error));
        Assert.That(waiters.Count, Is.Zero);
    }

    [Test]
    public void Cancel_CancelsOnlyAWaiterStillWaiting()
    {
        var waiters = new StateWaiters<ConnectionState>();
        var task = waiters.Add_NeedsLock(ConnectionState.Connected, out var waiter);
        waiters.Reached_NeedsLock(ConnectionState.Connected);

        waiters.Cancel_NeedsLock(waiter, new CancellationToken(canceled: true));

        Assert.That(task.Status, Is.EqualTo(TaskStatus.RanToCompletion));
        Assert.That(waiters.Count, Is.Zero);
    }
}
