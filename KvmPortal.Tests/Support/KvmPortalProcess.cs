using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using KvmPortal.Hardware.Processes;

namespace KvmPortal.Tests.Support;

/// <summary>
/// The real KvmPortal program (<c>dotnet KvmPortal.dll</c>) started the way systemd or a user starts it, through the same
/// <see cref="ChildProcessService"/> the app uses (so it dies with the test host too). Keeps its console output; disposing stops it
/// with SIGTERM and kills it (and whatever it started) when it has not exited after 20 s.
/// </summary>
public sealed class KvmPortalProcess : IAsyncDisposable
{
    public static readonly string AppDll = Path.Combine(RepositoryRoot.Find(), "KvmPortal", "bin", "Debug", "net10.0", "KvmPortal.dll");

    private readonly ChildProcessService _children = new();
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly TaskCompletionSource _outputEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _errorsEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private KvmPortalProcess(string dataDirectory, IEnumerable<string> args)
    {
        var info = StartInfo(dataDirectory, args);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        Child = _children.Start(new ChildProcessStart("kvmportal", info) { StopTimeout = TimeSpan.FromSeconds(20) });
        Child.Process.OutputDataReceived += (_, e) => Add(e.Data, _outputEnded);
        Child.Process.ErrorDataReceived += (_, e) => Add(e.Data, _errorsEnded);
        Child.Process.BeginOutputReadLine();
        Child.Process.BeginErrorReadLine();
    }

    public ChildProcess Child { get; }

    public int Id => Child.Id;

    public string Output => string.Join('\n', _lines);

    public static KvmPortalProcess Start(string dataDirectory, IEnumerable<string> args) => new(dataDirectory, args);

    /// <summary>Runs KvmPortal to its end (a command verb or a refused configuration); killed after 60 s.</summary>
    public static async Task<(int Code, string Output)> RunToEndAsync(string dataDirectory, IEnumerable<string> args)
    {
        await using var children = new ChildProcessService();
        var result = await children.RunAsync(StartInfo(dataDirectory, args), TimeSpan.FromSeconds(60));
        return (result.ExitCode, result.StandardOutput + result.StandardError);
    }

    /// <summary>Waits until a console line matches; fails with the output so far when the process exits or the time passes.</summary>
    public async Task<Match> WaitForLineAsync(Regex pattern, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var line in _lines)
            {
                if (pattern.Match(line) is { Success: true } match)
                {
                    return match;
                }
            }

            if (Child.HasExited)
            {
                break;
            }

            await Task.Delay(50);
        }

        throw new Xunit.Sdk.XunitException($"KvmPortal did not log /{pattern}/ within {timeout.TotalSeconds} s (exited: {Child.HasExited}). Output:\n{Output}");
    }

    /// <summary>
    /// Waits until the process has exited and both of its output streams have ended, so that <see cref="Output"/> holds its last lines
    /// (the exit is seen before the reader has taken what the process wrote just before it).
    /// </summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        var code = await Child.Exited.WaitAsync(timeout);
        await Task.WhenAll(_outputEnded.Task, _errorsEnded.Task).WaitAsync(timeout);
        return code;
    }

    public async ValueTask DisposeAsync()
    {
        await Child.DisposeAsync();
        await _children.DisposeAsync();
    }

    private static ProcessStartInfo StartInfo(string dataDirectory, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet");
        info.ArgumentList.Add(AppDll);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["KvmPortal__DataDirectory"] = dataDirectory;
        info.Environment["KvmPortal__OverrideFile"] = Path.Combine(dataDirectory, "none.json");
        return info;
    }

    private void Add(string? line, TaskCompletionSource ended)
    {
        if (line is null)
        {
            ended.TrySetResult(); // the end of the stream
        }
        else
        {
            _lines.Enqueue(line);
        }
    }
}
