using System.Buffers.Binary;
using System.Text;
using KvmPortal.Audit;
using KvmPortal.Hardware.Atx;
using KvmPortal.Hardware.Serial;
using KvmPortal.Ipmi;
using KvmPortal.Tests.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace KvmPortal.Tests.Ipmi;

/// <summary>
/// The SOL packet rules with a hand-made console (<see cref="RmcpPlusClient"/>) on a real socket: acknowledgements, a retransmitted
/// console packet written once, an unacknowledged BMC packet resent with the same sequence number and characters, a partial
/// acknowledgement continued in the next packet, break, and the "deactivating" packet at the end.
/// </summary>
public sealed class IpmiSolProtocolTests(IpmiTestApp app) : IClassFixture<IpmiTestApp>
{
    private ISerialConsole Port => app.Factory.Services.GetRequiredService<ISerialPorts>().Ports[0];

    [Fact]
    public async Task SolPackets_AreAcknowledged_Retransmitted_Continued_AndEndWithDeactivating()
    {
        await app.EnsurePowerAsync(on: true);
        var boots = app.Target.BootCount;
        await app.Atx.PowerAsync(AtxPowerAction.ResetHard, wait: true, CancellationToken.None);
        await IpmiTestApp.WaitUntilAsync(() => app.Target.BootCount > boots, "the target to reboot");
        await app.WaitUntilIdleAsync();
        await IpmiTestApp.WaitUntilAsync(() => Encoding.UTF8.GetString(Port.Log.ReadTail(64)).EndsWith("login: ", StringComparison.Ordinal), "the login prompt");

        using var console = new RmcpPlusClient(app.Port, cipherSuite: 17);
        Assert.Equal(0, await console.OpenAsync("admin", app.IpmiPasswords["admin"]));
        Assert.Equal(IpmiCodes.Ok, (await console.CommandAsync(0x06, 0x3B, 0x04))!.Value.Code);
        Assert.Equal(IpmiCodes.PayloadEncryptionRequired, (await console.CommandAsync(0x06, 0x48, 0x01, 0x01, 0x40, 0, 0, 0))!.Value.Code);
        var activated = (await console.CommandAsync(0x06, 0x48, 0x01, 0x01, 0xC6, 0, 0, 0))!.Value;
        Assert.Equal(IpmiCodes.Ok, activated.Code);
        Assert.Equal(12, activated.Data.Length);
        Assert.Equal(app.Port, BinaryPrimitives.ReadUInt16LittleEndian(activated.Data.AsSpan(8)));
        Assert.Equal(IpmiCodes.PayloadAlreadyActive, (await console.CommandAsync(0x06, 0x48, 0x01, 0x01, 0xC6, 0, 0, 0))!.Value.Code);

        // Characters: acknowledged with their count. The same packet again (a console retransmit) gets the same answer, written once.
        var sent = Port.BytesSent;
        var enter = console.SolPacket(1, 0, 0, 0, (byte)'\r');
        Assert.Equal(new byte[] { 0, 1, 1, 0 }, await console.ExchangeSolAsync(enter));
        Assert.Equal(new byte[] { 0, 1, 1, 0 }, await console.ExchangeSolAsync(console.SolPacket(1, 0, 0, 0, (byte)'\r')));
        await IpmiTestApp.WaitUntilAsync(() => Port.BytesSent == sent + 1, "the character to reach the port");

        // The login prompt comes back; not acknowledged, it is resent with the same sequence number and characters.
        var first = await ReceiveDataAsync(console);
        var again = await console.ReceiveSolAsync(3000);
        Assert.NotNull(again);
        Assert.Equal(first, again);
        Assert.Contains("login: ", Encoding.UTF8.GetString(first[4..]), StringComparison.Ordinal);
        await console.SendOnlyAsync(console.SolPacket(0, first[0], (byte)(first.Length - 4), 0));

        // A partial acknowledgement: the rest follows in the next packet, with a new sequence number.
        var help = Encoding.ASCII.GetBytes("root\rpw\rhelp\r");
        Assert.Equal(new byte[] { 0, 2, (byte)help.Length, 0 }, await console.ExchangeSolAsync(console.SolPacket(2, 0, 0, 0, help)));
        var text = new StringBuilder();
        while (!text.ToString().Contains("Commands: help", StringComparison.Ordinal))
        {
            var packet = await ReceiveDataAsync(console);
            var data = packet[4..];
            var take = data.Length > 8 ? data.Length / 2 : data.Length;
            text.Append(Encoding.UTF8.GetString(data, 0, take));
            await console.SendOnlyAsync(console.SolPacket(0, packet[0], (byte)take, 0));
            if (take < data.Length)
            {
                var rest = await ReceiveDataAsync(console);
                Assert.NotEqual(packet[0], rest[0]);
                Assert.Equal(data[take..], rest[4..(4 + data.Length - take)]);
                text.Append(Encoding.UTF8.GetString(rest, 4, rest.Length - 4));
                await console.SendOnlyAsync(console.SolPacket(0, rest[0], (byte)(rest.Length - 4), 0));
            }
        }

        // Break: the simulated kernel answers with the SysRq help.
        Assert.Equal(new byte[] { 0, 3, 0, 0 }, await console.ExchangeSolAsync(console.SolPacket(3, 0, 0, SolPacket.ConsoleBreak)));
        var sysrq = new StringBuilder();
        while (!sysrq.ToString().Contains("sysrq: HELP", StringComparison.Ordinal))
        {
            var packet = await ReceiveDataAsync(console);
            sysrq.Append(Encoding.UTF8.GetString(packet, 4, packet.Length - 4));
            await console.SendOnlyAsync(console.SolPacket(0, packet[0], (byte)(packet.Length - 4), 0));
        }

        Assert.Contains(await AuditRows.OfAsync(app.Factory.Services, AuditActions.SerialBreak), r => r.User == "admin" && r.Details == "IPMI Serial-over-LAN");

        // Deactivate: the last SOL packet says "deactivating"; later SOL packets are ignored.
        Assert.Equal(IpmiCodes.Ok, (await console.CommandAsync(0x06, 0x49, 0x01, 0x01, 0, 0, 0, 0))!.Value.Code);
        var goodbye = console.SkippedSol.Any(p => (p[3] & SolPacket.BmcDeactivating) != 0);
        while (!goodbye)
        {
            var packet = await console.ReceiveSolAsync(2000);
            Assert.NotNull(packet);
            goodbye = (packet[3] & SolPacket.BmcDeactivating) != 0;
        }

        Assert.Null(await console.ExchangeSolAsync(console.SolPacket(4, 0, 0, 0, (byte)'x'), 500));
        Assert.Equal(IpmiCodes.PayloadAlreadyActive, (await console.CommandAsync(0x06, 0x49, 0x01, 0x01, 0, 0, 0, 0))!.Value.Code);
    }

