namespace Agora.Connectivity.Tests.TestSupport;

/// <summary>Whether an object can be collected: what a test of "nothing keeps it alive" asserts.</summary>
internal static class Collection
{
    /// <summary>
    /// Collects until <paramref name="reference"/>'s target is gone, or about a second has passed: work the library hands to the
    /// thread pool (a registration disposed once a task completes) may still hold it for a moment.
    /// </summary>
    public static bool IsCollected(WeakReference reference)
    {
        for (var i = 0; i < 200 && reference.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            if (reference.IsAlive)
            {
                Thread.Sleep(5);
            }
        }

        return !reference.IsAlive;
    }
}
