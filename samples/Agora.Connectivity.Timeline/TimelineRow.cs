using Agora.Connectivity.Callbacks;

namespace Agora.Connectivity.Timeline;

/// <summary>One line of a scenario's table: a callback a user received, or something done to a user.</summary>
internal sealed record TimelineRow(TimeSpan At, string User, Platform Platform, string Text, bool IsAction = false);
