using System.Diagnostics;
using System.Net.Sockets;

namespace KvmPortal.Hardware.Qemu;

/// <summary>Process start and the status monitor.</summary>
public sealed partial class QemuMachine
{
    private Process Launch()
    {
        var socket = QemuArguments.UnixPath(_endpoint) ?? throw new InvalidOperationException("StartVm needs a unix QmpSocket path");
        Directory.CreateDirectory(Path.GetDirectoryName(socket)!);
        File.Delete(socket);
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
        var process = Process.Start(info) ?? throw new IOException($"could not start {_options.QemuBinary}");
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
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) =>
        {
            string text;
            lock (errors)
            {
                text = errors.ToString().Trim();
            }

            if (process.ExitCode == 0)
            {
                QemuLog.ExitedCleanly(_logger);
            }
            else
            {
                QemuLog.Exited(_logger, process.ExitCode, text);
            }
            SetRunning(false, "disconnected");
        };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return process;
    }

    private async Task WaitForQmpAsync(Process process, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow().AddSeconds(Math.Max(1, _options.StartTimeoutSeconds));
        while (true)
        {
            try
            {
                await Qmp.ConnectAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (IOException) when (!process.HasExited && _time.GetUtcNow() < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), _time, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex) when (process.HasExited)
            {
                throw new IOException($"{_options.QemuBinary} exited with code {process.ExitCode} before QMP was ready", ex);
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
                SetRunning(false, "shutdown");
                break;
        }

        EventReceived?.Invoke(this, e);
    }
}
