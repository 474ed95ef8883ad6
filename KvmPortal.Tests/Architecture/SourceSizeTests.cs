namespace KvmPortal.Tests.Architecture;

/// <summary>
/// Keeps source files readable: no .cs/.razor file over the limit in any project, and Razor <c>@code</c> blocks short (logic belongs in
/// services or code-behind classes, not in components). Generated code (EF migrations) is exempt.
/// </summary>
public sealed class SourceSizeTests
{
    /// <summary>"Under ~300 lines", with a little room for a file that is one tidy unit.</summary>
    private const int MaxLines = 330;

    /// <summary>A component's @code block: state, parameters, event handlers; anything longer hides logic in the UI.</summary>
    private const int MaxCodeBlockLines = 120;

    public static TheoryData<string> Projects => ["KvmPortal", "KvmPortal.Hardware", "KvmPortal.Tests"];

    [Theory]
    [MemberData(nameof(Projects))]
    public void NoSourceFile_IsLongerThanTheLimit(string project)
    {
        var sources = SourceFolders.Load(project);
        var tooLong = sources.Files
            .Where(f => !f.Contains("/Migrations/", StringComparison.Ordinal))
            .Select(f => (File: f, Lines: sources.Read(f).Split('\n').Length))
            .Where(x => x.Lines > MaxLines)
            .Select(x => $"{project}/{x.File}: {x.Lines} lines")
            .ToList();

        Assert.True(tooLong.Count == 0, $"files over {MaxLines} lines (split them by responsibility):\n" + string.Join('\n', tooLong));
    }

    [Fact]
    public void RazorCodeBlocks_StayShort()
    {
        var sources = SourceFolders.Load("KvmPortal");
        var tooLong = new List<string>();
        foreach (var file in sources.Files.Where(f => f.EndsWith(".razor", StringComparison.Ordinal)))
        {
            var lines = sources.Read(file).Split('\n');
            var start = Array.FindIndex(lines, l => l.StartsWith("@code", StringComparison.Ordinal));
            if (start >= 0 && lines.Length - start > MaxCodeBlockLines)
            {
                tooLong.Add($"{file}: @code block of {lines.Length - start} lines");
            }
        }

        Assert.True(tooLong.Count == 0, $"@code blocks over {MaxCodeBlockLines} lines (move logic into a service or a code-behind class):\n" + string.Join('\n', tooLong));
    }
}
