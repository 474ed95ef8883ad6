using KvmPortal.Tests.Api;
using KvmPortal.Tests.Support;

namespace KvmPortal.Tests.Redfish;

/// <summary>The standard Redfish clients from Debian (redfishtool, python3-sushy) against a real Kestrel socket and the simulated target.</summary>
public sealed class RedfishClientTests() : RedfishSocketTest(busyAfterClickMs: 100)
{
    [Fact]
    public async Task Redfishtool_ReadsPowerState_AndPowersOnOffAndResets()
    {
        var tool = ExternalTool.Require("/usr/bin/redfishtool", "redfishtool");
        Assert.Equal("Off", await RedfishtoolPowerStateAsync(tool));

        await RedfishtoolAsync(tool, "Systems", "-I", "0", "reset", "On");
        await WaitUntilPowerLedAsync(on: true);
        Assert.Equal("On", await RedfishtoolPowerStateAsync(tool));

        var boots = Target.BootCount;
        await WaitUntilIdleAsync();
        await RedfishtoolAsync(tool, "Systems", "-I", "0", "reset", "ForceRestart");
        await WaitUntilAsync(() => Target.BootCount > boots);

        await WaitUntilIdleAsync();
        await RedfishtoolAsync(tool, "Systems", "-I", "0", "reset", "ForceOff");
        await WaitUntilPowerLedAsync(on: false);
        Assert.Equal("Off", await RedfishtoolPowerStateAsync(tool));
    }

    [Fact]
    public async Task Sushy_ReadsPowerState_AndPowersOnOffAndResets()
    {
        var python = ExternalTool.Require("/usr/bin/python3", "python3-sushy");
        const string Script = """
            import sys, time, sushy
            from sushy import auth
            url, user, password, step = sys.argv[1], sys.argv[2], sys.stdin.readline().rstrip("\n"), sys.argv[3]
            root = sushy.Sushy(url, auth=auth.SessionOrBasicAuth(username=user, password=password), verify=False)
            system = root.get_system("/redfish/v1/Systems/0")
            if step == "state":
                print("STATE=" + str(system.power_state))
            else:
                system.reset_system({"on": sushy.RESET_ON, "off": sushy.RESET_FORCE_OFF, "reset": sushy.RESET_FORCE_RESTART}[step])
                print("DONE")
            """;

        async Task<string> RunAsync(string step)
        {
            var (code, output, errors) = await ExternalTool.RunAsync(python, ["-c", Script, $"http://{Host}/redfish/v1", Operator, step], TestPasswords.User + "\n");
            Assert.True(code == 0, $"sushy {step} failed ({code}): {errors}\n{output}");
            return output.Trim();
        }

        Assert.Matches("^state=(powerstate\\.)?off$", (await RunAsync("state")).ToLowerInvariant());
        Assert.Equal("DONE", await RunAsync("on"));
        await WaitUntilPowerLedAsync(on: true);
        Assert.Matches("^state=(powerstate\\.)?on$", (await RunAsync("state")).ToLowerInvariant());

        var boots = Target.BootCount;
        await WaitUntilIdleAsync();
        Assert.Equal("DONE", await RunAsync("reset"));
        await WaitUntilAsync(() => Target.BootCount > boots);

        await WaitUntilIdleAsync();
        Assert.Equal("DONE", await RunAsync("off"));
        await WaitUntilPowerLedAsync(on: false);
        Assert.Matches("^state=(powerstate\\.)?off$", (await RunAsync("state")).ToLowerInvariant());
    }

    private async Task<string> RedfishtoolPowerStateAsync(string tool)
    {
        var output = await RedfishtoolAsync(tool, "-P", "PowerState", "Systems", "-I", "0", "get");
        return output.Contains("\"On\"", StringComparison.Ordinal) ? "On" : output.Contains("\"Off\"", StringComparison.Ordinal) ? "Off" : output;
    }

    private async Task<string> RedfishtoolAsync(string tool, params string[] command)
    {
        string[] common = ["-r", Host, "-u", Operator, "-p", TestPasswords.User, "-S", "Never"];
        var (code, output, errors) = await ExternalTool.RunAsync(tool, [.. common, .. command]);
        Assert.True(code == 0, $"redfishtool {string.Join(' ', command)} failed ({code}): {errors}\n{output}");
        return output;
    }

    /// <summary>The target changes first; Redfish reports the power LED, which the ATX backend samples (debounced) after it.</summary>
    private async Task WaitUntilPowerLedAsync(bool on)
    {
        await WaitUntilAsync(() => Target.IsPoweredOn == on);
        await WaitUntilAsync(() => Atx.State.PowerLed == on);
    }

    private async Task WaitUntilIdleAsync() =>
        await WaitUntilAsync(() => !Atx.State.Busy);
}
