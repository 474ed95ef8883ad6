using System.Text;
using Xunit.Abstractions;

namespace KvmPortal.Tests.Architecture;

/// <summary>The web app's top-level folders (feature slices and shared plumbing) depend on each other without cycles.</summary>
public sealed class FolderCycleTests(ITestOutputHelper output)
{
    /// <summary>
    /// Known cycles, as the edges that close them ("From -> To"). Each is debt: remove the entry when the cycle is broken. An edge
    /// listed here is ignored when looking for cycles, so a cycle that does not pass through one of them fails the test.
    /// </summary>
    private static readonly string[] KnownBackEdges = [];

    [Fact]
    public void WebAppFolders_HaveNoDependencyCycles()
    {
        var graph = SourceFolders.Load("KvmPortal").Dependencies(f => !f.StartsWith("Data/Migrations/", StringComparison.Ordinal));
        foreach (var (from, tos) in graph)
        {
            output.WriteLine($"{from} -> {string.Join(", ", tos.Keys)}");
        }

        var cycles = FolderGraph.Cycles(graph, KnownBackEdges);
        var report = new StringBuilder();
        foreach (var cycle in cycles)
        {
            report.AppendLine("cycle: " + string.Join(" -> ", cycle.Append(cycle[0])));
            for (var i = 0; i < cycle.Count; i++)
            {
                var (from, to) = (cycle[i], cycle[(i + 1) % cycle.Count]);
                report.AppendLine("  " + from + " -> " + to + " because of " + string.Join(", ", graph[from][to]));
            }
        }

        Assert.True(cycles.Count == 0, "Folder dependency cycles:\n" + report);
    }

    [Fact]
    public void KnownBackEdges_StillExist()
    {
        // A known cycle that got fixed must leave the list, so that it cannot come back unnoticed.
        var graph = SourceFolders.Load("KvmPortal").Dependencies(f => !f.StartsWith("Data/Migrations/", StringComparison.Ordinal));
        var stale = KnownBackEdges.Where(e =>
        {
            var parts = e.Split(" -> ");
            return !graph.TryGetValue(parts[0], out var tos) || !tos.ContainsKey(parts[1]);
        });
        Assert.Empty(stale);
    }

    [Fact]
    public void CycleFinder_FindsACycleAndIgnoresAllowedEdges()
    {
        var graph = new Dictionary<string, SortedDictionary<string, SortedSet<string>>>(StringComparer.Ordinal)
        {
            ["A"] = new(StringComparer.Ordinal) { ["B"] = ["A/x.cs"] },
            ["B"] = new(StringComparer.Ordinal) { ["C"] = ["B/y.cs"] },
            ["C"] = new(StringComparer.Ordinal) { ["A"] = ["C/z.cs"] },
            ["D"] = new(StringComparer.Ordinal) { ["A"] = ["D/w.cs"] },
        };

        var cycle = Assert.Single(FolderGraph.Cycles(graph, []));
        Assert.Equal(["A", "B", "C"], cycle);
        Assert.Empty(FolderGraph.Cycles(graph, ["C -> A"]));
    }
}
