using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using KvmPortal.Hardware.Interop;
using KvmPortal.Hardware.Video.Interop;
using KvmPortal.Tests.Support;
using Xunit;

namespace KvmPortal.Tests.Video;

/// <summary>Checks our V4L2 struct layouts and ioctl numbers against linux/videodev2.h, compiled with gcc on this machine.</summary>
public class V4l2AbiTests
{
    private static readonly Lazy<Dictionary<string, ulong>> Kernel = new(CompileAndRun);

    [Theory]
    [InlineData("v4l2_capability", 104)]
    [InlineData("v4l2_fmtdesc", 64)]
    [InlineData("v4l2_format", 208)]
    [InlineData("v4l2_requestbuffers", 20)]
    [InlineData("v4l2_buffer", 88)]
    [InlineData("v4l2_dv_timings", 132)]
    [InlineData("v4l2_event", 136)]
    [InlineData("v4l2_event_subscription", 32)]
    [InlineData("v4l2_input", 80)]
    [InlineData("v4l2_control", 8)]
    [InlineData("v4l2_queryctrl", 68)]
    [InlineData("v4l2_querymenu", 44)]
    [InlineData("v4l2_edid", 40)]
    public void StructSizes_MatchKernelHeader(string name, int documented)
    {
        int ours = name switch
        {
            "v4l2_capability" => Unsafe.SizeOf<V4l2Capability>(),
            "v4l2_fmtdesc" => Unsafe.SizeOf<V4l2FmtDesc>(),
            "v4l2_format" => Unsafe.SizeOf<V4l2Format>(),
            "v4l2_requestbuffers" => Unsafe.SizeOf<V4l2RequestBuffers>(),
            "v4l2_buffer" => Unsafe.SizeOf<V4l2Buffer>(),
            "v4l2_dv_timings" => Unsafe.SizeOf<V4l2DvTimings>(),
            "v4l2_event" => Unsafe.SizeOf<V4l2Event>(),
            "v4l2_event_subscription" => Unsafe.SizeOf<V4l2EventSubscription>(),
            "v4l2_input" => Unsafe.SizeOf<V4l2Input>(),
            "v4l2_control" => Unsafe.SizeOf<V4l2Control>(),
            "v4l2_queryctrl" => Unsafe.SizeOf<V4l2QueryCtrl>(),
            "v4l2_querymenu" => Unsafe.SizeOf<V4l2QueryMenu>(),
            "v4l2_edid" => Unsafe.SizeOf<V4l2Edid>(),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        Assert.Equal(documented, ours);
        Assert.Equal((ulong)ours, Kernel.Value["sizeof_" + name]);
    }

    [Theory]
    [InlineData("VIDIOC_QUERYCAP", 2u)]
    [InlineData("VIDIOC_ENUM_FMT", 3u)]
    [InlineData("VIDIOC_G_FMT", 3u)]
    [InlineData("VIDIOC_S_FMT", 3u)]
    [InlineData("VIDIOC_REQBUFS", 3u)]
    [InlineData("VIDIOC_QUERYBUF", 3u)]
    [InlineData("VIDIOC_QBUF", 3u)]
    [InlineData("VIDIOC_DQBUF", 3u)]
    [InlineData("VIDIOC_STREAMON", 1u)]
    [InlineData("VIDIOC_STREAMOFF", 1u)]
    [InlineData("VIDIOC_ENUMINPUT", 3u)]
    [InlineData("VIDIOC_G_INPUT", 2u)]
    [InlineData("VIDIOC_S_INPUT", 3u)]
    [InlineData("VIDIOC_G_CTRL", 3u)]
    [InlineData("VIDIOC_S_CTRL", 3u)]
    [InlineData("VIDIOC_QUERYCTRL", 3u)]
    [InlineData("VIDIOC_QUERYMENU", 3u)]
    [InlineData("VIDIOC_QUERY_DV_TIMINGS", 2u)]
    [InlineData("VIDIOC_S_DV_TIMINGS", 3u)]
    [InlineData("VIDIOC_G_DV_TIMINGS", 3u)]
    [InlineData("VIDIOC_SUBSCRIBE_EVENT", 1u)]
    [InlineData("VIDIOC_DQEVENT", 2u)]
    [InlineData("VIDIOC_G_EDID", 3u)]
    [InlineData("VIDIOC_S_EDID", 3u)]
    public void IoctlNumbers_MatchKernelHeader_AndIocFormula(string name, uint direction)
    {
        nuint ours = (nuint)(uint)typeof(V4l2Native).GetField(name)!.GetRawConstantValue()!; // nuint constants are stored as their 32-bit value
        Assert.Equal(Kernel.Value[name], (ulong)ours);

        // Rebuild from the _IOC formula: direction, type 'V', number and size must reproduce the constant.
        uint value = (uint)ours;
        Assert.Equal(direction, value >> 30);
        Assert.Equal((uint)'V', (value >> 8) & 0xFF);
        Assert.Equal(ours, Libc.Ioc(direction, 'V', value & 0xFF, (value >> 16) & 0x3FFF));
    }

    [Theory]
    [InlineData("offsetof_v4l2_format_fmt", nameof(V4l2Format), nameof(V4l2Format.Width))]
    [InlineData("offsetof_v4l2_buffer_timestamp", nameof(V4l2Buffer), nameof(V4l2Buffer.TimestampSeconds))]
    [InlineData("offsetof_v4l2_buffer_sequence", nameof(V4l2Buffer), nameof(V4l2Buffer.Sequence))]
    [InlineData("offsetof_v4l2_buffer_memory", nameof(V4l2Buffer), nameof(V4l2Buffer.Memory))]
    [InlineData("offsetof_v4l2_buffer_m", nameof(V4l2Buffer), nameof(V4l2Buffer.Offset))]
    [InlineData("offsetof_v4l2_buffer_length", nameof(V4l2Buffer), nameof(V4l2Buffer.Length))]
    [InlineData("offsetof_v4l2_input_capabilities", nameof(V4l2Input), nameof(V4l2Input.Capabilities))]
    [InlineData("offsetof_v4l2_event_pending", nameof(V4l2Event), nameof(V4l2Event.Pending))]
    [InlineData("offsetof_v4l2_fmtdesc_pixelformat", nameof(V4l2FmtDesc), nameof(V4l2FmtDesc.PixelFormat))]
    [InlineData("offsetof_v4l2_queryctrl_flags", nameof(V4l2QueryCtrl), nameof(V4l2QueryCtrl.Flags))]
    [InlineData("offsetof_bt_pixelclock", nameof(V4l2DvTimings), nameof(V4l2DvTimings.PixelClock))]
    [InlineData("offsetof_bt_hfrontporch", nameof(V4l2DvTimings), nameof(V4l2DvTimings.HFrontPorch))]
    [InlineData("offsetof_bt_vbackporch", nameof(V4l2DvTimings), nameof(V4l2DvTimings.VBackPorch))]
    [InlineData("offsetof_v4l2_edid_blocks", nameof(V4l2Edid), nameof(V4l2Edid.Blocks))]
    [InlineData("offsetof_v4l2_edid_edid", nameof(V4l2Edid), nameof(V4l2Edid.Edid))]
    public void FieldOffsets_MatchKernelHeader(string key, string structName, string field)
    {
        Type type = typeof(V4l2Native).Assembly.GetType("KvmPortal.Hardware.Video.Interop." + structName)!;
        Assert.Equal(Kernel.Value[key], (ulong)Marshal.OffsetOf(type, field));
    }

    private static Dictionary<string, ulong> CompileAndRun()
    {
        string dir = Directory.CreateTempSubdirectory("kvmportal-v4l2abi").FullName;
        try
        {
            string source = Path.Combine(dir, "abi.c");
            string binary = Path.Combine(dir, "abi");
            File.WriteAllText(source, CProgram);
            Run("gcc", ["-o", binary, source]);
            return Run(binary, [])
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split('='))
                .ToDictionary(p => p[0], p => p[1].StartsWith("0x", StringComparison.Ordinal)
                    ? ulong.Parse(p[1].AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
                    : ulong.Parse(p[1], CultureInfo.InvariantCulture));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Run(string file, string[] args)
    {
        var result = TestProcess.Run(file, args, TimeSpan.FromMinutes(2));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} failed ({result.ExitCode}): {result.StandardError} (needs gcc and linux-libc-dev)");
        }

        return result.StandardOutput;
    }

    private const string CProgram = """
        #include <stdio.h>
        #include <stddef.h>
        #include <linux/videodev2.h>
        #define S(t) printf("sizeof_%s=%zu\n", #t, sizeof(struct t));
        #define I(n) printf("%s=0x%08lX\n", #n, (unsigned long)(unsigned int)(n));
        #define O(t,f) printf("offsetof_%s_%s=%zu\n", #t, #f, offsetof(struct t, f));
        int main(void) {
            S(v4l2_capability) S(v4l2_fmtdesc) S(v4l2_format) S(v4l2_requestbuffers) S(v4l2_buffer) S(v4l2_dv_timings)
            S(v4l2_event) S(v4l2_event_subscription) S(v4l2_input) S(v4l2_control) S(v4l2_querymenu) S(v4l2_queryctrl) S(v4l2_edid)
            I(VIDIOC_QUERYCAP) I(VIDIOC_ENUM_FMT) I(VIDIOC_G_FMT) I(VIDIOC_S_FMT) I(VIDIOC_REQBUFS) I(VIDIOC_QUERYBUF)
            I(VIDIOC_QBUF) I(VIDIOC_DQBUF) I(VIDIOC_STREAMON) I(VIDIOC_STREAMOFF) I(VIDIOC_ENUMINPUT) I(VIDIOC_G_INPUT)
            I(VIDIOC_S_INPUT) I(VIDIOC_G_CTRL) I(VIDIOC_S_CTRL) I(VIDIOC_QUERYMENU) I(VIDIOC_QUERYCTRL)
            I(VIDIOC_QUERY_DV_TIMINGS) I(VIDIOC_S_DV_TIMINGS) I(VIDIOC_G_DV_TIMINGS) I(VIDIOC_SUBSCRIBE_EVENT) I(VIDIOC_DQEVENT) I(VIDIOC_G_EDID) I(VIDIOC_S_EDID)
            O(v4l2_format,fmt) O(v4l2_buffer,timestamp) O(v4l2_buffer,sequence) O(v4l2_buffer,memory) O(v4l2_buffer,m)
            O(v4l2_buffer,length) O(v4l2_input,capabilities) O(v4l2_event,pending) O(v4l2_fmtdesc,pixelformat) O(v4l2_queryctrl,flags) O(v4l2_edid,blocks) O(v4l2_edid,edid)
            printf("offsetof_bt_pixelclock=%zu\n", offsetof(struct v4l2_dv_timings, bt.pixelclock));
            printf("offsetof_bt_hfrontporch=%zu\n", offsetof(struct v4l2_dv_timings, bt.hfrontporch));
            printf("offsetof_bt_vbackporch=%zu\n", offsetof(struct v4l2_dv_timings, bt.vbackporch));
            return 0;
        }
        """;
}
