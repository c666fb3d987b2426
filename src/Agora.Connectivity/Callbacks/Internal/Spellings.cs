using System.Text;
using Agora.Connectivity.Internal;

namespace Agora.Connectivity.Callbacks.Internal;

/// <summary>
/// Builds the spelling dictionaries of the callback tables from each enum value's name, with the
/// exceptions Agora's own headers make, and spells a value, refusing one outside its enum.
/// </summary>
internal static class Spellings
{
    // An event built by hand can carry a value outside its enum ((ConnectionChangedReason)99): say so,
    // naming the value, rather than let the table's KeyNotFoundException escape from Map.
    public static string Spell<TEnum>(IReadOnlyDictionary<TEnum, string> table, TEnum value)
        where TEnum : struct, Enum
        => table.TryGetValue(value, out var spelled) ? spelled : throw Undefined(value);

    public static ArgumentOutOfRangeException Undefined<TEnum>(TEnum value)
        where TEnum : struct, Enum
        => new("e", value, $"The event carries {value}, which is not a defined {typeof(TEnum).Name} value, so no platform spells it.");

    /// <summary>Turns <c>ClientIpAddressChanged</c> into <c>CLIENT_IP_ADDRESS_CHANGED</c>.</summary>
    public static string UpperSnake(string name)
    {
        var text = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]) && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1])))
            {
                text.Append('_');
            }

            text.Append(char.ToUpperInvariant(name[i]));
        }

        return text.ToString();
    }

    public static Dictionary<TEnum, string> Table<TEnum>(Func<string, string> spell, IReadOnlyDictionary<TEnum, string>? exceptions = null)
        where TEnum : struct, Enum
    {
        var table = new Dictionary<TEnum, string>();
        foreach (var value in EnumValues<TEnum>.All)
        {
            table[value] = exceptions is not null && exceptions.TryGetValue(value, out var exception) ? exception : spell(value.ToString());
        }

        return table;
    }
}
