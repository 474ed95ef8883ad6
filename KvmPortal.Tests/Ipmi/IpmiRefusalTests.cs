using System.Globalization;
using KvmPortal.Audit;
using KvmPortal.Ipmi;
using KvmPortal.Tests.Api;
using KvmPortal.Tests.Audit;

namespace KvmPortal.Tests.Ipmi;

/// <summary>What the IPMI server refuses, seen by ipmitool and FreeIPMI: wrong password, no IPMI password, too little privilege, IPMI 1.5, cipher suite 0.</summary>
public sealed class IpmiRefusalTests(IpmiTestApp app) : IClassFixture<IpmiTestApp>
{
    private const string Ipmitool = "/usr/bin/ipmitool";
    private const string IpmiChassis = "/usr/sbin/ipmi-chassis";
    private const string IpmiPower = "/usr/sbin/ipmipower";

    private string Port => app.Port.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task WrongPassword_FailsRakp_InBothClients_AndIsAudited()
    {
        var ipmitool = await FailAsync(Ipmitool, "-v", "-I", "lanplus", "-H", "127.0.0.1", "-p", Port, "-U", "otto", "-P", IpmiTestApp.NewIpmiPassword(), "chassis", "status");
        Assert.Contains("RAKP 2 HMAC is invalid", ipmitool, StringComparison.Ordinal);
        var freeipmi = await FailAsync(IpmiChassis, "-h", $"127.0.0.1:{Port}", "-D", "LAN_2_0", "-u", "otto", "-p", IpmiTestApp.NewIpmiPassword(), "--get-chassis-status");
        Assert.Contains("password invalid", freeipmi, StringComparison.Ordinal);

        // Both consoles stop after a RAKP 2 whose HMAC does not match their password; the server counts each abandoned set-up (10 s later)
        // as a failed login, so wrong passwords and RAKP-hash collection both lead to the lockout.
        var deadline = DateTime.UtcNow + IpmiSessionTable.SetupTimeout + TimeSpan.FromSeconds(10);
        while ((await AuditRows.OfAsync(app.Factory.Services, IpmiAuditActions.LoginFailed))
            .Count(r => r.User == "otto" && r.Outcome == AuditOutcome.Denied && r.Details!.Contains("abandoned after RAKP 2", StringComparison.Ordinal)) < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "the two abandoned logins were not counted");
            await Task.Delay(250);
        }
    }

    [Fact]
    public async Task UserWithoutIpmiPassword_IsAnUnauthorizedName()
    {
        var ipmitool = await FailAsync(Ipmitool, "-v", "-I", "lanplus", "-H", "127.0.0.1", "-p", Port, "-U", "nora", "-P", IpmiTestApp.NewIpmiPassword(), "power", "status");
        Assert.Contains("RAKP 2 message indicates an error : unauthorized name", ipmitool, StringComparison.Ordinal);
        var freeipmi = await FailAsync(IpmiChassis, "-h", $"127.0.0.1:{Port}", "-D", "LAN_2_0", "-u", "nora", "-p", IpmiTestApp.NewIpmiPassword(), "--get-chassis-status");
        Assert.Contains("username invalid", freeipmi, StringComparison.Ordinal);
        Assert.Contains(await AuditRows.OfAsync(app.Factory.Services, IpmiAuditActions.LoginFailed), r => r.User == "nora" && r.Details == "no IPMI password set");
    }

    [Fact]
    public async Task Viewer_ReadsStatus_ButCannotPowerOff_OrBecomeAdministrator()
    {
        await app.EnsurePowerAsync(on: true);
        var vera = app.IpmitoolLogin("vera");
        var (code, status, _) = await IpmiTestApp.RunAsync(Ipmitool, [.. vera, "-L", "USER", "power", "status"]);
        Assert.Equal(0, code);
        Assert.Contains("Chassis Power is on", status, StringComparison.Ordinal);

        Assert.Contains("Set Chassis Power Control to Down/Off failed: Insufficient privilege level", await FailAsync(Ipmitool, [.. vera, "-L", "USER", "power", "off"]), StringComparison.Ordinal);
        Assert.Contains("Set Session Privilege Level to ADMINISTRATOR failed", await FailAsync(Ipmitool, [.. vera, "power", "off"]), StringComparison.Ordinal);
        var freeipmi = await FailAsync(IpmiChassis, "-h", $"127.0.0.1:{Port}", "-D", "LAN_2_0", "-u", "vera", "-p", app.IpmiPasswords["vera"], "-l", "USER", "--chassis-control=POWER-DOWN");
        Assert.Contains("privilege level insufficient", freeipmi, StringComparison.Ordinal);

        Assert.True(app.Target.IsPoweredOn, "the target is still on");
        var commands = await AuditRows.OfAsync(app.Factory.Services, IpmiAuditActions.Command);
        Assert.Contains(commands, r => r.User == "vera" && r.Target == "chassis_control" && r.Outcome == AuditOutcome.Denied);
        Assert.True(app.Metrics.CommandCount("chassis_control", "denied") >= 2);
    }

    [Fact]
    public async Task Ipmi15_IsRefused()
    {
        var ipmitool = await FailAsync(Ipmitool, "-I", "lan", "-H", "127.0.0.1", "-p", Port, "-U", "admin", "-P", app.IpmiPasswords["admin"], "power", "status");
        Assert.Contains("Unable to establish IPMI v1.5 / RMCP session", ipmitool, StringComparison.Ordinal);
        var freeipmi = await FailAsync(IpmiPower, "-h", $"127.0.0.1:{Port}", "-D", "LAN", "-u", "admin", "-p", app.IpmiPasswords["admin"], "--stat");
        Assert.Contains("authentication type unavailable", freeipmi, StringComparison.Ordinal);

        // A console that asks for an IPMI 1.5 session anyway (Get Session Challenge, MD5) gets "invalid data field".
        using var client = new RmcpPlusClient(app.Port);
        byte[] body = [0x81, 0x04, 0x39, 0x02, .. "admin"u8, .. new byte[11]];
        byte[] header = [0x20, 0x18, 0xC8];
        var message = (byte[])[.. header, .. body, (byte)(-body.Sum(b => b) & 0xFF)];
        byte[] v15 = [0x06, 0x00, 0xFF, 0x07, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, (byte)message.Length, .. message];
        var answer = await client.ExchangeAsync(v15);
        Assert.NotNull(answer);
        Assert.Equal(0xCC, answer[14 + 6]);
        Assert.Contains(await AuditRows.OfAsync(app.Factory.Services, IpmiAuditActions.Refused), r => r.Target == "IPMI 1.5 session");
    }

    [Fact]
    public async Task CipherSuite0_IsRefused()
    {
        var ipmitool = await FailAsync(Ipmitool, "-I", "lanplus", "-C", "0", "-H", "127.0.0.1", "-p", Port, "-U", "admin", "-P", app.IpmiPasswords["admin"], "power", "status");
        Assert.Contains("no matching cipher suite", ipmitool, StringComparison.Ordinal);
        var freeipmi = await FailAsync(IpmiChassis, "-h", $"127.0.0.1:{Port}", "-D", "LAN_2_0", "-I", "0", "-u", "admin", "-p", app.IpmiPasswords["admin"], "--get-chassis-status");
        Assert.Contains("cipher suite id unavailable", freeipmi, StringComparison.Ordinal);
        Assert.Contains(await AuditRows.OfAsync(app.Factory.Services, IpmiAuditActions.Refused), r => r.Details!.StartsWith("no cipher suite match (authentication 0,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RepeatedRakpFailures_LockTheUserOutFromThatAddress()
    {
        for (var i = 0; i < 5; i++)
        {
            using var wrong = new RmcpPlusClient(app.Port);
            Assert.Equal(0x0F, await wrong.OpenAsync("lola", IpmiTestApp.NewIpmiPassword()));
        }

        using var right = new RmcpPlusClient(app.Port, cipherSuite: 17);
        Assert.Equal(0x0D, await right.OpenAsync("lola", app.IpmiPasswords["lola"]));
        Assert.Contains(await AuditRows.OfAsync(app.Factory.Services, IpmiAuditActions.Lockout), r => r.Target == "lola");
    }

    [Fact]
    public async Task UnsupportedCommand_AnswersInvalidCommand()
    {
        using var client = new RmcpPlusClient(app.Port);
        Assert.Equal(0, await client.OpenAsync("admin", app.IpmiPasswords["admin"]));
        var sel = await client.CommandAsync(0x0A, 0x40); // Storage: Get SEL Info
        Assert.Equal(IpmiCodes.InvalidCommand, sel!.Value.Code);
        Assert.Equal(IpmiCodes.InsufficientPrivilege, (await client.CommandAsync(0x00, 0x02, 0x01))!.Value.Code); // a session starts at USER
        Assert.Equal(IpmiCodes.Ok, (await client.CommandAsync(0x06, 0x3B, 0x04))!.Value.Code); // Set Session Privilege Level: Administrator
        Assert.Equal(IpmiCodes.RequestDataLengthInvalid, (await client.CommandAsync(0x00, 0x02))!.Value.Code); // Chassis Control without its byte
        Assert.Equal(IpmiCodes.Ok, (await client.CommandAsync(0x00, 0x04, 0x00, 0x01))!.Value.Code); // Chassis Identify, forced on
        Assert.Equal(0x60, (await client.CommandAsync(0x00, 0x01))!.Value.Data[2] & 0x60); // identify supported, indefinitely on
        Assert.Equal(IpmiCodes.Ok, (await client.CommandAsync(0x06, 0x3C, BitConverter.GetBytes(client.SessionId)))!.Value.Code);
    }

    private static async Task<string> FailAsync(string tool, params string[] arguments)
    {
        ExternalTool.Require(tool, tool.Contains("ipmitool", StringComparison.Ordinal) ? "ipmitool" : "freeipmi-tools");
        var (code, output, errors) = await IpmiTestApp.RunAsync(tool, arguments);
        Assert.True(code != 0, $"{Path.GetFileName(tool)} {string.Join(' ', arguments)} should have failed:\n{output}");
        return output + errors;
    }
}
