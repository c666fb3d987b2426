namespace Agora.Connectivity.Internal.Presence;

/// <summary>
/// The presence monitor's members, keyed by user: an open-addressing table whose slots hold the key, the member's stage
/// and the time it was last heard from, so that the per-packet stamp reads one slot and writes in it, without a lock,
/// an allocation or a second object to reach.
/// </summary>
/// <remarks>
/// <para><b>Who may call what.</b> <see cref="TryStamp"/> and <see cref="IsPresent"/> may run on any thread at any time;
/// every other member is called under the owner's lock, one caller at a time.</para>
/// <para><b>A slot is never reused for another key.</b> A removed member's slot keeps its key and is marked removed; the same
/// key may take it back (a user who left and rejoined), and only a rebuild (into a new array) frees it for others. So a slot that
/// a reader finds holding a key holds that key for as long as the reader can see the array, and a reader never stamps a member
/// it did not look up.</para>
/// <para><b>A rebuild never loses a racing stamp.</b> A reader writes its stamp into the array it looked the member up in,
/// then reads the table again; if the table changed, it stamps again in the new one. The writer copies every slot into the
/// new array, publishes it, makes every thread's earlier writes visible (<c>Interlocked.MemoryBarrierProcessWide</c>: one
/// asymmetric fence per rebuild instead of a fence per packet), and copies the stamps again. A stamp written in the old
/// array before that fence is seen by the second copy; one written after it is followed by a read that sees the new
/// table, so its writer stamps again there.</para>
/// <para>Stamps of one member may be written by several readers at once; the last write wins, as with a plain field.
/// Timestamps only move forward, so the second copy keeps the later of the old and new slot's stamps.</para>
/// <para>User IDs are the app's and are spread by Fibonacci hashing (sequential IDs land far apart); string keys use .NET's
/// randomized string hash. A set of IDs chosen to collide would lengthen probes, never change an answer.</para>
/// </remarks>
/// <typeparam name="TKey">The member's key.</typeparam>
internal sealed class PresenceTable<TKey>
    where TKey : notnull
{
    /// <summary>A slot no member ever held: a lookup stops here.</summary>
    private const int Empty = 0;

    /// <summary>A slot whose member was removed: a lookup goes past it; only the same key takes it back.</summary>
    private const int Removed = -1;

    private const int MinimumCapacity = 16;

    private Table _table = new(MinimumCapacity);

    /// <summary>Gets the number of members.</summary>
    public int Count { get; private set; }

    /// <summary>Gets the number of slots, for the tests of the table's growth and trimming.</summary>
    public int Capacity => _table.Slots.Length;

    /// <summary>
    /// Stamps the time of <paramref name="clock"/> as the last activity of <paramref name="key"/> if it is a member at stage 0
    /// (present), without a lock. Any thread.
    /// </summary>
    /// <remarks>
    /// The clock is read after the slot is found: the lookup's memory access, usually a cache miss at a hundred thousand
    /// members, is issued first and the clock's call overlaps it (measured: <c>docs/benchmarks.md</c>).
    /// </remarks>
    /// <returns><see langword="false"/> when the key is not a present member: the caller takes the locked path.</returns>
    public bool TryStamp(TKey key, ITimeProvider clock)
    {
        var table = Volatile.Read(ref _table);
        while (true)
        {
            var index = table.IndexOf(key, out var status);
            if (index < 0 || status != StatusOf(0))
            {
                return false;
            }

            var now = clock.GetTimestamp(); // read again after a rebuild: a later time, as a report made then would stamp
            ref var stamp = ref table.Slots[index].Stamp;
            if (Volatile.Read(ref stamp) != now)
            {
                Volatile.Write(ref stamp, now);
                // Stryker disable once Statement : empty on .NET 5 and later (the asset tests load), where the writer's process-wide fence stands for it.
                FenceAfterStamp();
            }

            var current = Volatile.Read(ref _table);
            if (current == table)
            {
                return true;
            }

            table = current; // rebuilt while we stamped: stamp again where the member lives now
        }
    }

    /// <summary>Tells whether <paramref name="key"/> is a member at stage 0 (present). Any thread.</summary>
    public bool IsPresent(TKey key) => Volatile.Read(ref _table).IndexOf(key, out var status) >= 0 && status == StatusOf(0);

    /// <summary>Finds <paramref name="key"/>. Under the lock.</summary>
    /// <returns>The member's index, valid until the next <see cref="Add"/> or <see cref="TrimIfMostlyEmpty"/>; -1 when it is not a member.</returns>
    public int IndexOf(TKey key) => _table.IndexOf(key, out _);

    /// <summary>Gets the key of the member at <paramref name="index"/>. Under the lock.</summary>
    public TKey KeyAt(int index) => _table.Slots[index].Key;

    /// <summary>Gets the silence stage the member at <paramref name="index"/> has reached (0: present). Under the lock.</summary>
    public int StageAt(int index) => _table.Slots[index].Status - 1;

    /// <summary>Gets the member's last activity. Under the lock.</summary>
    public long StampAt(int index) => Volatile.Read(ref _table.Slots[index].Stamp);

    /// <summary>Gets the version of the member's live deadline. Under the lock.</summary>
    public int VersionAt(int index) => _table.Versions[index];

    /// <summary>Records the version of the member's live deadline. Under the lock.</summary>
    public void SetVersion(int index, int version) => _table.Versions[index] = version;

    /// <summary>Stamps the member's last activity. Under the lock.</summary>
    public void SetStamp(int index, long now) => Volatile.Write(ref _table.Slots[index].Stamp, now);

    /// <summary>Moves the member to silence stage <paramref name="stage"/> (0: present again). Under the lock.</summary>
    public void SetStage(int index, int stage) => Volatile.Write(ref _table.Slots[index].Status, StatusOf(stage));

    /// <summary>Tells whether <paramref name="key"/> is a member whose live deadline has <paramref name="version"/>. Under the lock.</summary>
    public bool HasVersion(TKey key, int version)
    {
        var index = _table.IndexOf(key, out _);
        return index >= 0 && _table.Versions[index] == version;
    }

    /// <summary>Adds <paramref name="key"/>, which is not a member, present and last heard from at <paramref name="now"/>. Under the lock.</summary>
    /// <returns>The new member's index.</returns>
    /// <remarks>
    /// A member that comes back after being removed (a user who left and rejoined) gets its own removed slot back: a reader still
    /// holding that slot from before the removal would stamp the same member, so reuse is safe for the same key only, and a
    /// user flapping in and out does not fill the table with removed slots.
    /// </remarks>
    public int Add(TKey key, long now, int version)
    {
        var table = _table;
        var index = table.FreeIndexFor(key, out var unused);
        if (unused && (table.Used + 1) * 2 > table.Slots.Length)
        {
            table = Rebuild(Count + 1);
            index = table.FreeIndexFor(key, out unused);
        }

        ref var slot = ref table.Slots[index];
        slot.Key = key;
        Volatile.Write(ref slot.Stamp, now);
        table.Versions[index] = version;
        Volatile.Write(ref slot.Status, StatusOf(0)); // published last: a reader that sees the status sees the key and stamp
        table.Used += unused ? 1 : 0;
        Count++;
        return index;
    }

    /// <summary>Removes the member at <paramref name="index"/>. Under the lock.</summary>
    public void RemoveAt(int index)
    {
        Volatile.Write(ref _table.Slots[index].Status, Removed);
        Count--;
    }

    /// <summary>
    /// Rebuilds the table at the size its members need (dropping removed slots) once that is a quarter of its size or
    /// less, so a spike's array does not outlive it. Under the lock. Amortized O(1) per removal: a table is about a quarter
    /// full or more after it grows or shrinks, and shrinks again only below an eighth, so an eighth of its slots must empty
    /// between two rebuilds.
    /// </summary>
    public void TrimIfMostlyEmpty()
    {
        if (CapacityFor(Count) * 4 <= _table.Slots.Length)
        {
            Rebuild(Count);
        }
    }

    /// <summary>Lists the present members (stage 0). Under the lock.</summary>
    public List<TKey> Present()
    {
        var slots = _table.Slots;
        var present = new List<TKey>();
        for (var i = 0; i < slots.Length; i++)
        {
            if (slots[i].Status == StatusOf(0))
            {
                present.Add(slots[i].Key);
            }
        }

        return present;
    }

    /// <summary>Forgets every member. Under the lock.</summary>
    public void Clear()
    {
        Volatile.Write(ref _table, new Table(MinimumCapacity));
        Count = 0;
    }

    private static int StatusOf(int stage) => stage + 1;

    /// <summary>Gets the capacity for <paramref name="members"/>: a power of two at least twice as large, so a fresh table is at most half full.</summary>
    private static int CapacityFor(int members)
    {
        var capacity = MinimumCapacity;
        while (capacity < members * 2 + 2)
        {
            capacity *= 2;
        }

        return capacity;
    }

    /// <summary>The reader's half of the rebuild's protocol, where the writer's asymmetric fence is not available.</summary>
    private static void FenceAfterStamp()
    {
#if !NET5_0_OR_GREATER
        Interlocked.MemoryBarrier();
#endif
    }

    private Table Rebuild(int members)
    {
        var old = _table;
        var table = new Table(CapacityFor(members));
        var copied = new int[old.Slots.Length]; // where each old slot went, for the second copy
        for (var i = 0; i < old.Slots.Length; i++)
        {
            ref var from = ref old.Slots[i];
            if (from.Status <= Empty)
            {
                copied[i] = -1;
                continue;
            }

            var index = table.FreeIndexFor(from.Key, out _);
            table.Slots[index] = new Slot { Key = from.Key, Status = from.Status, Stamp = Volatile.Read(ref from.Stamp) };
            table.Versions[index] = old.Versions[i];
            table.Used++;
            copied[i] = index;
        }

        Volatile.Write(ref _table, table);

        // The writer's half: every thread's writes so far are visible to this one from here on.
#if NET5_0_OR_GREATER
        // Stryker disable once Statement : not equivalent but beyond a test's reach: on x86 a store waits in its core's buffer for nanoseconds, the window this fence closes (the remarks give the argument).
        Interlocked.MemoryBarrierProcessWide();
#else
        Interlocked.MemoryBarrier(); // the readers fence after each stamp instead
#endif
        for (var i = 0; i < old.Slots.Length; i++)
        {
            if (copied[i] >= 0)
            {
                KeepLater(ref table.Slots[copied[i]].Stamp, Volatile.Read(ref old.Slots[i].Stamp));
            }
        }

        return table;
    }

    /// <summary>Raises <paramref name="stamp"/> to <paramref name="candidate"/> if that is later, against readers stamping it at the same time.</summary>
    private static void KeepLater(ref long stamp, long candidate)
    {
        long current;
        while (candidate > (current = Volatile.Read(ref stamp)))
        {
            Interlocked.CompareExchange(ref stamp, candidate, current);
        }
    }

    private struct Slot
    {
#pragma warning disable SA1401, IDE1006 // Fields, so that readers can use Volatile on them.
        public TKey Key;
        public int Status;
        public long Stamp;
#pragma warning restore SA1401, IDE1006
    }

    /// <summary>One generation of the table: its slots and, beside them, the versions only the lock reads.</summary>
    private sealed class Table
    {
        private readonly int _shift;

        public Table(int capacity)
        {
            Slots = new Slot[capacity];
            Versions = new int[capacity];
            var bits = 0;
            while ((1 << bits) < capacity)
            {
                bits++;
            }

            _shift = 32 - bits;
        }

        public Slot[] Slots { get; }

        public int[] Versions { get; }

        /// <summary>Gets or sets the slots ever taken in this generation (members and removed ones).</summary>
        public int Used { get; set; }

        /// <summary>Finds <paramref name="key"/>'s slot and the status read from it (one read, so a reader acts on what it saw).</summary>
        /// <returns>The slot's index; -1 when the key is not a member.</returns>
        public int IndexOf(TKey key, out int status)
        {
            var slots = Slots;
            var mask = slots.Length - 1;
            for (var index = Home(key); ; index = (index + 1) & mask)
            {
                ref var slot = ref slots[index];
                status = Volatile.Read(ref slot.Status);
                if (status == Empty)
                {
                    return -1;
                }

                if (status != Removed && EqualityComparer<TKey>.Default.Equals(slot.Key, key))
                {
                    return index;
                }
            }
        }

        /// <summary>
        /// Finds the slot for <paramref name="key"/>, which is not a member: its own removed slot, or the first never-used slot on
        /// its probe path (the table is at most half full, so there is one).
        /// </summary>
        /// <param name="key">The key to add.</param>
        /// <param name="unused">Whether the slot was never used (adding takes one more of the table's slots).</param>
        public int FreeIndexFor(TKey key, out bool unused)
        {
            var mask = Slots.Length - 1;
            for (var index = Home(key); ; index = (index + 1) & mask)
            {
                ref var slot = ref Slots[index];
                if (slot.Status == Empty || (slot.Status == Removed && EqualityComparer<TKey>.Default.Equals(slot.Key, key)))
                {
                    unused = slot.Status == Empty;
                    return index;
                }
            }
        }

        /// <summary>Fibonacci hashing: the key's hash times 2^32/φ, its top bits. Spreads sequential user IDs (whose hash is themselves).</summary>
        // Stryker disable once Arithmetic,Bitwise : any home is correct (a lookup probes until it finds the key or a never-used slot); the hash only spreads the keys, a matter of speed.
        private int Home(TKey key) => (int)(((uint)EqualityComparer<TKey>.Default.GetHashCode(key) * 0x9E3779B9u) >> _shift);
    }
}
