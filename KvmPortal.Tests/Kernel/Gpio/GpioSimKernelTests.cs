using KvmPortal.Hardware.Gpio;
using KvmPortal.Tests.Support;
using Xunit;

namespace KvmPortal.Tests.Kernel.Gpio;

/// <summary>The gpio-sim fixture itself, driven through System.Device.Gpio's libgpiod v1 driver (the library KvmPortal uses).</summary>
[Trait("Category", "Kernel")]
public sealed class GpioSimKernelTests
{
    [KernelFact]
    [Trait("Category", "Kernel")]
    public async Task GpioSim_ChipWithNamedLines_OutputReadsBackInSysfs_PulledInputIsReadWithEdges_TearDownRemovesIt()
    {
        KernelTest.RequireVmLab();

        string configDir;
        string devicePath;
        using (var sim = GpioSimChip.Create("led-out", "button-in"))
        {
            devicePath = sim.DevicePath;
            configDir = Directory.GetDirectories(GpioSimChip.ConfigRoot).Single(d => File.ReadAllText(Path.Combine(d, "bank0", "chip_name")).Trim() == sim.ChipName);
            System.Console.Error.WriteLine($"gpio-sim: {sim.PlatformDevice} {sim.DevicePath} lines [{string.Join(", ", sim.LineNames)}], sysfs {sim.SysfsDir}");
            Assert.Equal(1, sim.Offset("button-in"));
            Assert.Equal("led-out", File.ReadAllText(Path.Combine(configDir, "bank0", "line0", "name")).Trim());

            var logger = new ListLogger<DeviceGpioLineProvider>(echo: true);
            using (var chip = new DeviceGpioLineProvider(logger).OpenChip(sim.DevicePath, GpioDriverKind.LibGpiodV1))
            {
                Assert.Equal(GpioDriverKind.LibGpiodV1, chip.Driver);
                using var output = chip.OpenOutput(sim.Offset("led-out"), initialHigh: false);
                Assert.False(sim.ReadValue(0));
                var twice = Assert.Throws<GpioException>(() => chip.OpenInput(0, onEdge: null));
                Assert.Equal($"GPIO line 0 on {sim.DevicePath} is already requested through this chip.", twice.Message);
                output.Write(true);
                Assert.True(sim.ReadValue(0), "the level libgpiod drives is gpio-sim's sysfs value");
                output.Write(false);
                Assert.False(sim.ReadValue(0));

                var edges = new System.Collections.Concurrent.ConcurrentQueue<bool>();
                using var input = chip.OpenInput(sim.Offset("button-in"), edges.Enqueue);
                Assert.Equal("pull-down", sim.ReadPull(1));
                Assert.False(input.Read());

                // Only now (the request with edge detection has returned) pull the line: see the fixture's pitfall note.
                sim.Pull(1, up: true);
                await WaitUntil(() => edges.Contains(true), "a rising edge after pull-up");
                Assert.True(input.Read());
                sim.Pull(1, up: false);
                await WaitUntil(() => edges.Contains(false), "a falling edge after pull-down");
                Assert.False(input.Read());
                Assert.Equal([true, false], edges.ToArray());
            }
        }

        Assert.False(Directory.Exists(configDir), "Dispose removes the configfs folders");
        Assert.False(File.Exists(devicePath), "Dispose takes the chip down");
    }

    private static async Task WaitUntil(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what} did not happen within 5 s");
            await Task.Delay(5);
        }
    }
}
