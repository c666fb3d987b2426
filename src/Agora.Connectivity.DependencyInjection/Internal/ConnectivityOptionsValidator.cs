using Agora.Connectivity.Presence;
using Agora.Connectivity.Reconnect;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Rtm2;
using Microsoft.Extensions.Options;

namespace Agora.Connectivity.DependencyInjection.Internal;

/// <summary>
/// Validates every options class of the library (any name) with the same sentences its constructors
/// use, so a bad configuration section stops the host at start naming each property and value.
/// </summary>
/// <remarks>
/// In a host each failure names where the value came from: the configuration path of a bound section
/// (<c>Agora:Rtc:main:InterruptionTimeout must be greater than zero; it was -00:00:01.</c>), else the options' type and name.
/// </remarks>
internal sealed class ConnectivityOptionsValidator(ConfigurationPaths paths) :
    IValidateOptions<RtcConnectionOptions>,
    IValidateOptions<RtmConnectionOptions>,
    IValidateOptions<RtmLinkOptions>,
    IValidateOptions<RemoteUserTrackerOptions>,
    IValidateOptions<RtmMemberTrackerOptions>,
    IValidateOptions<ExponentialBackoffOptions>
{
    public ValidateOptionsResult Validate(string? name, ExponentialBackoffOptions options) => Result(options.Validate(), typeof(ExponentialBackoffOptions), name);

    public ValidateOptionsResult Validate(string? name, RtcConnectionOptions options) => Result(options.Validate(), typeof(RtcConnectionOptions), name);

    public ValidateOptionsResult Validate(string? name, RtmConnectionOptions options) => Result(options.Validate(), typeof(RtmConnectionOptions), name);

    public ValidateOptionsResult Validate(string? name, RtmLinkOptions options) => Result(options.Validate(), typeof(RtmLinkOptions), name);

    public ValidateOptionsResult Validate(string? name, RemoteUserTrackerOptions options) => Result(options.Validate(), typeof(RemoteUserTrackerOptions), name);

    public ValidateOptionsResult Validate(string? name, RtmMemberTrackerOptions options) => Result(options.Validate(), typeof(RtmMemberTrackerOptions), name);

    private ValidateOptionsResult Result(List<string> failures, Type options, string? name)
    {
        if (failures.Count == 0)
        {
            return ValidateOptionsResult.Success;
        }

        var prefix = paths.PrefixOf(options, name);
        return ValidateOptionsResult.Fail(failures.Select(failure => prefix + failure));
    }
}
