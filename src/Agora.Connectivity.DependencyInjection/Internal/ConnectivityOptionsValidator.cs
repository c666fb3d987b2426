using Agora.Connectivity.Presence;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Microsoft.Extensions.Options;

namespace Agora.Connectivity.DependencyInjection.Internal;

/// <summary>
/// Validates every options class of the library (any name) with the same sentences its constructors
/// use, so a bad configuration section stops the host at start naming each property and value.
/// </summary>
internal sealed class ConnectivityOptionsValidator :
    IValidateOptions<RtcConnectionOptions>,
    IValidateOptions<RtmConnectionOptions>,
    IValidateOptions<RemoteUserTrackerOptions>,
    IValidateOptions<RtmMemberTrackerOptions>
{
    public ValidateOptionsResult Validate(string? name, RtcConnectionOptions options) => Result(options.Validate());

    public ValidateOptionsResult Validate(string? name, RtmConnectionOptions options) => Result(options.Validate());

    public ValidateOptionsResult Validate(string? name, RemoteUserTrackerOptions options) => Result(options.Validate());

    public ValidateOptionsResult Validate(string? name, RtmMemberTrackerOptions options) => Result(options.Validate());

    private static ValidateOptionsResult Result(List<string> failures)
        => failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
}
