using Microsoft.Extensions.DependencyInjection;

namespace Agora.Connectivity.DependencyInjection.Internal;

/// <summary>A registry the registrations of one service collection share: registered as an instance the first time it is asked for.</summary>
internal static class Registered
{
    /// <summary>Gets the <typeparamref name="T"/> registered in <paramref name="services"/>, registering <paramref name="create"/>'s the first time.</summary>
    /// <param name="services">The collection.</param>
    /// <param name="create">Makes the registry.</param>
    /// <param name="alsoRegister">What else to register with it the first time (its hosted service); nothing when <see langword="null"/>.</param>
    /// <typeparam name="T">The registry's type.</typeparam>
    /// <returns>The registry.</returns>
    public static T Once<T>(IServiceCollection services, Func<T> create, Action<IServiceCollection, T>? alsoRegister = null)
        where T : class
    {
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(T) && descriptor.ImplementationInstance is T registered)
            {
                return registered;
            }
        }

        var created = create();
        services.AddSingleton(created);
        alsoRegister?.Invoke(services, created);
        return created;
    }
}
