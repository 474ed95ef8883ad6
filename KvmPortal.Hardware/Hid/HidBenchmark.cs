using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;

namespace KvmPortal.Hardware.Hid;

/// <summary>
/// <c>KvmPortal bench hid</c>: drives the UsbGadget backend's writer against /dev/null (a device that accepts every write at once)
/// and prints <c>name: value</c> lines: sustained reports per second (successful writes), and p50/p99 from the <see cref="IHidOutput"/> call to the
/// write() return (unloaded: one report in flight), plus the cost of the call itself.
/// </summary>
public static class HidBenchmark
{
    /// <summary>Runs for about 4.5 seconds against /dev/null and prints the figures.</summary>
    public static Task RunAsync(TextWriter output, CancellationToken cancellationToken = default) =>
        RunAsync(output, "/dev/null", 3, cancellationToken);

    /// <summary>Runs against <paramref name="device"/> (a character device, FIFO with a reader, or file) and prints the figures.</summary>
    public static async Task RunAsync(TextWriter output, string device, double seconds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        var time = TimeProvider.System;
        var options = new HidOptions
        {
            KeyboardDevice = device,
            AbsoluteMouseDevice = device,
            RelativeMouseDevice = device,
            SysfsRoot = "/nonexistent",
            QueueCapacity = 1024,
        };
        using var hid = new UsbGadgetHidOutput(options, time, NullLogger<UsbGadgetHidOutput>.Instance, readLeds: false);
        long written = 0, failed = 0;
        var latencies = new List<long>();
        var gate = new Lock();
        using var one = new SemaphoreSlim(0);
        var recordLatency = false;
        hid.WriteCompleted += result =>
        {
            var ticks = result.QueuedToReturn;
            Interlocked.Increment(ref written);
            if (!result.Succeeded)
            {
                Interlocked.Increment(ref failed);
            }

            if (Volatile.Read(ref recordLatency))
            {
                lock (gate)
                {
                    latencies.Add(ticks);
                }

                one.Release();
            }
        };

        // Throughput: keep up to 256 reports in flight (never more than the queue holds, so nothing is dropped).
        var start = time.GetTimestamp();
        long sent = 0;
        var pressed = false;
        while (time.GetElapsedTime(start).TotalSeconds < seconds && !cancellationToken.IsCancellationRequested)
        {
            if (sent - Interlocked.Read(ref written) < 256)
            {
                pressed = !pressed;
                hid.SendKey("KeyA", pressed);
                sent++;
            }
            else
            {
                Thread.Yield();
            }
        }

        while (Interlocked.Read(ref written) < sent && time.GetElapsedTime(start).TotalSeconds < seconds + 2)
        {
            Thread.Yield();
        }

        var elapsed = time.GetElapsedTime(start).TotalSeconds;
        var rate = (Interlocked.Read(ref written) - Interlocked.Read(ref failed)) / elapsed;

        // Latency: one report at a time, from the IHidOutput call to the write() return on the writer thread.
        Volatile.Write(ref recordLatency, true);
        var callTicks = new List<long>();
        start = time.GetTimestamp();
        while (time.GetElapsedTime(start).TotalSeconds < Math.Max(1, seconds / 2) && !cancellationToken.IsCancellationRequested)
        {
            pressed = !pressed;
            var before = time.GetTimestamp();
            hid.SendKey("KeyA", pressed);
            callTicks.Add(time.GetTimestamp() - before);
            await one.WaitAsync(TimeSpan.FromSeconds(1), cancellationToken);
        }

        hid.ReleaseAll();
        List<long> sample;
        lock (gate)
        {
            sample = [.. latencies];
        }

        output.WriteLine($"hid_device: {device}");
        output.WriteLine(F("hid_reports_per_second", rate, "F0"));
        output.WriteLine(F("hid_call_to_write_p50_us", Micro(Percentile(sample, 0.50), time), "F1"));
        output.WriteLine(F("hid_call_to_write_p99_us", Micro(Percentile(sample, 0.99), time), "F1"));
        output.WriteLine(F("hid_call_return_p50_us", Micro(Percentile(callTicks, 0.50), time), "F2"));
        output.WriteLine(F("hid_call_return_p99_us", Micro(Percentile(callTicks, 0.99), time), "F2"));
        output.WriteLine($"hid_latency_samples: {sample.Count}");
        output.WriteLine($"hid_write_failures: {Interlocked.Read(ref failed)}");
    }

    private static string F(string name, double value, string format) => $"{name}: {value.ToString(format, CultureInfo.InvariantCulture)}";

    private static double Micro(long ticks, TimeProvider time) => ticks * 1_000_000.0 / time.TimestampFrequency;

    private static long Percentile(List<long> values, double p)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        values.Sort();
        return values[Math.Min(values.Count - 1, (int)(p * values.Count))];
    }
}
