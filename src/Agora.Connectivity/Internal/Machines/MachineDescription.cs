using Stateless.Reflection;

namespace Agora.Connectivity.Internal.Machines;

/// <summary>A configured machine as its diagrams see it: Stateless's info model, and what its internal transitions do.</summary>
/// <param name="Name">The machine's name, the DOT graph's title.</param>
/// <param name="Info">Stateless's read-only model of the configured machine (<c>StateMachine.GetInfo()</c>).</param>
/// <param name="InternalActions">The actions of the internal transitions, which <paramref name="Info"/> does not describe.</param>
internal sealed record MachineDescription(string Name, StateMachineInfo Info, IReadOnlyList<InternalAction> InternalActions);
