using Agora.Connectivity.Internal.Presence;

namespace Agora.Connectivity.Tests.Internal.Presence;

/// <summary>
/// The members' table under racing threads: lock-free stamps against a writer that grows, fills, rebuilds and shrinks the
/// table as fast as it can. Its single-threaded behaviour is checked against a dictionary in
/// <c>ModelBasedTests.PresenceTable_MatchesADictionary</c>.
/// </summary>
public class PresenceTableTests
{
    private const int ReaderKeys = 64;

    [Test]
    public void Stamps_RacingRebuilds_AreNeverLost([Values(1, 2, 3)] int readers)
    {
        var table = new PresenceTable<uint>();
        for (uint key = 0; key < ReaderKeys; key++)
        {
            table.Add(key, 0, 1);
        }

        var last = new long[ReaderKeys]; // the last stamp each key's one reader wrote
        var misses = 0;
        var rebuilds = 0;
        var behind = 0; // a key whose stamp was older than one its reader had already finished writing
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var writer = Task.Factory.StartNew(() =>
        {
            // Churn keys far from the readers': each round adds a few hundred (the table grows), removes them (removed slots
            // fill it) and trims (it shrinks): every round rebuilds the table several times under the readers' stamps.
            var churn = 1_000_000u;
            while (!stop.IsCancellationRequested)
            {
                var capacity = table.Capacity;
                var added = new List<uint>();
                for (var i = 0; i < 300; i++, churn++)
                {
                    table.Add(churn, 0, 1);
                    added.Add(churn);
                }

                foreach (var key in added)
                {
                    table.RemoveAt(table.IndexOf(key));
                }

                table.TrimIfMostlyEmpty();
                rebuilds += table.Capacity != capacity ? 2 : 1;

                // Checked while the readers go on, not only at the end: a stamp lost to a rebuild is usually overwritten soon after.
                for (uint key = 0; key < ReaderKeys; key++)
                {
                    var finished = Volatile.Read(ref last[key]);
                    if (table.StampAt(table.IndexOf(key)) < finished)
                    {
                        behind++;
                    }
                }
            }
        }, TaskCreationOptions.LongRunning);
        var stampers = Enumerable.Range(0, readers).Select(reader => Task.Factory.StartNew(() =>
        {
            var clock = new CountingClock();
            while (!stop.IsCancellationRequested)
            {
                clock.Now++;
                for (var key = (uint)reader; key < ReaderKeys; key += (uint)readers)
                {
                    if (!table.TryStamp(key, clock))
                    {
                        Interlocked.Increment(ref misses);
                    }

                    Volatile.Write(ref last[key], clock.Now);
                }
            }
        }, TaskCreationOptions.LongRunning)).ToArray();

        Task.WaitAll([writer, .. stampers]);

        Assert.That(misses, Is.Zero, "a member present throughout was never reported absent");
        Assert.That(behind, Is.Zero, "no stamp a reader had finished was ever missing from the table");
        Assert.That(rebuilds, Is.GreaterThan(100), "the writer rebuilt the table often enough to race the stamps");
        var lost = Enumerable.Range(0, ReaderKeys).Where(key => table.StampAt(table.IndexOf((uint)key)) != last[key]).ToList();
        Assert.That(lost, Is.Empty, "each key's table stamp is its reader's last");
    }

    [Test]
    public void TryStamp_WhenTheTableIsRebuiltBetweenItsLookupAndItsStamp_StampsTheNewTable()
    {
        var table = new PresenceTable<uint>();
        table.Add(7, 0, 1);
        var clock = new HookedClock(100, () => Grow(table)); // read after the lookup: the table is rebuilt right then
        var before = table.Capacity;

        Assert.That(table.TryStamp(7, clock), Is.True);

        Assert.That(table.Capacity, Is.GreaterThan(before), "rebuilt while stamping");
        Assert.That(table.StampAt(table.IndexOf(7)), Is.EqualTo(100), "the stamp is in the table the member lives in now");
    }

    [TestCase(false)]
    [TestCase(true)]
    public void TryStamp_WhenTheMemberIsGoneOrSilentAfterTheRebuild_ReportsItNotPresent(bool silent)
    {
        var table = new PresenceTable<uint>();
        table.Add(7, 0, 1);
        var clock = new HookedClock(100, () =>
        {
            if (silent)
            {
                table.SetStage(table.IndexOf(7), 1);
            }
            else
            {
                table.RemoveAt(table.IndexOf(7));
            }

            Grow(table);
        });

        Assert.That(table.TryStamp(7, clock), Is.False, "the caller takes the locked path, which sees the member as it is now");
    }

    /// <summary>
    /// A reader that found user 1's slot, then lost the race to its leave and another user's join, stamps a slot no one else may
    /// take (a packet racing a leave is lost, as documented). Tried with 200 other users, so that some are placed on user 1's
    /// probe path whatever the hash: none is ever given user 1's removed slot, and so none is stamped.
    /// </summary>
    [Test]
    public void TryStamp_RacingALeaveAndAnotherUsersJoin_NeverStampsTheOtherUser()
    {
        var stamped = new List<uint>();
        for (var other = 2u; other < 202u; other++)
        {
            var table = new PresenceTable<uint>();
            table.Add(1, 0, 1);
            var joined = other;
            table.TryStamp(1, new HookedClock(100, () =>
            {
                table.RemoveAt(table.IndexOf(1));
                table.Add(joined, 0, 2);
            }));
            if (table.StampAt(table.IndexOf(other)) != 0)
            {
                stamped.Add(other);
            }
        }

        Assert.That(stamped, Is.Empty);
    }

