using KvmPortal.Tests.Support;

namespace KvmPortal.Tests.Api;

/// <summary>Runs a Debian tool (redfishtool, python3 with sushy, promtool) and returns its exit code and output.</summary>
public static class ExternalTool
{
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string file, IEnumerable<string> arguments, string? stdin = null, int timeoutSeconds = 60)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var environment = new Dictionary<string, string?> { ["NO_PROXY"] = "127.0.0.1,localhost", ["http_proxy"] = null, ["HTTP_PROXY"] = null };
        var result = await TestProcess.RunAsync(file, arguments, TimeSpan.FromSeconds(timeoutSeconds), stdin, environment);
        return (result.ExitCode, result.StandardOutput, result.StandardError);
    }

    /// <summary>Finds a tool on the usual Debian paths; fails with the apt package to install when it is missing.</summary>
    public static string Require(string path, string package)
    {
        Assert.True(File.Exists(path), $"{path} is missing: install the Debian package {package} (apt-get install {package})");
        return path;
    }
}
