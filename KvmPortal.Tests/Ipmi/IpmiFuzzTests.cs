using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using KvmPortal.Ipmi;
using KvmPortal.Tests.Audit;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace KvmPortal.Tests.Ipmi;

/// <summary>
/// 10,000 malformed RMCP/RMCP+ datagrams (random bytes, truncations, wrong length fields, corrupted authcodes and payloads, replays,
/// shuffled header fields, oversize) at the running server: no crash, no session, replays unanswered, memory flat.
/// </summary>
// Measures the process's managed heap and RSS: other tests allocating in parallel would be counted as its growth.
[Collection(KvmPortal.Tests.Console.RunsAlone.Name)]
public sealed class IpmiFuzzTests(IpmiTestApp app, ITestOutputHelper output) : IClassFixture<IpmiTestApp>
{
    private const int Count = 10_000;

    [Fact]
    public async Task MalformedDatagrams_CrashNothing_OpenNoSession_AndLeaveMemoryFlat()
    {
        using var client = new RmcpPlusClient(app.Port, cipherSuite: 17);
        Assert.Equal(0, await client.OpenAsync("admin", app.IpmiPasswords["admin"]));
        var opened = app.Metrics.SessionsOpened;

        // Replays and out-of-window sequence numbers of real, correctly authenticated packets are dropped.
        var answered = new List<byte[]>();
        for (var i = 0; i < 20; i++)
        {
            var packet = client.CommandPacket(0x00, 0x01);
            Assert.NotNull(await client.SendAsync(packet));
            Assert.Null(await client.SendAsync(packet, timeoutMs: 200));
            answered.Add(packet);
        }

        client.Sequence += 1000;
        Assert.Null(await client.SendAsync(client.CommandPacket(0x06, 0x01), timeoutMs: 300));
        client.Sequence -= 1000;
        var good = client.CommandPacket(0x06, 0x01);
        var flipped = (byte[])good.Clone();
        flipped[^1] ^= 0x01;
        Assert.Null(await client.SendAsync(flipped, timeoutMs: 300)); // bad authcode
        Assert.NotNull(await client.SendAsync(good));

        var samples = Samples(client);
        var seed = Environment.TickCount;
        var random = new Random(seed);
        output.WriteLine($"ipmi_fuzz_seed: {seed}");
        // A warm-up round first (JIT, pools, the audit writer's first batches), then the measured 10,000.
        await SendAsync(client, random, samples, answered, 1000);
        var rssWarm = Rss();
        var heapWarm = GC.GetTotalMemory(forceFullCollection: true);
        var dropped = app.Metrics.Dropped;
        var answers = await SendAsync(client, random, samples, answered, Count);
        var rssAfter = Rss();
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        var droppedFirstRound = app.Metrics.Dropped - dropped;
        await SendAsync(client, random, samples, answered, Count); // a second round: growth that repeats would be a leak
        var rssAgain = Rss();
        var heapAgain = GC.GetTotalMemory(forceFullCollection: true);

        // Still serving: the fuzzed session answers, and ipmitool gets a fresh session.
        Assert.Equal(IpmiCodes.Ok, (await client.CommandAsync(0x06, 0x01))!.Value.Code);
        var (code, text, errors) = await IpmiTestApp.RunAsync("/usr/bin/ipmitool", "-I", "lanplus", "-H", "127.0.0.1", "-p",
            app.Port.ToString(CultureInfo.InvariantCulture), "-U", "admin", "-P", app.IpmiPasswords["admin"], "-C", "3", "mc", "info");
        Assert.True(code == 0, $"ipmitool after the fuzz: {errors}\n{text}");

        output.WriteLine($"ipmi_fuzz_datagrams: {Count}");
        output.WriteLine($"ipmi_fuzz_answered: {answers}");
        output.WriteLine($"ipmi_fuzz_dropped: {droppedFirstRound}");
        output.WriteLine($"ipmi_fuzz_rss_before_mb: {rssWarm / 1048576.0:F1}");
        output.WriteLine($"ipmi_fuzz_rss_after_mb: {rssAfter / 1048576.0:F1}");
        output.WriteLine($"ipmi_fuzz_rss_after_second_round_mb: {rssAgain / 1048576.0:F1}");
        output.WriteLine($"ipmi_fuzz_managed_heap_before_mb: {heapWarm / 1048576.0:F1}");
        output.WriteLine($"ipmi_fuzz_managed_heap_after_mb: {heapAfter / 1048576.0:F1}");
        output.WriteLine($"ipmi_fuzz_managed_heap_after_second_round_mb: {heapAgain / 1048576.0:F1}");
        Assert.Equal(opened + 1, app.Metrics.SessionsOpened); // only ipmitool's
        Assert.Equal(1, app.Factory.Services.GetRequiredService<IpmiSessionTable>().Snapshot().Count(s => s.State == IpmiSessionState.Active));
        Assert.True(droppedFirstRound > Count / 2, "most fuzzed datagrams are dropped, not answered");
        Assert.DoesNotContain(app.Factory.Logs.Lines, l => l.Contains("IPMI datagram from", StringComparison.Ordinal));
        Assert.True(rssAfter - rssWarm < 32L * 1024 * 1024, $"RSS grew from {rssWarm} to {rssAfter} bytes");
        Assert.True(rssAgain - rssAfter < 16L * 1024 * 1024, $"RSS kept growing in the second round: {rssAfter} to {rssAgain} bytes");
        Assert.True(heapAgain - heapWarm < 8L * 1024 * 1024, $"the managed heap grew from {heapWarm} to {heapAgain} bytes");
        var refusals = (await AuditRows.OfAsync(app.Factory.Services, IpmiAuditActions.Refused)).Count +
            (await AuditRows.OfAsync(app.Factory.Services, IpmiAuditActions.LoginFailed)).Count;
        Assert.True(refusals <= 3 * IpmiAuditThrottle.PerMinute, $"{refusals} audit rows for unauthenticated refusals: the per-address limit did not hold");
    }

