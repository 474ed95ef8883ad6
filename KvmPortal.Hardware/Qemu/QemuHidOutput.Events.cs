using System.Text.Json.Nodes;
using KvmPortal.Hardware.Hid;

namespace KvmPortal.Hardware.Qemu;

/// <summary>Event construction and the sender loop.</summary>
public sealed partial class QemuHidOutput
{
    internal static JsonObject KeyEvent(string qcode, bool down) => new()
    {
        ["type"] = "key",
        ["data"] = new JsonObject { ["down"] = down, ["key"] = new JsonObject { ["type"] = "qcode", ["data"] = qcode } },
    };

    internal static JsonObject ButtonEvent(string button, bool down) => new()
    {
        ["type"] = "btn",
        ["data"] = new JsonObject { ["down"] = down, ["button"] = button },
    };

    internal static JsonObject AxisEvent(string type, string axis, int value) => new()
    {
        ["type"] = type,
        ["data"] = new JsonObject { ["axis"] = axis, ["value"] = value },
    };

    internal static IEnumerable<string> ButtonNames(MouseButtons buttons)
    {
        if (buttons.HasFlag(MouseButtons.Left))
        {
            yield return "left";
        }

        if (buttons.HasFlag(MouseButtons.Right))
        {
            yield return "right";
        }

        if (buttons.HasFlag(MouseButtons.Middle))
        {
            yield return "middle";
        }

        if (buttons.HasFlag(MouseButtons.Back))
        {
            yield return "side";
        }

        if (buttons.HasFlag(MouseButtons.Forward))
        {
            yield return "extra";
        }
    }

    private static void AddWheelClicks(JsonArray events, int amount, string positive, string negative)
    {
        var name = amount > 0 ? positive : negative;
        for (var i = 0; i < Math.Min(Math.Abs(amount), 16); i++)
        {
            events.Add(ButtonEvent(name, true));
            events.Add(ButtonEvent(name, false));
        }
    }

    private void Enqueue(JsonArray events)
    {
        NoteInput();
        _queue.Writer.TryWrite((events, Time.GetTimestamp(), null));
    }

    private static HidState StateOf(QemuMachine machine) => new(HidBackend.Qemu, machine.Connected, machine.Running, KeyboardLeds.None);

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var (events, timestamp, flush) in _queue.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (events.Count > 0)
                {
                    await SendAsync(events, timestamp, cancellationToken).ConfigureAwait(false);
                }

                flush?.TrySetResult();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Disposed.
        }

        while (_queue.Reader.TryRead(out var item))
        {
            item.Flush?.TrySetResult();
        }
    }

    private async Task SendAsync(JsonArray events, long timestamp, CancellationToken cancellationToken)
    {
        if (!_machine.Running || Time.GetElapsedTime(timestamp) > MaxEventAge)
        {
            Dropped += events.Count;
            return;
        }

        try
        {
            await _machine.ExecuteAsync("input-send-event", new JsonObject { ["events"] = events }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is QmpException or IOException or TimeoutException or InvalidOperationException)
        {
            Dropped += events.Count;
            QemuLog.OperationFailed(_logger, "input-send-event", ex);
        }
    }
}
