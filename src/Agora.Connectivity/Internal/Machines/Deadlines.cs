namespace Agora.Connectivity.Internal.Machines;

/// <summary>
/// The deadlines a machine offers in one state (<see cref="IMachineBehavior{TState, TTrigger, TReason}.OfferDeadlines_NeedsLock"/>),
/// reduced to the next one as they are offered: the earliest, and of two at one instant the one offered first. A deadline due at
/// <see cref="long.MaxValue"/> (past the end of the clock) never comes and is not kept.
/// </summary>
/// <typeparam name="TTrigger">The machine's triggers, of which deadlines are some.</typeparam>
internal struct Deadlines<TTrigger>
    where TTrigger : struct, Enum
{
    private long _dueAt;
    private readonly TTrigger _sought;
    private readonly bool _seeking;

    /// <summary>
    /// Initializes a new instance of the <see cref="Deadlines{TTrigger}"/> struct that also notes when <paramref name="sought"/> is due,
    /// next or not (<see cref="SoughtDueAt"/>): what a followed SDK's report of that deadline is checked against.
    /// </summary>
    /// <param name="sought">The deadline whose instant is wanted.</param>
    public Deadlines(TTrigger sought)
    {
        (_sought, _seeking, SoughtDueAt) = (sought, true, long.MaxValue);
    }

    /// <summary>Gets when the deadline sought is due; <see cref="long.MaxValue"/> when it was not offered, or none was sought.</summary>
    public long SoughtDueAt { readonly get; private set; }

    /// <summary>Gets the next deadline; meaningful only when <see cref="Any"/>.</summary>
    public TTrigger Next { get; private set; }

    /// <summary>Gets the timestamp the next deadline is due at; <see cref="long.MaxValue"/> when there is none.</summary>
    public readonly long DueAt => Any ? _dueAt : long.MaxValue;

    /// <summary>Gets a value indicating whether a deadline that comes was offered.</summary>
    public bool Any { readonly get; private set; }

    /// <summary>Offers <paramref name="deadline"/>, due at <paramref name="dueAt"/>: it is next when it is due before every deadline offered so far.</summary>
    /// <param name="deadline">The deadline's trigger.</param>
    /// <param name="dueAt">The timestamp it is due at; <see cref="long.MaxValue"/> for one that never comes.</param>
    public void Offer(TTrigger deadline, long dueAt)
    {
        if (_seeking && EqualityComparer<TTrigger>.Default.Equals(deadline, _sought))
        {
            SoughtDueAt = dueAt;
        }

        if (dueAt < DueAt)
        {
            (Next, _dueAt, Any) = (deadline, dueAt, true);
        }
    }
}
