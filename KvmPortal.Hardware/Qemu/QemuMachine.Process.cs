using System.Diagnostics;
using System.Net.Sockets;
using KvmPortal.Hardware.Processes;

namespace KvmPortal.Hardware.Qemu;

/// <summary>Process start and the status monitor.</summary>
public sealed partial class QemuMachine
{
    private static readonly TimeSpan QuitTimeout = TimeSpan.FromSeconds(10);

    private ChildProcess Launch()
    {
        var socket = QemuArguments.UnixPath(_endpoint) ?? throw new InvalidOperationException("StartVm needs a unix QmpSocket path");
        Directory.CreateDirectory(Path.GetDirectoryName(socket)!);
        File.Delete(socket);
        if (!string.IsNullOrEmpty(_options.SerialSocket))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(_options.SerialSocket))!);
            File.Delete(_options.SerialSocket);
        }
        var info = new ProcessStartInfo(_options.QemuBinary)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in QemuArguments.Build(_options, socket))
        {
            info.ArgumentList.Add(argument);
        }

        var commandLine = string.Join(' ', info.ArgumentList);
        QemuLog.Launching(_logger, _options.QemuBinary, commandLine);
        var child = _children.Start(new ChildProcessStart("qemu", info)
        {
            // A normal stop is QMP quit; the service kills QEMU when it has not exited after QuitTimeout.
            GracefulStop = QuitThroughQmpAsync,
            StopTimeout = QuitTimeout,
            // If KvmPortal dies, QEMU gets SIGTERM: it exits at once but flushes and closes its disk images first.
            ParentDeathSignal = ParentDeathSignal.Terminate,
        });
        var process = child.Process;
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (errors)
                {
                    errors.AppendLine(e.Data);
                }
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        _ = child.Exited.ContinueWith(
            exit =>
            {
                if (exit.Result != 0)
                {
                    string text;
                    lock (errors)
                    {
                        text = errors.ToString().Trim();
                    }

                    QemuLog.Exited(_logger, exit.Result, text);
                }

                SetRunning(false, "disconnected");
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return child;
    }

    private async Task QuitThroughQmpAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Qmp.ExecuteAsync("quit", null, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // Already gone, or it closed the socket while answering.
        }
    }

    private async Task WaitForQmpAsync(ChildProcess child, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow().AddSeconds(Math.Max(1, _options.StartTimeoutSeconds));
        while (true)
        {
            try
            {
                await Qmp.ConnectAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (IOException) when (!child.HasExited && _time.GetUtcNow() < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), _time, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex) when (child.HasExited)
            {
                throw new IOException($"{_options.QemuBinary} exited with code {child.Exited.Result} before QMP was ready", ex);
            }
        }
    }

    private async Task MonitorAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await RefreshStatusAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is IOException or QmpException or TimeoutException or SocketException or InvalidOperationException)
            {
                SetRunning(false, "disconnected");
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void OnEvent(object? sender, QmpEvent e)
    {
        switch (e.Name)
        {
            case "RESUME":
                SetRunning(true, "running");
                break;
            case "STOP":
                SetRunning(false, "paused");
                break;
            case "SHUTDOWN":
                // The reason says who ended it: "host-qmp-quit" is KvmPortal's QMP quit, "host-signal" a signal, "guest-shutdown" the guest.
                var reason = e.Data?["reason"]?.ToString() ?? "unknown";
                QemuLog.Shutdown(_logger, reason);
                SetRunning(false, "shutdown");
                break;
        }

        EventReceived?.Invoke(this, e);
    }
}
