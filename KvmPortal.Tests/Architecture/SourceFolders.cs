using System.Text.RegularExpressions;

namespace KvmPortal.Tests.Architecture;

/// <summary>
/// Reads a project's sources (.cs and .razor) and builds the dependency graph between its top-level folders: folder A depends on
/// B when a file in A names the namespace <c>KvmPortal.B…</c> (a using, an <c>@using</c> in an applying _Imports.razor, a fully
/// qualified name) or writes <c>B.Type</c> for a type declared in B. Comments and string literals do not count.
/// </summary>
public sealed partial class SourceFolders
{
    private static readonly string[] Skipped = ["bin", "obj", "wwwroot", "node_modules"];

    private SourceFolders(string projectDirectory, string rootNamespace)
    {
        ProjectDirectory = projectDirectory;
        RootNamespace = rootNamespace;
        Files = [.. Directory.EnumerateFiles(projectDirectory, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(projectDirectory, f).Replace('\\', '/'))
            .Where(f => !f.Split('/').SkipLast(1).Any(d => Skipped.Contains(d, StringComparer.Ordinal)))
            .Order(StringComparer.Ordinal)];
    }

    public string ProjectDirectory { get; }

    public string RootNamespace { get; }

    /// <summary>Gets the source files, relative to the project directory, with '/' separators.</summary>
    public IReadOnlyList<string> Files { get; }

    public static SourceFolders Load(string project) =>
        new(Path.Combine(Support.RepositoryRoot.Find(), project), project);

    /// <summary>The namespace a file in <paramref name="relativePath"/> must declare: the root namespace plus its folders.</summary>
    public string ExpectedNamespace(string relativePath)
    {
        var folders = relativePath.Split('/').SkipLast(1).ToArray();
        return folders.Length == 0 ? RootNamespace : RootNamespace + "." + string.Join('.', folders);
    }

    public string Read(string relativePath) => File.ReadAllText(Path.Combine(ProjectDirectory, relativePath));

    /// <summary>Gets the edges between top-level folders: from → to → the files in "from" that cause it.</summary>
    public IReadOnlyDictionary<string, SortedDictionary<string, SortedSet<string>>> Dependencies(Func<string, bool>? include = null)
    {
        var folders = Files.Where(f => f.Contains('/', StringComparison.Ordinal)).Select(TopFolder).ToHashSet(StringComparer.Ordinal);
        var typesByFolder = TypesByFolder();
        var edges = new SortedDictionary<string, SortedDictionary<string, SortedSet<string>>>(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            edges[folder] = new(StringComparer.Ordinal);
        }

        foreach (var file in Files.Where(f => f.Contains('/', StringComparison.Ordinal) && (include?.Invoke(f) ?? true)))
        {
            var from = TopFolder(file);
            var referenced = References(Code(Read(file)), folders, typesByFolder);
            if (file.EndsWith(".razor", StringComparison.Ordinal))
            {
                foreach (var imports in ImportsFor(file))
                {
                    referenced.UnionWith(References(Code(Read(imports)), folders, typesByFolder));
                }
            }

            foreach (var to in referenced.Where(t => t != from && folders.Contains(t)))
            {
                if (!edges[from].TryGetValue(to, out var because))
                {
                    edges[from][to] = because = new(StringComparer.Ordinal);
                }

                because.Add(file);
            }
        }

        return edges;
    }

    private static string TopFolder(string relativePath) => relativePath[..relativePath.IndexOf('/', StringComparison.Ordinal)];

    /// <summary>The _Imports.razor files that apply to a component: the project root's and every folder's on the way down.</summary>
    private IEnumerable<string> ImportsFor(string razorFile)
    {
        var folders = razorFile.Split('/').SkipLast(1).ToArray();
        for (var depth = 0; depth <= folders.Length; depth++)
        {
            var candidate = string.Join('/', folders.Take(depth).Append("_Imports.razor"));
            if (candidate != razorFile && File.Exists(Path.Combine(ProjectDirectory, candidate)))
            {
                yield return candidate;
            }
        }
    }

    private Dictionary<string, HashSet<string>> TypesByFolder()
    {
        var types = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var file in Files.Where(f => f.Contains('/', StringComparison.Ordinal)))
        {
            if (!types.TryGetValue(TopFolder(file), out var set))
            {
                types[TopFolder(file)] = set = new(StringComparer.Ordinal);
            }

            if (file.EndsWith(".razor", StringComparison.Ordinal))
            {
                set.Add(Path.GetFileNameWithoutExtension(file));
            }

            foreach (Match m in TypeDeclaration().Matches(Code(Read(file))))
            {
                set.Add(m.Groups[1].Value);
            }
        }

        return types;
    }

    private HashSet<string> References(string code, HashSet<string> folders, Dictionary<string, HashSet<string>> typesByFolder)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        var prefix = new Regex(@"\b" + Regex.Escape(RootNamespace) + @"\.(\w+)", RegexOptions.None, TimeSpan.FromSeconds(5));
        foreach (Match m in prefix.Matches(code))
        {
            result.Add(m.Groups[1].Value);
        }

        // Names qualified relative to the root namespace, such as Video.StreamerState inside KvmPortal.Pikvm.
        foreach (Match m in QualifiedName().Matches(code))
        {
            var folder = m.Groups[1].Value;
            if (folders.Contains(folder) && typesByFolder.TryGetValue(folder, out var types) && types.Contains(m.Groups[2].Value))
            {
                result.Add(folder);
            }
        }

        return result;
    }

    /// <summary>Source without comments and string literals (a word in a message is not a dependency).</summary>
    public static string Code(string source)
    {
        var code = BlockComment().Replace(source, " ");
        code = LineComment().Replace(code, "$1");
        return StringLiteral().Replace(code, "\"\"");
    }

    [GeneratedRegex(@"/\*.*?\*/|@\*.*?\*@", RegexOptions.Singleline)]
    private static partial Regex BlockComment();

    // A // comment at the start of a line or after code; "://" (a URL inside a string) is kept.
    [GeneratedRegex(@"(^|[^:""])//.*$", RegexOptions.Multiline)]
    private static partial Regex LineComment();

    [GeneratedRegex(@"@?\$?""(?:[^""\\\n]|\\.)*""")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\b(?:class|struct|interface|enum|record)\s+(\w+)")]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"(?<![\w.])([A-Z]\w*)\.([A-Z]\w*)")]
    private static partial Regex QualifiedName();
}
