namespace Agora.Connectivity.Internal.Presence;

/// <summary>
/// A binary min-heap of deadlines ordered by due time, then by insertion order (so members due at
/// the same instant are reported in the order they were scheduled). Each entry carries a version so
/// its owner can tell a live entry from one it has since replaced. Not thread-safe: used under a lock.
/// </summary>
internal sealed class DeadlineHeap<T>
{
    private const int MinimumCapacity = 16;

    private Entry[] _entries = new Entry[MinimumCapacity];
    private long _sequence;

    public int Count { get; private set; }

    public long MinDue => _entries[0].Due;

    public void Push(long due, T item, int version)
    {
        if (Count == _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
        }

        var entry = new Entry(due, _sequence++, item, version);
        var index = Count++;
        while (index > 0)
        {
            var parent = (index - 1) / 2;
            if (!entry.IsBefore(_entries[parent]))
            {
                break;
            }

            _entries[index] = _entries[parent];
            index = parent;
        }

        _entries[index] = entry;
    }

    public T Pop(out int version)
    {
        var top = _entries[0].Item;
        version = _entries[0].Version;
        var last = _entries[--Count];
        _entries[Count] = default;
        if (Count > 0)
        {
            _entries[0] = last;
            SiftDown(0);
        }

        // Shrinks by half when a quarter full, so a spike's array does not outlive it; amortized O(1).
        if (_entries.Length > MinimumCapacity && Count < _entries.Length / 4)
        {
            Array.Resize(ref _entries, _entries.Length / 2);
        }

        return top;
    }

    /// <summary>Gets the length of the backing array.</summary>
    public int Capacity => _entries.Length;

    /// <summary>Drops every entry <paramref name="isStale"/> says is stale and rebuilds the heap, in O(n), with an array sized to what is left.</summary>
    public void RemoveWhere(Func<T, int, bool> isStale)
    {
        var kept = 0;
        for (var i = 0; i < Count; i++)
        {
            if (!isStale(_entries[i].Item, _entries[i].Version))
            {
                _entries[kept++] = _entries[i];
            }
        }

        var capacity = MinimumCapacity;
        while (capacity < kept * 2)
        {
            capacity *= 2;
        }

        var entries = new Entry[capacity];
        Array.Copy(_entries, entries, kept);
        _entries = entries;
        Count = kept;
        for (var index = (Count / 2) - 1; index >= 0; index--)
        {
            SiftDown(index);
        }
    }

    public void Clear()
    {
        Array.Clear(_entries, 0, Count);
        Count = 0;
    }

    private void SiftDown(int index)
    {
        var entry = _entries[index];
        while (true)
        {
            var child = (2 * index) + 1;
            if (child >= Count)
            {
                break;
            }

            if (child + 1 < Count && _entries[child + 1].IsBefore(_entries[child]))
            {
                child++;
            }

            if (!_entries[child].IsBefore(entry))
            {
                break;
            }

            _entries[index] = _entries[child];
            index = child;
        }

        _entries[index] = entry;
    }

    private readonly struct Entry
    {
        public Entry(long due, long sequence, T item, int version)
        {
            Due = due;
            Sequence = sequence;
            Item = item;
            Version = version;
        }

        public long Due { get; }

        public long Sequence { get; }

        public T Item { get; }

        public int Version { get; }

        public bool IsBefore(Entry other) => Due < other.Due || (Due == other.Due && Sequence < other.Sequence);
    }
}
