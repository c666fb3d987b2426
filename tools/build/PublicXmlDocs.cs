// An MSBuild task (compiled by RoslynCodeTaskFactory from tools/build/PublicXmlDocs.targets): keeps in a package's XML
// documentation file only the members a consumer can see, so IntelliSense never shows internal types. The compiler writes
// an entry for every member that has a /// comment, internal ones included; this reads the compiled assembly's metadata,
// builds the documentation ID (ECMA-334 annex D, as the compiler forms it) of every type and member visible outside the
// assembly, and removes every other <member> element. tests/Agora.Connectivity.PackageTests checks the packed result
// against Roslyn's own DocumentationCommentId.
#nullable enable
using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Xml.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class PublicXmlDocs : Task
{
    [Required]
    public string AssemblyPath { get; set; } = "";

    [Required]
    public string DocumentationFile { get; set; } = "";

    public override bool Execute()
    {
        HashSet<string> visible;
        using (var stream = File.OpenRead(AssemblyPath))
        using (var pe = new PEReader(stream))
        {
            visible = VisibleDocumentationIds(pe.GetMetadataReader());
        }

        var document = XDocument.Load(DocumentationFile, LoadOptions.PreserveWhitespace);
        var members = document.Root?.Element("members");
        if (members is null)
        {
            return true;
        }

        var hidden = members.Elements("member")
            .Where(member => !visible.Contains((string?)member.Attribute("name") ?? ""))
            .ToList();
        if (hidden.Count == 0)
        {
            return true;
        }

        foreach (var member in hidden)
        {
            if (member.PreviousNode is XText indentation && string.IsNullOrWhiteSpace(indentation.Value))
            {
                indentation.Remove();
            }

            member.Remove();
        }

        document.Save(DocumentationFile, SaveOptions.DisableFormatting);
        Log.LogMessage(MessageImportance.Low, $"{DocumentationFile}: removed {hidden.Count} entries of members not visible outside the assembly.");
        return true;
    }

    private static HashSet<string> VisibleDocumentationIds(MetadataReader reader)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var types = new DocumentationIdTypes(reader);
        foreach (var handle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(handle);
            if (!IsVisible(reader, type))
            {
                continue;
            }

            var typeId = types.Definition(handle);
            ids.Add("T:" + typeId);

            foreach (var methodHandle in type.GetMethods())
            {
                var method = reader.GetMethodDefinition(methodHandle);
                if (IsVisible(method.Attributes))
                {
                    ids.Add("M:" + typeId + "." + MethodId(reader, types, method));
                }
            }

            foreach (var fieldHandle in type.GetFields())
            {
                var field = reader.GetFieldDefinition(fieldHandle);
                var access = field.Attributes & FieldAttributes.FieldAccessMask;
                if (access is FieldAttributes.Public or FieldAttributes.Family or FieldAttributes.FamORAssem)
                {
                    ids.Add("F:" + typeId + "." + reader.GetString(field.Name));
                }
            }

            foreach (var propertyHandle in type.GetProperties())
            {
                var property = reader.GetPropertyDefinition(propertyHandle);
                var accessors = property.GetAccessors();
                if (IsVisible(reader, accessors.Getter) || IsVisible(reader, accessors.Setter))
                {
                    var signature = property.DecodeSignature(types, null);
                    ids.Add("P:" + typeId + "." + Name(reader, property.Name) + Parameters(signature.ParameterTypes));
                }
            }

            foreach (var eventHandle in type.GetEvents())
            {
                var @event = reader.GetEventDefinition(eventHandle);
                if (IsVisible(reader, @event.GetAccessors().Adder))
                {
                    ids.Add("E:" + typeId + "." + Name(reader, @event.Name));
                }
            }
        }

        return ids;
    }

    private static string MethodId(MetadataReader reader, DocumentationIdTypes types, MethodDefinition method)
    {
        var name = Name(reader, method.Name);
        var signature = method.DecodeSignature(types, null);
        var id = name + (signature.GenericParameterCount > 0 ? "``" + signature.GenericParameterCount : "") + Parameters(signature.ParameterTypes);
        return name is "op_Implicit" or "op_Explicit" ? id + "~" + signature.ReturnType : id;
    }

    private static string Parameters(ImmutableArray<string> parameters) =>
        parameters.Length == 0 ? "" : "(" + string.Join(",", parameters) + ")";

    // Explicit implementations and constructors keep their dots as '#' (".ctor" is "#ctor").
    private static string Name(MetadataReader reader, StringHandle name) => reader.GetString(name).Replace('.', '#');

    private static bool IsVisible(MethodAttributes attributes)
    {
        var access = attributes & MethodAttributes.MemberAccessMask;
        return access is MethodAttributes.Public or MethodAttributes.Family or MethodAttributes.FamORAssem;
    }

    private static bool IsVisible(MetadataReader reader, MethodDefinitionHandle accessor) =>
        !accessor.IsNil && IsVisible(reader.GetMethodDefinition(accessor).Attributes);

    private static bool IsVisible(MetadataReader reader, TypeDefinition type)
    {
        var visibility = type.Attributes & TypeAttributes.VisibilityMask;
        switch (visibility)
        {
            case TypeAttributes.Public:
                return true;
            case TypeAttributes.NestedPublic:
            case TypeAttributes.NestedFamily:
            case TypeAttributes.NestedFamORAssem:
                return IsVisible(reader, reader.GetTypeDefinition(type.GetDeclaringType()));
            default:
                return false;
        }
    }

    /// <summary>Types as documentation IDs write them: <c>Ns.Outer.Inner`1</c> declared, <c>Ns.List{System.Int32}</c> in a signature.</summary>
    private sealed class DocumentationIdTypes : ISignatureTypeProvider<string, object?>
    {
        private readonly MetadataReader _reader;

        public DocumentationIdTypes(MetadataReader reader) => _reader = reader;

        public string Definition(TypeDefinitionHandle handle)
        {
            var type = _reader.GetTypeDefinition(handle);
            var name = _reader.GetString(type.Name);
            var declaring = type.GetDeclaringType();
            if (!declaring.IsNil)
            {
                return Definition(declaring) + "." + name;
            }

            var ns = _reader.GetString(type.Namespace);
            return ns.Length == 0 ? name : ns + "." + name;
        }

        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => Definition(handle);

        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
        {
            var type = reader.GetTypeReference(handle);
            var name = reader.GetString(type.Name);
            if (type.ResolutionScope.Kind == HandleKind.TypeReference)
            {
                return GetTypeFromReference(reader, (TypeReferenceHandle)type.ResolutionScope, rawTypeKind) + "." + name;
            }

            var ns = reader.GetString(type.Namespace);
            return ns.Length == 0 ? name : ns + "." + name;
        }

        public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments)
        {
            // Ns.Outer`1.Inner`1 with (A, B) is Ns.Outer{A}.Inner{B}: each part takes as many arguments as its arity.
            var parts = genericType.Split('.');
            var result = new StringBuilder();
            var next = 0;
            for (var i = 0; i < parts.Length; i++)
            {
                if (i > 0)
                {
                    result.Append('.');
                }

                var tick = parts[i].IndexOf('`');
                if (tick < 0)
                {
                    result.Append(parts[i]);
                    continue;
                }

                var arity = int.Parse(parts[i].Substring(tick + 1), System.Globalization.CultureInfo.InvariantCulture);
                result.Append(parts[i], 0, tick).Append('{').Append(string.Join(",", typeArguments.Skip(next).Take(arity))).Append('}');
                next += arity;
            }

            return result.ToString();
        }

        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => "System." + typeCode;

        public string GetSZArrayType(string elementType) => elementType + "[]";

        public string GetArrayType(string elementType, ArrayShape shape) =>
            elementType + "[" + string.Join(",", Enumerable.Repeat("0:", shape.Rank)) + "]";

        public string GetByReferenceType(string elementType) => elementType + "@";

        public string GetPointerType(string elementType) => elementType + "*";

        public string GetPinnedType(string elementType) => elementType;

        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

        public string GetGenericTypeParameter(object? genericContext, int index) => "`" + index;

        public string GetGenericMethodParameter(object? genericContext, int index) => "``" + index;

        public string GetFunctionPointerType(MethodSignature<string> signature) => "=FUNC:" + signature.ReturnType;
    }
}
