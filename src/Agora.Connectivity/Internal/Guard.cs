using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Agora.Connectivity.Reconnect;

namespace Agora.Connectivity.Internal;

/// <summary>Argument checks that read the same on every target framework.</summary>
internal static class Guard
{
    public static T NotNull<T>([NotNull] T? value, [CallerArgumentExpression(nameof(value))] string? name = null)
        where T : class
    {
        if (value is null)
        {
            ThrowArgumentNull(name);
        }

        return value;
    }

    public static void Defined<TEnum>(TEnum value, [CallerArgumentExpression(nameof(value))] string? name = null)
        where TEnum : struct, Enum
    {
        if (Array.IndexOf(EnumValues<TEnum>.All, value) < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{value} is not a defined {typeof(TEnum).Name} value.");
        }
    }

    /// <summary>Checks what a reconnect policy is asked after: a context of at least one attempt.</summary>
    public static ReconnectContext RetryContext([NotNull] ReconnectContext? context, [CallerArgumentExpression(nameof(context))] string? name = null)
    {
        NotNull(context, name);
        if (context.PreviousAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(
                name,
                context.PreviousAttempts,
                $"A retry delay is asked for after a failed attempt: {nameof(ReconnectContext.PreviousAttempts)} must be 1 or more; it was {context.PreviousAttempts}.");
        }

        return context;
    }

    [DoesNotReturn]
    private static void ThrowArgumentNull(string? name) => throw new ArgumentNullException(name);

    /// <summary>Refuses a driver for a machine that follows an SDK: the SDK reconnects by itself, and a second reconnection would fight it.</summary>
    public static void NotFollowing(bool followsSdk, string parameterName)
    {
        if (followsSdk)
        {
            throw new ArgumentException("This machine follows the SDK (FollowSdk = true): the SDK's own reconnection runs, and a driver would connect a second time beside it. A driver drives a modelled machine; set FollowSdk to false to drive it, or leave the reconnection to the SDK.", parameterName);
        }
    }
}
