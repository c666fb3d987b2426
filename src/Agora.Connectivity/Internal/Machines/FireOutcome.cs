namespace Agora.Connectivity.Internal.Machines;

/// <summary>What Stateless did with a trigger, as the runtime observed it.</summary>
internal enum FireOutcome
{
    /// <summary>The state changed: exit and entry actions ran.</summary>
    Transitioned,

    /// <summary>An internal transition ran its action; the state did not change.</summary>
    Internal,

    /// <summary>The state ignores the trigger (<c>Ignore</c> in the table).</summary>
    Ignored,

    /// <summary>The state has no rule for the trigger, or no guard allowed it (Stateless's unhandled-trigger path).</summary>
    NotPermitted,
}
