using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Agora.Connectivity.DependencyInjection.Internal;

/// <summary>
/// Refuses a key of a bound section that the options do not have, naming its path, the connection it configures, the settings it
/// could have meant and where an app's own settings belong (issue 38): an app's <c>"AppId"</c> under <c>Agora:RtmLink:chat</c>
/// is an app setting in the library's section, and a misspelled <c>"InteruptionTimeout"</c> a setting that would silently keep
/// its default. Both stay errors at start.
/// </summary>
internal static class SettingKeys
{
    /// <summary>The sub-section of a connection's section that holds its reconnect driver's backoff (docs/operating.md).</summary>
    public const string DriverSection = "Reconnect";

    // The options of the connections a reconnect driver can drive.
    private static readonly Type[] Driven = [typeof(Rtc.RtcConnectionOptions), typeof(Rtm.RtmConnectionOptions), typeof(Rtm2.RtmLinkOptions)];

    /// <summary>Throws when <paramref name="configuration"/> has a key that <typeparamref name="TOptions"/> has no settable property for.</summary>
    /// <typeparam name="TOptions">The options bound from the section.</typeparam>
    /// <param name="configuration">The section.</param>
    /// <param name="path">The section's path; <see langword="null"/> for a configuration root.</param>
    /// <param name="connection">What the section configures, for the message (<c>the RTM 2.x link 'chat'</c>).</param>
    /// <param name="optionsName">The options' name, for the exception.</param>
    /// <exception cref="OptionsValidationException">An unknown key: the failure a host reports at start with the other invalid settings.</exception>
    public static void Check<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TOptions>(IConfiguration configuration, string? path, string connection, string optionsName)
    {
        var settings = typeof(TOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.SetMethod is { IsPublic: true } && IsSetting(property.PropertyType))
            .Select(property => property.Name)
            .OrderBy(name => name, StringComparer.Ordinal)
            .ToArray();
        var driven = Array.IndexOf(Driven, typeof(TOptions)) >= 0;
        var unknown = configuration.GetChildren()
            .Where(child => !settings.Contains(child.Key, StringComparer.OrdinalIgnoreCase) && !(driven && IsDriverSection(child)))
            .Select(child => child.Key)
            .ToArray();
        if (unknown.Length == 0)
        {
            return;
        }

        var where = path is null ? $"the configuration given for {connection}" : $"the section {path}";
        var keys = string.Join(", ", unknown.Select(key => path is null ? key : $"{path}:{key}"));
        throw new OptionsValidationException(optionsName, typeof(TOptions), [
            $"{keys} {(unknown.Length == 1 ? "is not a setting" : "are not settings")} of {connection}: {where} binds {typeof(TOptions).Name}, "
            + $"whose settings are {string.Join(", ", settings)}{(driven ? $" (and a {DriverSection} section, for its reconnect driver's backoff)" : string.Empty)}. "
            + $"Keep the app's own settings (an App ID, a token, a channel name) in a section of the app's, outside {(path ?? "the section bound to the connection")}; "
            + "a misspelled setting would keep its default, so an unknown key stops the start."]);
    }

    // What configuration can hold: a value written as text. An object set in code only (EventContext, a SynchronizationContext) is not one.
    private static bool IsSetting(Type type)
    {
        var value = Nullable.GetUnderlyingType(type) ?? type;
        return value.IsPrimitive || value.IsEnum || value == typeof(string) || value == typeof(TimeSpan) || value == typeof(Version) || value == typeof(decimal);
    }

    // A "Reconnect" section with settings of its own; a "Reconnect" value (a misplaced flag) is an unknown key like any other.
    private static bool IsDriverSection(IConfigurationSection child)
        => string.Equals(child.Key, DriverSection, StringComparison.OrdinalIgnoreCase) && child.Value is null && child.GetChildren().Any();
}
