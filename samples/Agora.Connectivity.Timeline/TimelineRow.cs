using Agora.Connectivity.Callbacks;

namespace Agora.Connectivity.Timeline;

/// <summary>One line of a scenario's table: a callback a user received, or something done to a user.</summary>
internal sealed record TimelineRow(TimeSpan At, string User, Platform Platform, string Text, bool IsAction = false, string? PlatformLabel = null)
{
    /// <summary>Gets how the platform column reads: the platform, or the Web SDK line of a Web user of a chosen line.</summary>
    public string PlatformName => PlatformLabel ?? Output.Name(Platform);
}
