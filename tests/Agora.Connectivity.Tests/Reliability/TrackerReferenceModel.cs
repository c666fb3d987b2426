namespace Agora.Connectivity.Tests.Reliability;

/// <summary>
/// One observer's view of the others as docs 000, 001 and 004 state it (offline after 20 s of silence,
/// the server letting go after 3 min, a quit at once, back means joined again), written independently.
/// </summary>
internal sealed class TrackerReferenceModel
{
    private static readonly long Offline = TimeSpan.FromSeconds(20).Ticks;
    private static readonly long PeerLeave = TimeSpan.FromMinutes(3).Ticks;

    private readonly Dictionary<uint, (long LastData, bool Offline)> _users = [];
    private readonly List<string> _events = [];
    private long _now;

    public IReadOnlyList<string> Events => _events;

    public void Apply(TrackerStep step)
    {
        switch (step.Kind)
        {
            case TrackerStepKind.Advance:
                AdvanceTo(_now + step.Ticks);
                break;
            case TrackerStepKind.Joined or TrackerStepKind.Activity:
                if (!_users.TryGetValue(step.Uid, out var user) || user.Offline)
                {
                    _events.Add($"{_now} joined {step.Uid}");
                }

                _users[step.Uid] = (_now, false);
                break;
            case TrackerStepKind.Left:
                if (_users.TryGetValue(step.Uid, out var leaving))
                {
                    _users.Remove(step.Uid);
                    _events.Add(leaving.Offline ? $"{_now} left {step.Uid}" : $"{_now} offline {step.Uid} Quit");
                }

                break;
        }
    }

    private void AdvanceTo(long target)
    {
        while (true)
        {
            var due = _users
                .Select(pair => (Uid: pair.Key, Due: pair.Value.LastData + (pair.Value.Offline ? PeerLeave : Offline)))
                .Where(x => x.Due <= target)
                .OrderBy(x => x.Due)
                .ThenBy(x => x.Uid)
                .ToList();
            if (due.Count == 0)
            {
                break;
            }

            var (uid, at) = due[0];
            _now = at;
            var user = _users[uid];
            if (user.Offline)
            {
                _users.Remove(uid);
                _events.Add($"{_now} left {uid}");
            }
            else
            {
                _users[uid] = (user.LastData, true);
                _events.Add($"{_now} offline {uid} Dropped");
            }
        }

        _now = target;
    }
}

internal enum TrackerStepKind
{
    Advance,
    Joined,
    Activity,
    Left,
}

internal sealed record TrackerStep(TrackerStepKind Kind, uint Uid = 0, long Ticks = 0)
{
    public override string ToString() => Kind == TrackerStepKind.Advance ? $"Advance({TimeSpan.FromTicks(Ticks)})" : $"{Kind}({Uid})";
}
