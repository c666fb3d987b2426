using System.Collections;

namespace Agora.Connectivity.Testing.Internal;

/// <summary>A simulation's users, in the order they were added, and its end: what every simulation keeps alike.</summary>
/// <typeparam name="TUser">The simulation's kind of user.</typeparam>
internal sealed class SimulationRoster<TUser> : IEnumerable<TUser>
{
    private readonly List<TUser> _users = [];
    private readonly string _owner;
    private readonly Action<TUser> _stop;
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="SimulationRoster{TUser}"/> class.</summary>
    /// <param name="owner">The simulation's type name, for <see cref="ObjectDisposedException"/>.</param>
    /// <param name="stop">Stops a user when the simulation ends.</param>
    public SimulationRoster(string owner, Action<TUser> stop)
    {
        _owner = owner;
        _stop = stop;
    }

    public TUser[] ToArray() => _users.ToArray();

    public void Add(TUser user) => _users.Add(user);

    public void ThrowIfDisposed()
    {
        if (_disposed)
        {
            throw new ObjectDisposedException(_owner);
        }
    }

    /// <summary>The timeline name of a user ID's next instance: the ID, then <c>#2</c>, <c>#3</c>… for further devices.</summary>
    public string NextInstanceName(string userId, Func<TUser, string> userIdOf)
    {
        var instance = _users.Count(u => userIdOf(u) == userId) + 1;
        return instance == 1 ? userId : $"{userId}#{instance}";
    }

    /// <summary>Ends the simulation once: its scheduler's timers first, then every user.</summary>
    public void Dispose(SimulationScheduler scheduler)
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        scheduler.Dispose();
        foreach (var user in _users)
        {
            _stop(user);
        }
    }

    public IEnumerator<TUser> GetEnumerator() => _users.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
