using System.Diagnostics;
using System.Text;

namespace KvmPortal.Tests.Ipmi;

/// <summary>
/// Runs an interactive tool (<c>ipmitool sol activate</c>, <c>ipmiconsole</c>) on a pseudo-terminal through util-linux's
/// <c>script</c>, so it finds the tty it wants: what is written here reaches it as typed keys, everything it prints is collected.
/// Disposing kills it with its descendants if it is still running.
/// </summary>
public sealed class PtyConsole : IDisposable
{
    private const string Script = "/usr/bin/script";
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _lock = new();
    private readonly Task _reader;

    private PtyConsole(Process process)
    {
        _process = process;
        _reader = Task.Run(ReadAsync);
    }

    /// <summary>Gets everything the tool printed so far (decoded as Latin-1, byte for byte).</summary>
    public string Output
    {
        get
        {
            lock (_lock)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static PtyConsole Start(string file, params string[] arguments)
    {
        Assert.True(File.Exists(Script), "script is missing: install the Debian package util-linux");
        var command = string.Join(' ', new[] { file }.Concat(arguments).Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
        var info = new ProcessStartInfo(Script)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "-q", "-f", "-e", "-c", command, "/dev/null" })
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["TERM"] = "dumb";
        return new PtyConsole(Process.Start(info) ?? throw new InvalidOperationException("script did not start"));
    }

    /// <summary>Types <paramref name="text"/> (as Latin-1 bytes).</summary>
    public async Task SendAsync(string text)
    {
        await _process.StandardInput.BaseStream.WriteAsync(Encoding.Latin1.GetBytes(text));
        await _process.StandardInput.BaseStream.FlushAsync();
    }

    /// <summary>Waits until <paramref name="text"/> appears after position <paramref name="from"/>; fails with the output so far.</summary>
    public async Task<int> WaitForAsync(string text, int from = 0, int timeoutSeconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var output = Output;
            var at = from <= output.Length ? output.IndexOf(text, from, StringComparison.Ordinal) : -1;
            if (at >= 0)
            {
                return at + text.Length;
            }

            Assert.True(DateTime.UtcNow < deadline, $"'{text}' did not appear; the tool printed:\n{output}");
            await Task.Delay(20);
        }
    }

    /// <summary>Waits for the tool to exit; false when it is still running after the timeout.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            await _reader;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        _process.Dispose();
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[4096];
        var stream = _process.StandardOutput.BaseStream;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            lock (_lock)
            {
                _output.Append(Encoding.Latin1.GetString(buffer, 0, read));
            }
        }
    }
}
