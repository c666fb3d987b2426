using Agora.Connectivity.Internal.Presence;

namespace Agora.Connectivity.Tests.Internal.Presence;

/// <summary>The presence monitor's deadline heap: order, ties, trimming, and rebuilding after stale entries go.</summary>
public class DeadlineHeapTests
{
    [Test]
    public void Pop_GivesDueOrder_AndInsertionOrderAtATie_AgainstASortedReference([Values(1, 2, 3, 4)] int seed)
    {
        var random = new Random(seed);
        var heap = new DeadlineHeap<string>();
        var reference = new List<(long Due, int Order, string Item)>();
        for (var i = 0; i < 500; i++)
        {
            if (heap.Count > 0 && random.Next(3) == 0)
            {
                var expected = reference.OrderBy(r => r.Due).ThenBy(r => r.Order).First();
                reference.Remove(expected);
                Assert.That(heap.MinDue, Is.EqualTo(expected.Due));
                Assert.That(heap.Pop(out var version), Is.EqualTo(expected.Item));
                Assert.That(version, Is.EqualTo(expected.Order));
            }
            else
            {
                var due = random.Next(20); // many ties
                heap.Push(due, $"item {i}", i);
                reference.Add((due, i, $"item {i}"));
            }

            Assert.That(heap.Count, Is.EqualTo(reference.Count));
        }
    }

    [Test]
    public void Pop_HalvesTheArrayWhenAQuarterFull_NeverBelow16()
    {
        var heap = new DeadlineHeap<string>();
        for (var i = 0; i < 64; i++)
        {
            heap.Push(i, "x", 0);
        }

        Assert.That(heap.Capacity, Is.EqualTo(64));
        var capacities = new List<(int Count, int Capacity)>();
        while (heap.Count > 0)
        {
            heap.Pop(out _);
            capacities.Add((heap.Count, heap.Capacity));
        }

        Assert.That(capacities.First(c => c.Capacity == 32).Count, Is.EqualTo(15), "64 → 32 when fewer than 16 are left");
        Assert.That(capacities.First(c => c.Capacity == 16).Count, Is.EqualTo(7), "32 → 16 when fewer than 8 are left");
        Assert.That(capacities.Last().Capacity, Is.EqualTo(16));
    }

    [TestCase(8, 16)]
    [TestCase(9, 32)]
    [TestCase(0, 16)]
    [TestCase(33, 128)]
    public void RemoveWhere_SizesTheArrayToTwiceWhatIsLeft_AndKeepsTheHeapOrdered(int kept, int capacity)
    {
        var heap = new DeadlineHeap<string>();
        var random = new Random(kept);
        for (var i = 0; i < 200; i++)
        {
            heap.Push(random.Next(1000), i < kept ? "live" : "stale", i);
        }

        heap.RemoveWhere((item, _) => item == "stale");

        Assert.That(heap.Count, Is.EqualTo(kept));
        Assert.That(heap.Capacity, Is.EqualTo(capacity));
        var dues = new List<long>();
        while (heap.Count > 0)
        {
            dues.Add(heap.MinDue);
            Assert.That(heap.Pop(out _), Is.EqualTo("live"));
        }

        Assert.That(dues, Is.Ordered);
    }

    [Test]
    public void RemoveWhere_OfTheMinimum_SiftsTheNewRootDown()
    {
        var heap = new DeadlineHeap<string>();
        heap.Push(1, "stale", 0);
        heap.Push(3, "b", 0);
        heap.Push(2, "c", 0);
        heap.Push(5, "d", 0); // the array is [1, 3, 2, 5]; without 1 it is [3, 2, 5], whose root is not the minimum

        heap.RemoveWhere((item, _) => item == "stale");

        Assert.That(heap.MinDue, Is.EqualTo(2));
        Assert.That(new[] { heap.Pop(out _), heap.Pop(out _), heap.Pop(out _) }, Is.EqualTo(new[] { "c", "b", "d" }));
    }

    [Test]
    public void Clear_EmptiesIt_AndItIsReusable()
    {
        var heap = new DeadlineHeap<string>();
        heap.Push(5, "a", 1);
        heap.Push(3, "b", 2);

        heap.Clear();
        heap.Push(9, "c", 3);

        Assert.That(heap.Count, Is.EqualTo(1));
        Assert.That(heap.Pop(out var version), Is.EqualTo("c"));
        Assert.That(version, Is.EqualTo(3));
    }
}
