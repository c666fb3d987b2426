using Agora.Connectivity.Internal;

namespace Agora.Connectivity.Tests.Internal;

/// <summary>
/// The index of an enum's value among its defined range, which the tables are arrays of. Each test has an enum of its own, so that
/// the index's static fields are computed inside it (Stryker's mutants of them are seen only then).
/// </summary>
public class EnumIndexTests
{
    private enum Empty
    {
    }

    private enum Offset
    {
        Low = -2,
        Middle = 1,
        High = 5,
    }

    private enum FromOne
    {
        One = 1,
        Two = 2,
        Three = 3,
    }

    private enum Narrow : byte
    {
        Only = 1,
    }

    [Test]
    public void AnEmptyEnum_SpansNoIndex()
        => Assert.That(EnumIndex<Empty>.Count, Is.Zero);

    [Test]
    public void AnEnumWithNegativeValues_IndexesFromItsSmallest_AndSpansItsWholeRange()
    {
        Assert.That(EnumIndex<Offset>.Count, Is.EqualTo(8), "-2 to 5");
        Assert.That(new[] { EnumIndex<Offset>.Of(Offset.Low), EnumIndex<Offset>.Of(Offset.Middle), EnumIndex<Offset>.Of(Offset.High) }, Is.EqualTo(new[] { 0, 3, 7 }));
        Assert.That(EnumIndex<Offset>.Of((Offset)6), Is.EqualTo(8), "a value past the range is past Count");
    }

    [Test]
    public void AnEnumFromOne_IndexesFromZero()
    {
        Assert.That(EnumIndex<FromOne>.Count, Is.EqualTo(3));
        Assert.That(EnumIndex<FromOne>.Of(FromOne.One), Is.Zero);
        Assert.That(EnumIndex<FromOne>.Of(FromOne.Three), Is.EqualTo(2));
    }

    [Test]
    public void AnEnumThatIsNotIntBacked_IsRefused_NamingIt()
        => Assert.That(() => EnumIndex<Narrow>.Of(Narrow.Only), Throws.InstanceOf<NotSupportedException>().With.Message.EqualTo("Narrow is not int-backed."));
}
