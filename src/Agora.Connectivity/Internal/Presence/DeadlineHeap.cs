namespace Agora.Connectivity.Internal.Presence;

/// <summary>
/// A binary min-heap of deadlines ordered by due time, then by insertion order (so members due at
/// the same instant are reported in the order they were scheduled). Each entry carries a version so
/// its owner can tell a live entry from one it has since replaced. Not thread-safe: used under a lock.
/// </summary>
internal sealed class DeadlineHeap<T>
    where T : class
{
    private Entry[] _entries = new Entry[16];
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
            var index = 0;
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

                if (!_entries[child].IsBefore(last))
                {
                    break;
                }

                _entries[index] = _entries[child];
                index = child;
            }

            _entries[index] = last;
        }

        return top;
    }

    public void Clear()
    {
        Array.Clear(_entries, 0, Count);
        Count = 0;
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
