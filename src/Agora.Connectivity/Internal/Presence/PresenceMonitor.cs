using Agora.Connectivity.Internal.Dispatch;
using Microsoft.Extensions.Logging;

namespace Agora.Connectivity.Internal.Presence;

/// <summary>
/// The engine behind the presence trackers: who is present, when each was last heard from, and the
/// silence stages each passes (for RTC: offline after 20 s, gone after 3 min; for RTM: gone after 30 s).
/// </summary>
/// <remarks>
/// <para>Per packet (<see cref="ReportActivity"/>) a present member's time is stamped in the slot of the members' table
/// that its lookup reads (<see cref="PresenceTable{TKey}"/>): no lock, no allocation, no timer, no second object. All
/// members' deadlines share one timer and one due-ordered heap with at most one live entry per member; an entry is
/// checked against the member's last activity only when it comes due, and pushed back if the member spoke since (so
/// steady traffic costs one heap operation per member per stage length, not per packet).</para>
/// <para>A packet that races with the deadline that declares its member silent may be counted
/// against the old presence; the member's next packet then reports it back.</para>
/// </remarks>
internal sealed class PresenceMonitor<TKey>
    where TKey : notnull
{
    private const int TrimThreshold = 1024;

    private readonly object _gate = new();
    private readonly PresenceTable<TKey> _members = new();
    private int _peak;
    private int _lastVersion;
    private readonly DeadlineHeap<TKey> _deadlines = new();
    private readonly TimeSpan[] _stages;
    private readonly ITimeProvider _time;
    private readonly IPresenceObserver<TKey> _observer;
    private readonly string _sourceName;
    private readonly ILogger _logger;
    private ITimer? _timer;
    private long _armedDue = long.MaxValue;

    /// <summary>Initializes a new instance of the <see cref="PresenceMonitor{TKey}"/> class for <paramref name="owner"/>, the public tracker that raises the events.</summary>
    /// <param name="owner">The tracker: the events' sender, and told of every change under the lock.</param>
    /// <param name="time">The clock and timer; the system clock when <see langword="null"/>.</param>
    /// <param name="silenceStages">How long after a member's last activity each silence stage is reached, in increasing order.</param>
    /// <param name="sourceName">The tracker's name in the logs.</param>
    /// <param name="logger">The tracker's logger; <see cref="TraceFallbackLogger"/> when <see langword="null"/>.</param>
    /// <param name="eventContext">Where the events are delivered (the options' <c>EventContext</c>); the reporting thread when <see langword="null"/>.</param>
    public PresenceMonitor(IPresenceObserver<TKey> owner, ITimeProvider? time, TimeSpan[] silenceStages, string sourceName, ILogger? logger, SynchronizationContext? eventContext)
    {
        _observer = owner;
        _time = time ?? SystemTimeProvider.Instance;
        _stages = silenceStages;
        _sourceName = sourceName;
        _logger = logger ?? TraceFallbackLogger.Instance;
        Dispatcher = new EventDispatcher(_gate, owner, sourceName, _logger, eventContext);
    }

    public EventDispatcher Dispatcher { get; }

    /// <summary>Gets the clock the monitor reads.</summary>
    public ITimeProvider Time => _time;

    /// <summary>Gets the logger the monitor writes to.</summary>
    public ILogger Logger => _logger;

    /// <summary>Stamps a present member; anything else (an unknown member, one reported silent) takes the locked path.</summary>
    public void ReportActivity(TKey key)
    {
        if (!_members.TryStamp(key, _time))
        {
            Dispatcher.Run((Monitor: this, Key: key), static s => s.Monitor.Heard_NeedsLock(s.Key));
        }
    }

    public void ReportJoined(TKey key) => Dispatcher.Run((Monitor: this, Key: key), static s => s.Monitor.Heard_NeedsLock(s.Key));

    public void ReportLeft(TKey key, int how = 0) => Dispatcher.Run((Monitor: this, Key: key, How: how), static s => s.Monitor.Left_NeedsLock(s.Key, s.How));

    /// <summary>Gets the sizes behind the tracker, for the tests of its trimming: members now and at the peak since the last trim, the heap's array length and the table's slots.</summary>
    internal (int Members, int Peak, int HeapCapacity, int TableCapacity) Footprint
    {
        get
        {
            lock (_gate)
            {
                return (_members.Count, _peak, _deadlines.Capacity, _members.Capacity);
            }
        }
    }

    /// <summary>Lists the members that have not passed any silence stage, in no particular order.</summary>
    public IReadOnlyList<TKey> Present()
    {
        lock (_gate)
        {
            return _members.Present();
        }
    }

    public bool IsPresent(TKey key) => _members.IsPresent(key);

    /// <summary>Raises nothing more, stops the timer and forgets every member.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (Dispatcher.IsDisposed)
            {
                return;
            }

            Dispatcher.Dispose_NeedsLock();
            _timer?.Dispose();
            _timer = null;
            _members.Clear();
            _deadlines.Clear();
            _peak = 0;
        }

        Dispatcher.NotifyDisposed();
    }

    /// <summary>Queues an event of the owner's; called from the <see cref="IPresenceObserver{TKey}"/> callbacks, under the lock.</summary>
    public void Raise_NeedsLock(ConnectivityEvent e) => Dispatcher.Raise_NeedsLock(e);

    private void Heard_NeedsLock(TKey key)
    {
        var now = _time.GetTimestamp();
        var index = _members.IndexOf(key);
        if (index < 0)
        {
            var version = NextVersion_NeedsLock();
            _members.Add(key, now, version);
            _peak = Math.Max(_peak, _members.Count);
            Schedule_NeedsLock(key, 0, now, version);
            LogChange_NeedsLock(key, "joined");
            _observer.Joined_NeedsLock(key, _time.GetUtcNow());
            return;
        }

        _members.SetStamp(index, now);
        if (_members.StageAt(index) > 0)
        {
            // Back after being reported silent: a new presence, with a fresh deadline (the old entry,
            // due at a later stage's time, is retired by the new version).
            _members.SetStage(index, 0);
            var version = NextVersion_NeedsLock();
            _members.SetVersion(index, version);
            Schedule_NeedsLock(key, 0, now, version);
            LogChange_NeedsLock(key, "came back");
            _observer.Joined_NeedsLock(key, _time.GetUtcNow());
        }
    }

    // A deadline is live while its version is the member's: any value not given before will do.
    // Stryker disable once Update : counting down gives versions as unique as counting up.
    private int NextVersion_NeedsLock() => ++_lastVersion;

    /// <summary>Applies a member's leave under the lock (<see cref="ReportLeft"/> takes it first); an unknown member is ignored, logged at Debug.</summary>
    public void Left_NeedsLock(TKey key, int how)
    {
        var index = _members.IndexOf(key);
        if (index < 0)
        {
            Log.ReportIgnored(_logger, _sourceName, $"the leave of {key}", "unknown member");
            return;
        }

        var wasSilent = _members.StageAt(index) > 0;
        _members.RemoveAt(index);
        LogChange_NeedsLock(key, "left");
        _observer.Left_NeedsLock(key, wasSilent, how, _time.GetUtcNow());
        TrimIfMostlyEmpty_NeedsLock();
    }

    // After a spike (a million users joined and left) the collections would keep their peak size. The table shrinks
    // itself once mostly empty; once at most a quarter of the peak is left, the heap drops the entries of members gone or
    // rescheduled. Each trim costs O(peak) and the peak then falls to what is left, so it is amortized O(1) per
    // removal; the per-packet path never trims.
    private void TrimIfMostlyEmpty_NeedsLock()
    {
        _members.TrimIfMostlyEmpty();
        if (_peak < TrimThreshold || _members.Count > _peak / 4)
        {
            return;
        }

        _deadlines.RemoveWhere((key, version) => !_members.HasVersion(key, version));
        _peak = _members.Count;
    }

    private void Schedule_NeedsLock(TKey key, int stage, long lastActivity, int version)
    {
        // A tracker that follows an SDK has no silence stages: only the SDK's reports move its members.
        if (stage >= _stages.Length)
        {
            return;
        }

        var due = TimeMath.DueAt(_time, lastActivity, _stages[stage]);
        _deadlines.Push(due, key, version);
        if (due < _armedDue)
        {
            Arm_NeedsLock(due);
        }
    }

    private void OnTimer() => Dispatcher.Run(this, static m => m.OnDeadline_NeedsLock());

    private void OnDeadline_NeedsLock()
    {
        // One reading of the clocks for the whole batch: a hundred thousand members falling silent at once is one callback.
        var reading = TimeMath.Now(_time);
        var now = reading.Timestamp;
        _armedDue = long.MaxValue;
        while (_deadlines.Count > 0 && _deadlines.MinDue <= now)
        {
            var key = _deadlines.Pop(out var version);
            var index = _members.IndexOf(key);
            if (index < 0 || _members.VersionAt(index) != version)
            {
                continue;
            }

            var lastActivity = _members.StampAt(index);
            var stage = _members.StageAt(index);
            var due = TimeMath.DueAt(_time, lastActivity, _stages[stage]);
            if (due > now)
            {
                _deadlines.Push(due, key, version);
                continue;
            }

            // Information, like joined and left: a member going offline is a presence change an operator wants to see.
            if (_logger.IsEnabled(LogLevel.Information))
            {
                var silence = _stages[stage].TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
                LogChange_NeedsLock(key, stage + 1 == _stages.Length ? $"is gone after {silence} s of silence" : $"went offline after {silence} s of silence");
            }

            if (stage + 1 == _stages.Length)
            {
                _members.RemoveAt(index);
            }
            else
            {
                _members.SetStage(index, stage + 1);
                _deadlines.Push(TimeMath.DueAt(_time, lastActivity, _stages[stage + 1]), key, version);
            }

            // Stamped with the documented instant (last activity + the stage's timeout), however late this callback runs.
            _observer.SilenceStageReached_NeedsLock(key, stage, TimeMath.InstantOf(_time, due, reading));
        }

        TrimIfMostlyEmpty_NeedsLock();
        if (_deadlines.Count > 0)
        {
            Arm_NeedsLock(_deadlines.MinDue);
        }
        else
        {
            _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    // The member's name is formatted only for a logger that writes it: a channel's worth of changes in one callback would
    // otherwise format as many strings for nobody.
    private void LogChange_NeedsLock(TKey key, string change)
    {
        if (_logger.IsEnabled(LogLevel.Information))
        {
            Log.PresenceChanged(_logger, _sourceName, key.ToString()!, change);
        }
    }

    private void Arm_NeedsLock(long due)
    {
        _armedDue = due;
        var delay = TimeMath.Elapsed(_time, _time.GetTimestamp(), due);
        if (delay < TimeSpan.Zero)
        {
            delay = TimeSpan.Zero;
        }

        if (_timer is null)
        {
            _timer = _time.CreateTimer(static state => ((PresenceMonitor<TKey>)state!).OnTimer(), this, delay, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _timer.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }
}
