namespace Agora.Connectivity.Internal.Machines;

/// <summary>
/// What an internal transition does, for the diagrams: Stateless's info model records that a state
/// handles a trigger internally, but not what the action is.
/// </summary>
/// <param name="State">The state that handles the trigger.</param>
/// <param name="Trigger">The trigger.</param>
/// <param name="Description">The action, as the diagrams print it after a slash.</param>
internal sealed record InternalAction(string State, string Trigger, string Description);