    private static async Task<int> SendAsync(RmcpPlusClient client, Random random, List<byte[]> samples, List<byte[]> answered, int count)
    {
        var answers = 0;
        for (var i = 0; i < count; i++)
        {
            await client.SendOnlyAsync(Mutate(random, samples, answered, client.SessionId));
            if (i % 50 == 49)
            {
                await Task.Delay(1);
                answers += client.DrainAnswers();
            }
        }

        await Task.Delay(500);
        return answers + client.DrainAnswers();
    }

    private static long Rss()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    private static List<byte[]> Samples(RmcpPlusClient client)
    {
        var open = new byte[32];
        BinaryPrimitives.WriteUInt32LittleEndian(open.AsSpan(4), 0x01020304);
        open[11] = 8; open[12] = 1; open[16] = 1; open[19] = 8; open[20] = 1; open[24] = 2; open[27] = 8; open[28] = 1;
        byte[] authCaps = [0x06, 0x00, 0xFF, 0x07, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 9, 0x20, 0x18, 0xC8, 0x81, 0x04, 0x38, 0x8E, 0x04, 0xB5];
        byte[] ping = [0x06, 0x00, 0xFF, 0x06, 0x00, 0x00, 0x11, 0xBE, 0x80, 0x01, 0x00, 0x00];
        return
        [
            RmcpPlusClient.Frame(0x10, 0, 0, open),
            RmcpPlusClient.Frame(0x12, 0, 0, [0, 0, 0, 0, 1, 2, 3, 4, .. new byte[16], 0x14, 0, 0, 5, .. "admin"u8]),
            RmcpPlusClient.Frame(0x14, 0, 0, [0, 0, 0, 0, 1, 2, 3, 4, .. new byte[20]]),
            authCaps,
            ping,
            client.CommandPacket(0x00, 0x02, 0x01), // never sent as is: Chassis Control power up
            client.CommandPacket(0x06, 0x3C, 0, 0, 0, 0),
        ];
    }

    private static byte[] Mutate(Random random, List<byte[]> samples, List<byte[]> answered, uint sessionId)
    {
        var sample = samples[random.Next(samples.Count)];
        switch (random.Next(8))
        {
            case 0:
                return RandomBytes(random, random.Next(0, 300));
            case 1:
                return sample[..random.Next(0, sample.Length)];
            case 2:
            {
                var copy = (byte[])sample.Clone();
                if (copy.Length > 15)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(14), (ushort)random.Next(0, 0x10000));
                }

                copy[Math.Min(13, copy.Length - 1)] = (byte)random.Next(256);
                return copy;
            }

            case 3:
            {
                var copy = (byte[])sample.Clone();
                for (var n = random.Next(1, 4); n > 0; n--)
                {
                    copy[random.Next(4, copy.Length)] ^= (byte)random.Next(1, 256);
                }

                return copy;
            }

            case 4:
                return answered[random.Next(answered.Count)];
            case 5:
            {
                var copy = (byte[])sample.Clone();
                if (copy.Length >= 16)
                {
                    copy[4] = (byte)random.Next(8);
                    copy[5] = (byte)random.Next(256);
                    BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(6), random.Next(2) == 0 ? sessionId : (uint)random.Next());
                    BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(10), (uint)random.Next());
                }

                return copy;
            }

            case 6:
                return [.. sample, .. RandomBytes(random, random.Next(1, 2000))];
            default:
            {
                var header = sample.Length >= 16 ? sample[..16] : sample;
                var copy = (byte[])[.. header, .. RandomBytes(random, random.Next(0, 64))];
                if (copy.Length >= 16)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(14), (ushort)(copy.Length - 16));
                }

                return copy;
            }
        }
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
