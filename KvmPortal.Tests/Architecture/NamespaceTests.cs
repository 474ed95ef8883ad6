using System.Text.RegularExpressions;

namespace KvmPortal.Tests.Architecture;

/// <summary>Every source file's namespace is its folder (<c>KvmPortal.&lt;Folder&gt;[.&lt;Sub&gt;]</c>).</summary>
public sealed partial class NamespaceTests
{
    [Theory]
    [InlineData("KvmPortal")]
    [InlineData("KvmPortal.Hardware")]
    [InlineData("KvmPortal.Tests")]
    public void EveryFile_DeclaresTheNamespaceOfItsFolder(string project)
    {
        var sources = SourceFolders.Load(project);
        var wrong = new List<string>();
        foreach (var file in sources.Files)
        {
            var code = SourceFolders.Code(sources.Read(file));
            var expected = sources.ExpectedNamespace(file);
            var declared = (file.EndsWith(".razor", StringComparison.Ordinal) ? RazorNamespace() : CSharpNamespace()).Matches(code)
                .Select(m => m.Groups[1].Value).ToList();
            if (file.EndsWith(".razor", StringComparison.Ordinal))
            {
                // A component takes its folder's namespace unless it says otherwise.
                wrong.AddRange(declared.Where(d => d != expected).Select(d => $"{file}: @namespace {d}, expected {expected}"));
            }
            else if (declared.Count == 0 && file != "Program.cs")
            {
                wrong.Add($"{file}: no namespace, expected {expected}");
            }
            else
            {
                wrong.AddRange(declared.Where(d => d != expected).Select(d => $"{file}: namespace {d}, expected {expected}"));
            }
        }

        Assert.True(sources.Files.Count > 10, "no sources found in " + sources.ProjectDirectory);
        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }

    [GeneratedRegex(@"^\s*namespace\s+([\w.]+)", RegexOptions.Multiline)]
    private static partial Regex CSharpNamespace();

    [GeneratedRegex(@"^\s*@namespace\s+([\w.]+)", RegexOptions.Multiline)]
    private static partial Regex RazorNamespace();
}
