using Microsoft.Extensions.DependencyInjection;

namespace Agora.Connectivity.DependencyInjection.Internal;

/// <summary>Which configuration section each options instance (type and name) was bound from, for the validation messages.</summary>
internal sealed class ConfigurationPaths
{
    private readonly Dictionary<(Type Type, string Name), string> _paths = [];

    /// <summary>Gets the collection's registry, registering one the first time.</summary>
    public static ConfigurationPaths Of(IServiceCollection services) => Registered.Once(services, static () => new ConfigurationPaths());

    public void Add(Type options, string name, string path)
    {
        lock (_paths)
        {
            _paths[(options, name)] = path;
        }
    }

    /// <summary>
    /// Gets what a failure of the options <paramref name="options"/> named <paramref name="name"/> starts with: the section's path
    /// (<c>Agora:Rtc:main:</c>), else the options' type and name (<c>RtcConnectionOptions 'main': </c>), else nothing.
    /// </summary>
    public string PrefixOf(Type options, string? name)
    {
        lock (_paths)
        {
            if (_paths.TryGetValue((options, name ?? string.Empty), out var path))
            {
                return path + ":";
            }
        }

        return string.IsNullOrEmpty(name) ? string.Empty : $"{options.Name} '{name}': ";
    }
}
