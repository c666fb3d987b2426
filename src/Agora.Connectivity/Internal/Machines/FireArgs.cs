namespace Agora.Connectivity.Internal.Machines;

/// <summary>
/// What a trigger carries into a fire: the reason its state change reports, and, for a command that brings them, the token's
/// expiry and the login waiting for its outcome. A trigger the table declares with
/// <see cref="MachineTable{TMachine, TState, TTrigger, TReason}.Carries"/> hands it to its actions as a Stateless trigger parameter.
/// </summary>
/// <typeparam name="TReason">The machine's reason type.</typeparam>
/// <param name="Reason">The reason the state change reports.</param>
/// <param name="TokenExpiresAt">The expiry of the token a join, a login or a renewal brings; <see langword="null"/> for none, or one that never expires.</param>
/// <param name="Login">The login a login command waits on; <see langword="null"/> for every other trigger.</param>
internal readonly record struct FireArgs<TReason>(TReason Reason, DateTimeOffset? TokenExpiresAt = null, PendingLogin? Login = null);
