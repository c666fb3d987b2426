namespace Agora.Connectivity.Internal.StateMachines;

/// <summary>What the table did with a trigger.</summary>
internal enum FireResult
{
    /// <summary>The state changed (or was re-entered): exit and entry actions ran.</summary>
    Transitioned,

    /// <summary>An internal transition ran its action; the state did not change.</summary>
    Internal,

    /// <summary>The state ignores the trigger.</summary>
    Ignored,

    /// <summary>The state has no rule for the trigger, or no guard allowed it.</summary>
    NotPermitted,
}
