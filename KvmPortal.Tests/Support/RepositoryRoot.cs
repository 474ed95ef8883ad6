namespace KvmPortal.Tests.Support;

/// <summary>Finds the repository root (the folder holding KvmPortal.sln) from the test's output folder.</summary>
public static class RepositoryRoot
{
    public static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "KvmPortal.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("KvmPortal.sln not found above " + AppContext.BaseDirectory);
    }
}
