using System.Reflection;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Agora.Connectivity.PackageTests;

/// <summary>
/// The XML documentation each package ships is what IntelliSense shows: every entry names a type or member a consumer can
/// see, and every type or member a consumer can see has its entry. Checked with Roslyn's <see cref="DocumentationCommentId"/>
/// against the packed assembly, independently of the build task that filters the file (tools/build/PublicXmlDocs.cs).
/// </summary>
public class XmlDocumentationTests
{
    private static readonly string[] Packages = ["Agora.Connectivity", "Agora.Connectivity.Testing", "Agora.Connectivity.DependencyInjection"];

    [TestCaseSource(nameof(Packages))]
    public void EveryEntry_NamesAVisibleMember_AndEveryVisibleMemberHasOne(string package)
    {
        // Resolved against this process's .NET 10 framework, which the net8.0 asset binds to.
        var lib = Path.Combine(PackageFolder(package), "lib", "net8.0");
        var documented = Entries(lib, package);
        var assembly = LoadIntoCompilation(Path.Combine(lib, package + ".dll"));

        var notVisible = documented
            .Where(id => DocumentationCommentId.GetFirstSymbolForDeclarationId(id, assembly.Compilation) is not { } symbol
                || !SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, assembly.Symbol)
                || !IsVisible(symbol))
            .ToList();
        var undocumented = VisibleDeclaredMembers(assembly.Symbol.GlobalNamespace)
            .Select(symbol => symbol.GetDocumentationCommentId()!)
            .Except(documented)
            .ToList();

        Assert.Multiple(() =>
        {
            Assert.That(documented, Has.Count.GreaterThan(10), "the package ships its XML documentation");
            Assert.That(documented, Is.Unique);
            Assert.That(notVisible, Is.Empty, "entries for members a consumer cannot see");
            Assert.That(undocumented, Is.Empty, "visible members without an entry");
        });
    }

    // The public API is the same on both targets (declared once in PublicAPI.*.txt), and so are the docs.
    [TestCaseSource(nameof(Packages))]
    public void NetStandardEntries_AreTheNet8Entries(string package) =>
        Assert.That(
            Entries(Path.Combine(PackageFolder(package), "lib", "netstandard2.0"), package),
            Is.EquivalentTo(Entries(Path.Combine(PackageFolder(package), "lib", "net8.0"), package)));

    private static List<string> Entries(string lib, string package) =>
        XDocument.Load(Path.Combine(lib, package + ".xml")).Descendants("member").Select(member => (string)member.Attribute("name")!).ToList();

    private static (CSharpCompilation Compilation, IAssemblySymbol Symbol) LoadIntoCompilation(string path)
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var dependencies = Directory.GetFiles(AppContext.BaseDirectory, "*.dll")
            .Where(dll => !Packages.Contains(Path.GetFileNameWithoutExtension(dll)));
        var target = MetadataReference.CreateFromFile(path);
        var compilation = CSharpCompilation.Create(
            "DocumentationCheck",
            references: platform.Concat(dependencies).Distinct().Select(dll => MetadataReference.CreateFromFile(dll)).Append(target));
        return (compilation, (IAssemblySymbol)compilation.GetAssemblyOrModuleSymbol(target)!);
    }

    private static IEnumerable<ISymbol> VisibleDeclaredMembers(INamespaceOrTypeSymbol container)
    {
        foreach (var member in container.GetMembers())
        {
            switch (member)
            {
                case INamespaceSymbol ns:
                    foreach (var inner in VisibleDeclaredMembers(ns))
                    {
                        yield return inner;
                    }

                    break;
                case INamedTypeSymbol type when IsVisible(type):
                    yield return type;
                    foreach (var inner in VisibleDeclaredMembers(type))
                    {
                        yield return inner;
                    }

                    break;
                case IMethodSymbol { MethodKind: not (MethodKind.Ordinary or MethodKind.Constructor or MethodKind.UserDefinedOperator or MethodKind.Conversion) }:
                case IFieldSymbol { Name: "value__" }:
                    break;
                case not INamedTypeSymbol when IsVisible(member) && !IsCompilerGenerated(member) && !IsImplicitConstructor(member):
                    yield return member;
                    break;
            }
        }
    }

    // A record's synthesized members (Equals, PrintMembers, <Clone>$, EqualityContract, ...) carry [CompilerGenerated].
    private static bool IsCompilerGenerated(ISymbol member) =>
        member.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute).FullName);

    // The parameterless constructor the compiler adds to a class that declares none has no source to document.
    private static bool IsImplicitConstructor(ISymbol member) =>
        member is IMethodSymbol { MethodKind: MethodKind.Constructor, Parameters.Length: 0 } ctor
        && ctor.ContainingType.InstanceConstructors.All(other => other.Equals(ctor, SymbolEqualityComparer.Default) || IsCompilerGenerated(other));

    private static bool IsVisible(ISymbol symbol)
    {
        for (var current = symbol; current is not null and not INamespaceSymbol; current = current.ContainingSymbol)
        {
            if (current.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal))
            {
                return false;
            }
        }

        return true;
    }

    private static string PackageFolder(string package)
    {
        // The consumer tests restore into their own folder (RestorePackagesPath in the project file).
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !Directory.Exists(Path.Combine(root.FullName, "artifacts", "package-tests-cache")))
        {
            root = root.Parent;
        }

        Assert.That(root, Is.Not.Null, "artifacts/package-tests-cache above " + AppContext.BaseDirectory);
        var cache = Path.Combine(root!.FullName, "artifacts", "package-tests-cache", package.ToLowerInvariant());
        var versions = Directory.GetDirectories(cache);
        Assert.That(versions, Has.Length.EqualTo(1), cache);
        return versions[0];
    }
}