    [Fact]
    public async Task SolConfiguration_AndActivationStatus_AnswerAsTheSpecSays()
    {
        using var console = new RmcpPlusClient(app.Port, cipherSuite: 3);
        Assert.Equal(0, await console.OpenAsync("vera", app.IpmiPasswords["vera"], role: 0x12));
        Assert.Equal(new byte[] { 0x11, 0x01 }, (await console.CommandAsync(0x0C, 0x22, 0x01, 0x01, 0, 0))!.Value.Data);
        Assert.Equal(new byte[] { 0x11, 0xC2 }, (await console.CommandAsync(0x0C, 0x22, 0x01, 0x02, 0, 0))!.Value.Data);
        Assert.Equal(new byte[] { 0x11, 10 }, (await console.CommandAsync(0x0C, 0x22, 0x0E, 0x05, 0, 0))!.Value.Data); // 115200
        Assert.Equal(new byte[] { 0x11 }, (await console.CommandAsync(0x0C, 0x22, 0x81, 0x01, 0, 0))!.Value.Data); // revision only
        Assert.Equal(IpmiCodes.ParameterNotSupported, (await console.CommandAsync(0x0C, 0x22, 0x01, 0x09, 0, 0))!.Value.Code);
        Assert.Equal(IpmiCodes.InvalidDataField, (await console.CommandAsync(0x0C, 0x22, 0x05, 0x01, 0, 0))!.Value.Code);
        Assert.Equal(IpmiCodes.RequestDataLengthInvalid, (await console.CommandAsync(0x0C, 0x22, 0x01))!.Value.Code);
        Assert.Equal(new byte[] { 0x01, 0x00, 0x00 }, (await console.CommandAsync(0x06, 0x4A, 0x01))!.Value.Data);
        Assert.Equal(IpmiCodes.InvalidDataField, (await console.CommandAsync(0x06, 0x48, 0x01, 0x02, 0xC6, 0, 0, 0))!.Value.Code); // instance 2
        Assert.Equal(IpmiCodes.InvalidDataField, (await console.CommandAsync(0x06, 0x48, 0x00, 0x01, 0xC6, 0, 0, 0))!.Value.Code); // IPMI payload

        // A SOL packet while no payload is active is dropped, never answered.
        Assert.Null(await console.ExchangeSolAsync(console.SolPacket(1, 0, 0, 0, (byte)'x'), 500));
    }

    private static async Task<byte[]> ReceiveDataAsync(RmcpPlusClient console)
    {
        while (true)
        {
            var packet = await console.ReceiveSolAsync(5000);
            Assert.NotNull(packet);
            if (packet[0] != 0 && packet.Length > 4)
            {
                return packet;
            }
        }
    }
}
