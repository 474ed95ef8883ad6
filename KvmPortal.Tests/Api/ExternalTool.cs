using System.Diagnostics;

namespace KvmPortal.Tests.Api;

/// <summary>Runs a Debian tool (redfishtool, python3 with sushy, promtool) and returns its exit code and output.</summary>
public static class ExternalTool
{
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string file, IEnumerable<string> arguments, string? stdin = null, int timeoutSeconds = 60)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NO_PROXY"] = "127.0.0.1,localhost";
        start.Environment.Remove("http_proxy");
        start.Environment.Remove("HTTP_PROXY");
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish within {timeoutSeconds} s");
        }

        return (process.ExitCode, await output, await errors);
    }

    /// <summary>Finds a tool on the usual Debian paths; fails with the apt package to install when it is missing.</summary>
    public static string Require(string path, string package)
    {
        Assert.True(File.Exists(path), $"{path} is missing: install the Debian package {package} (apt-get install {package})");
        return path;
    }
}