    [Test]
    public void Rebuild_ForMembersAtAPowerOfTwoBoundary_TakesTheSmallerSize()
    {
        var table = new PresenceTable<uint>();
        for (uint key = 0; key < 16; key++)
        {
            table.Add(key, 0, 1); // grows to 32 slots at the ninth
        }

        table.RemoveAt(table.IndexOf(0));
        table.RemoveAt(table.IndexOf(1));
        table.Add(100, 0, 1); // 17 of 32 slots would be taken: rebuilt for 15 members, which 32 slots hold (2 × 15 + 2 = 32)

        Assert.That((table.Count, table.Capacity), Is.EqualTo((15, 32)));
    }

    [Test]
    public void IsPresent_DuringRebuilds_AnswersForEveryMember()
    {
        var table = new PresenceTable<string>();
        var keys = Enumerable.Range(0, 32).Select(i => $"member-{i}").ToArray();
        foreach (var key in keys)
        {
            table.Add(key, 0, 1);
        }

        table.SetStage(table.IndexOf(keys[0]), 1); // silent: a member, not present
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var writer = Task.Factory.StartNew(() =>
        {
            var churn = 0;
            while (!stop.IsCancellationRequested)
            {
                for (var i = 0; i < 100; i++)
                {
                    table.Add($"churn-{churn + i}", 0, 1);
                }

                for (var i = 0; i < 100; i++)
                {
                    table.RemoveAt(table.IndexOf($"churn-{churn + i}"));
                }

                churn += 100;
                table.TrimIfMostlyEmpty();
            }
        }, TaskCreationOptions.LongRunning);
        var wrong = 0;
        var five = new CountingClock { Now = 5 };
        while (!stop.IsCancellationRequested)
        {
            wrong += table.IsPresent(keys[0]) ? 1 : 0;
            wrong += keys.Skip(1).Count(key => !table.IsPresent(key));
            wrong += table.TryStamp(keys[0], five) ? 1 : 0;
            wrong += table.IsPresent("churn-never") ? 1 : 0;
        }

        writer.Wait();
        Assert.That(wrong, Is.Zero);
    }

    [Test]
    public void Add_AfterManyRemovals_RebuildsInsteadOfFillingUp()
    {
        var table = new PresenceTable<uint>();
        for (uint key = 0; key < 10_000; key++)
        {
            table.Add(key, key, 1);
            table.RemoveAt(table.IndexOf(key));
        }

        table.Add(42, 7, 3);
        Assert.That((table.Count, table.Capacity), Is.EqualTo((1, 16)), "removed slots were dropped by rebuilds, never grown into");
        Assert.That(table.StampAt(table.IndexOf(42)), Is.EqualTo(7));
    }

    [Test]
    public void Add_OfAMemberThatLeft_TakesItsOwnSlotBack()
    {
        var table = new PresenceTable<uint>();
        table.Add(1, 0, 1);
        var slot = table.Add(7, 0, 1);
        for (var round = 2; round < 1_000; round++)
        {
            table.RemoveAt(table.IndexOf(7));
            Assert.That(table.Add(7, round, round), Is.EqualTo(slot), "a user flapping in and out does not fill the table");
        }

        Assert.That((table.Count, table.StampAt(slot), table.VersionAt(slot), table.StageAt(slot)), Is.EqualTo((2, 999L, 999, 0)));
    }

    [Test]
    public void Grows_ToAtLeastTwiceItsMembers_AndShrinksOnceMostlyEmpty()
    {
        var table = new PresenceTable<uint>();
        for (uint key = 0; key < 100_000; key++)
        {
            table.Add(key, 0, 1);
            Assert.That(table.Capacity, Is.GreaterThanOrEqualTo(2 * table.Count));
        }

        Assert.That(table.Capacity, Is.EqualTo(262_144));
        for (uint key = 0; key < 100_000; key++)
        {
            table.RemoveAt(table.IndexOf(key));
            table.TrimIfMostlyEmpty();
            Assert.That(table.Capacity, Is.LessThanOrEqualTo(Math.Max(64, 16 * table.Count)));
        }

        Assert.That(table.Capacity, Is.EqualTo(16));
    }

    /// <summary>A clock that reads what its one thread set: stamps a reader can predict.</summary>
    private sealed class CountingClock : ITimeProvider
    {
        public long Now { get; set; }

        public long TimestampFrequency => TimeSpan.TicksPerSecond;

        public long GetTimestamp() => Now;

        public DateTimeOffset GetUtcNow() => DateTimeOffset.UnixEpoch.AddTicks(Now);

        public ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => throw new NotSupportedException();
    }

    private static void Grow(PresenceTable<uint> table)
    {
        for (var key = 1_000u; key < 1_100u; key++)
        {
            table.Add(key, 0, 1);
        }
    }

    /// <summary>A clock that runs <c>onRead</c> the first time it is read, then reads <c>now</c>.</summary>
    private sealed class HookedClock(long now, Action onRead) : ITimeProvider
    {
        private Action? _onRead = onRead;

        public long TimestampFrequency => TimeSpan.TicksPerSecond;

        public long GetTimestamp()
        {
            var hook = _onRead;
            _onRead = null;
            hook?.Invoke();
            return now;
        }

        public DateTimeOffset GetUtcNow() => DateTimeOffset.UnixEpoch.AddTicks(now);

        public ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => throw new NotSupportedException();
    }
}
