using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace Agora.Connectivity.Tests.PublicApi;

/// <summary>Writes an assembly's public surface as sorted, readable text: one type a block, one member a line.</summary>
internal static class PublicApiGenerator
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    public static string Generate(Assembly assembly)
    {
        var text = new StringBuilder();
        var nullability = new NullabilityInfoContext();
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            text.Append(DescribeType(type)).Append('\n');
            foreach (var line in Members(type, nullability).OrderBy(l => l, StringComparer.Ordinal))
            {
                text.Append("    ").Append(line).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string DescribeType(Type type)
    {
        string kind;
        if (type.IsEnum)
        {
            kind = "enum";
        }
        else if (type.IsInterface)
        {
            kind = "interface";
        }
        else if (type.IsValueType)
        {
            kind = "struct";
        }
        else if (typeof(Delegate).IsAssignableFrom(type))
        {
            kind = "delegate";
        }
        else if (type.IsAbstract && type.IsSealed)
        {
            kind = "static class";
        }
        else
        {
            kind = (type.IsAbstract ? "abstract " : type.IsSealed ? "sealed " : string.Empty)
                + (type.GetMethod("<Clone>$") is not null ? "record" : "class");
        }

        var bases = new List<string>();
        if (type.BaseType is { } baseType && baseType != typeof(object) && baseType != typeof(Enum) && baseType != typeof(ValueType))
        {
            bases.Add(Name(baseType));
        }

        bases.AddRange(type.GetInterfaces()
            .Where(i => i.IsPublic && !(type.BaseType?.GetInterfaces().Contains(i) ?? false))
            .Select(Name)
            .OrderBy(n => n, StringComparer.Ordinal));
        return $"{kind} {Name(type)}" + (bases.Count > 0 ? " : " + string.Join(", ", bases) : string.Empty);
    }

    private static IEnumerable<string> Members(Type type, NullabilityInfoContext nullability)
    {
        if (type.IsEnum)
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                yield return $"{field.Name} = {Convert.ToInt64(field.GetRawConstantValue())}";
            }

            yield break;
        }

        foreach (var member in type.GetMembers(Declared))
        {
            if (!IsVisible(member) || IsCompilerNoise(member))
            {
                continue;
            }

            switch (member)
            {
                case ConstructorInfo constructor:
                    yield return $"{Access(constructor)}ctor({Parameters(constructor, nullability)})";
                    break;
                case MethodInfo method when !method.IsSpecialName:
                    yield return $"{Access(method)}{Modifiers(method)}{TypeName(nullability.Create(method.ReturnParameter))} {method.Name}{Generics(method)}({Parameters(method, nullability)})";
                    break;
                case PropertyInfo property:
                    var accessors = new List<string>();
                    if (property.GetMethod is { } getter && IsVisible(getter))
                    {
                        accessors.Add("get;");
                    }

                    if (property.SetMethod is { } setter && IsVisible(setter))
                    {
                        var isInit = setter.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.FullName == "System.Runtime.CompilerServices.IsExternalInit");
                        accessors.Add(isInit ? "init;" : "set;");
                    }

                    var accessor = (property.GetMethod ?? property.SetMethod)!;
                    yield return $"{Access(accessor)}{Modifiers(accessor)}{TypeName(nullability.Create(property))} {property.Name} {{ {string.Join(" ", accessors)} }}";
                    break;
                case EventInfo @event:
                    yield return $"{Access(@event.AddMethod!)}event {TypeName(nullability.Create(@event))} {@event.Name}";
                    break;
                case FieldInfo field:
                    var prefix = field.IsLiteral ? "const " : (field.IsStatic ? "static " : string.Empty) + (field.IsInitOnly ? "readonly " : string.Empty);
                    yield return $"{(field.IsPublic ? "public " : "protected ")}{prefix}{TypeName(nullability.Create(field))} {field.Name}";
                    break;
                case Type:
                    break;
            }
        }
    }

    private static bool IsVisible(MemberInfo member) => member switch
    {
        MethodBase method => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly,
        FieldInfo field => field.IsPublic || field.IsFamily || field.IsFamilyOrAssembly,
        PropertyInfo property => new[] { property.GetMethod, property.SetMethod }.Any(m => m is not null && IsVisible(m)),
        EventInfo @event => @event.AddMethod is { } add && IsVisible(add),
        _ => false,
    };

    private static bool IsCompilerNoise(MemberInfo member)
        => member.IsDefined(typeof(CompilerGeneratedAttribute)) && member.Name is "EqualityContract" or "<Clone>$";

    private static string Access(MethodBase method) => method.IsPublic ? "public " : "protected ";

    private static string Modifiers(MethodInfo method)
    {
        if (method.IsStatic)
        {
            return "static ";
        }

        if (method.DeclaringType!.IsInterface)
        {
            return string.Empty;
        }

        if (method.IsAbstract)
        {
            return "abstract ";
        }

        if (method.IsVirtual && !method.IsFinal)
        {
            return method.GetBaseDefinition() == method ? "virtual " : "override ";
        }

        return method.IsVirtual && method.GetBaseDefinition() != method ? "sealed override " : string.Empty;
    }

    private static string Generics(MethodInfo method)
        => method.IsGenericMethodDefinition ? "<" + string.Join(", ", method.GetGenericArguments().Select(a => a.Name)) + ">" : string.Empty;

    private static string Parameters(MethodBase method, NullabilityInfoContext nullability)
        => string.Join(", ", method.GetParameters().Select(p =>
        {
            var prefix = method.IsDefined(typeof(ExtensionAttribute)) && p.Position == 0 ? "this " : string.Empty;
            var modifier = p.IsOut ? "out " : p.ParameterType.IsByRef ? "ref " : string.Empty;
            var defaultValue = p.HasDefaultValue ? " = " + (p.DefaultValue is null ? "null" : p.DefaultValue is string s ? $"\"{s}\"" : p.DefaultValue.ToString()) : string.Empty;
            return $"{prefix}{modifier}{TypeName(nullability.Create(p))} {p.Name}{defaultValue}";
        }));

    private static string TypeName(NullabilityInfo info)
    {
        var type = info.Type;
        if (type.IsByRef)
        {
            type = type.GetElementType()!;
        }

        string name;
        if (type.IsArray)
        {
            name = (info.ElementType is { } element ? TypeName(element) : Name(type.GetElementType()!)) + "[]";
        }
        else if (type.IsGenericType && info.GenericTypeArguments.Length > 0 && Nullable.GetUnderlyingType(type) is null)
        {
            var definition = Name(type.GetGenericTypeDefinition());
            name = definition[..definition.IndexOf('<')] + "<" + string.Join(", ", info.GenericTypeArguments.Select(TypeName)) + ">";
        }
        else
        {
            name = Name(type);
        }

        return info.ReadState == NullabilityState.Nullable && !type.IsValueType ? name + "?" : name;
    }

    private static string Name(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Name(underlying) + "?";
        }

        if (type.IsGenericParameter)
        {
            return type.Name;
        }

        var name = type.IsNested ? Name(type.DeclaringType!) + "." + type.Name : type.Namespace + "." + type.Name;
        if (!type.IsGenericType)
        {
            return name;
        }

        name = name[..name.IndexOf('`')];
        return name + "<" + string.Join(", ", type.GetGenericArguments().Select(Name)) + ">";
    }
}
