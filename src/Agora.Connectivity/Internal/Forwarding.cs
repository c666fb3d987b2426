using Microsoft.Extensions.Logging;

namespace Agora.Connectivity.Internal;

/// <summary>How a follower runs an SDK's callback: never throwing into the SDK's thread.</summary>
internal static class Forwarding
{
    /// <summary>Runs <paramref name="forward"/>; a failure is logged as an error (<c>ForwarderFailed</c>) and the SDK goes on.</summary>
    /// <param name="logger">The follower's logger.</param>
    /// <param name="source">The follower's name in the log.</param>
    /// <param name="state">What the callback carries.</param>
    /// <param name="forward">The forwarding.</param>
    public static void Safely<T>(ILogger logger, string source, T state, Action<T> forward)
    {
        try
        {
            forward(state);
        }
        catch (Exception exception)
        {
            Log.ForwarderFailed(logger, source, exception);
        }
    }
}
