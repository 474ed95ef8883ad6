namespace KvmPortal.Tests.Architecture;

/// <summary>Cycle search over a folder graph (Tarjan's strongly connected components, then one concrete cycle per component).</summary>
public static class FolderGraph
{
    /// <summary>Returns one cycle (folders in order) per strongly connected component, ignoring the allowed "From -> To" edges.</summary>
    public static List<List<string>> Cycles<TBecause>(IReadOnlyDictionary<string, SortedDictionary<string, TBecause>> graph, IEnumerable<string> allowedEdges)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var allowed = allowedEdges.ToHashSet(StringComparer.Ordinal);
        var next = graph.ToDictionary(
            kv => kv.Key,
            kv => kv.Value.Keys.Where(to => graph.ContainsKey(to) && !allowed.Contains($"{kv.Key} -> {to}")).Order(StringComparer.Ordinal).ToList(),
            StringComparer.Ordinal);

        var cycles = new List<List<string>>();
        foreach (var component in Components(next).Where(c => c.Count > 1))
        {
            cycles.Add(CycleWithin(component.Min(StringComparer.Ordinal)!, component.ToHashSet(StringComparer.Ordinal), next));
        }

        return [.. cycles.OrderBy(c => c[0], StringComparer.Ordinal)];
    }

    private static List<List<string>> Components(Dictionary<string, List<string>> next)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<List<string>>();

        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in next[v])
            {
                if (!index.TryGetValue(w, out var seen))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                {
                    low[v] = Math.Min(low[v], seen);
                }
            }

            if (low[v] == index[v])
            {
                var component = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    onStack.Remove(w);
                    component.Add(w);
                }
                while (w != v);
                result.Add(component);
            }
        }

        foreach (var v in next.Keys.Order(StringComparer.Ordinal).Where(v => !index.ContainsKey(v)).ToList())
        {
            if (!index.ContainsKey(v))
            {
                Visit(v);
            }
        }

        return result;
    }

    /// <summary>The shortest cycle through <paramref name="start"/> inside its component (breadth-first back to the start).</summary>
    private static List<string> CycleWithin(string start, HashSet<string> component, Dictionary<string, List<string>> next)
    {
        var parent = new Dictionary<string, string>(StringComparer.Ordinal);
        var queue = new Queue<string>([start]);
        while (queue.Count > 0)
        {
            var v = queue.Dequeue();
            foreach (var w in next[v].Where(component.Contains))
            {
                if (w == start)
                {
                    var path = new List<string> { v };
                    while (path[^1] != start)
                    {
                        path.Add(parent[path[^1]]);
                    }

                    path.Reverse();
                    return path;
                }

                if (parent.TryAdd(w, v))
                {
                    queue.Enqueue(w);
                }
            }
        }

        throw new InvalidOperationException("not a cycle: " + start);
    }
}
