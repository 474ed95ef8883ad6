using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using KvmPortal.Hardware.Interop;
using KvmPortal.Hardware.Video.Encoders;
using KvmPortal.Hardware.Video.Interop;
using Xunit;

namespace KvmPortal.Tests.Video.Encoders;

/// <summary>
/// The memory-to-memory additions to the V4L2 binding and the H.264 codec controls, checked against linux/videodev2.h and
/// linux/v4l2-controls.h compiled with gcc (no virtual H.264 encoder exists, so these ids and values are verified here).
/// </summary>
public class V4l2M2mAbiTests
{
    private static readonly Lazy<Dictionary<string, long>> Kernel = new(() => CHeaderProbe.Run(CProgram));

    [Theory]
    [InlineData("v4l2_format", 208)]
    [InlineData("v4l2_plane", 64)]
    [InlineData("v4l2_encoder_cmd", 40)]
    [InlineData("v4l2_streamparm", 204)]
    [InlineData("v4l2_buffer", 88)]
    [InlineData("v4l2_selection", 64)]
    [InlineData("v4l2_exportbuffer", 64)]
    public void StructSizes_MatchKernelHeader(string name, int documented)
    {
        int ours = name switch
        {
            "v4l2_format" => Unsafe.SizeOf<V4l2FormatMplane>(),
            "v4l2_plane" => Unsafe.SizeOf<V4l2Plane>(),
            "v4l2_encoder_cmd" => Unsafe.SizeOf<V4l2EncoderCmd>(),
            "v4l2_streamparm" => Unsafe.SizeOf<V4l2StreamParm>(),
            "v4l2_buffer" => Unsafe.SizeOf<V4l2Buffer>(),
            "v4l2_selection" => Unsafe.SizeOf<V4l2Selection>(),
            "v4l2_exportbuffer" => Unsafe.SizeOf<V4l2ExportBuffer>(),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        Assert.Equal(documented, ours);
        Assert.Equal(ours, Kernel.Value["sizeof_" + name]);
    }

    [Theory]
    [InlineData("mp_width", nameof(V4l2FormatMplane), nameof(V4l2FormatMplane.Width))]
    [InlineData("mp_height", nameof(V4l2FormatMplane), nameof(V4l2FormatMplane.Height))]
    [InlineData("mp_pixelformat", nameof(V4l2FormatMplane), nameof(V4l2FormatMplane.PixelFormat))]
    [InlineData("mp_field", nameof(V4l2FormatMplane), nameof(V4l2FormatMplane.Field))]
    [InlineData("mp_colorspace", nameof(V4l2FormatMplane), nameof(V4l2FormatMplane.Colorspace))]
    [InlineData("mp_plane0_sizeimage", nameof(V4l2FormatMplane), nameof(V4l2FormatMplane.Plane0SizeImage))]
    [InlineData("mp_plane0_bytesperline", nameof(V4l2FormatMplane), nameof(V4l2FormatMplane.Plane0BytesPerLine))]
    [InlineData("mp_num_planes", nameof(V4l2FormatMplane), nameof(V4l2FormatMplane.NumPlanes))]
    [InlineData("plane_bytesused", nameof(V4l2Plane), nameof(V4l2Plane.BytesUsed))]
    [InlineData("plane_length", nameof(V4l2Plane), nameof(V4l2Plane.Length))]
    [InlineData("plane_mem_offset", nameof(V4l2Plane), nameof(V4l2Plane.MemOffset))]
    [InlineData("plane_data_offset", nameof(V4l2Plane), nameof(V4l2Plane.DataOffset))]
    [InlineData("buffer_planes", nameof(V4l2Buffer), nameof(V4l2Buffer.Planes))]
    [InlineData("buffer_length", nameof(V4l2Buffer), nameof(V4l2Buffer.Length))]
    [InlineData("buffer_tv_usec", nameof(V4l2Buffer), nameof(V4l2Buffer.TimestampMicroseconds))]
    [InlineData("enc_cmd_flags", nameof(V4l2EncoderCmd), nameof(V4l2EncoderCmd.Flags))]
    [InlineData("parm_capability", nameof(V4l2StreamParm), nameof(V4l2StreamParm.Capability))]
    [InlineData("parm_tpf_numerator", nameof(V4l2StreamParm), nameof(V4l2StreamParm.TimePerFrameNumerator))]
    [InlineData("parm_tpf_denominator", nameof(V4l2StreamParm), nameof(V4l2StreamParm.TimePerFrameDenominator))]
    [InlineData("sel_target", nameof(V4l2Selection), nameof(V4l2Selection.Target))]
    [InlineData("sel_left", nameof(V4l2Selection), nameof(V4l2Selection.Left))]
    [InlineData("sel_width", nameof(V4l2Selection), nameof(V4l2Selection.Width))]
    [InlineData("sel_height", nameof(V4l2Selection), nameof(V4l2Selection.Height))]
    [InlineData("plane_fd", nameof(V4l2Plane), nameof(V4l2Plane.Fd))]
    [InlineData("buffer_fd", nameof(V4l2Buffer), nameof(V4l2Buffer.Fd))]
    [InlineData("expbuf_type", nameof(V4l2ExportBuffer), nameof(V4l2ExportBuffer.Type))]
    [InlineData("expbuf_index", nameof(V4l2ExportBuffer), nameof(V4l2ExportBuffer.Index))]
    [InlineData("expbuf_plane", nameof(V4l2ExportBuffer), nameof(V4l2ExportBuffer.Plane))]
    [InlineData("expbuf_flags", nameof(V4l2ExportBuffer), nameof(V4l2ExportBuffer.Flags))]
    [InlineData("expbuf_fd", nameof(V4l2ExportBuffer), nameof(V4l2ExportBuffer.Fd))]
    public void FieldOffsets_MatchKernelHeader(string key, string structName, string field)
    {
        Type type = typeof(V4l2M2mNative).Assembly.GetType("KvmPortal.Hardware.Video.Interop." + structName)!;
        Assert.Equal(Kernel.Value["offsetof_" + key], (long)Marshal.OffsetOf(type, field));
    }

    [Theory]
    [InlineData("VIDIOC_TRY_FMT", 3u)]
    [InlineData("VIDIOC_G_PARM", 3u)]
    [InlineData("VIDIOC_S_PARM", 3u)]
    [InlineData("VIDIOC_G_SELECTION", 3u)]
    [InlineData("VIDIOC_S_SELECTION", 3u)]
    [InlineData("VIDIOC_ENCODER_CMD", 3u)]
    [InlineData("VIDIOC_TRY_ENCODER_CMD", 3u)]
    public void IoctlNumbers_MatchKernelHeader_AndIocFormula(string name, uint direction)
    {
        nuint ours = (nuint)(uint)typeof(V4l2M2mNative).GetField(name)!.GetRawConstantValue()!;
        Assert.Equal(Kernel.Value[name], (long)ours);
        uint value = (uint)ours;
        Assert.Equal(direction, value >> 30);
        Assert.Equal(ours, Libc.Ioc(direction, 'V', value & 0xFF, (value >> 16) & 0x3FFF));
    }

    [Theory]
    [InlineData(nameof(V4l2M2mNative.V4L2_CAP_VIDEO_M2M_MPLANE))]
    [InlineData(nameof(V4l2M2mNative.V4L2_CAP_VIDEO_M2M))]
    [InlineData(nameof(V4l2M2mNative.V4L2_BUF_TYPE_VIDEO_CAPTURE))]
    [InlineData(nameof(V4l2M2mNative.V4L2_BUF_TYPE_VIDEO_OUTPUT))]
    [InlineData(nameof(V4l2M2mNative.V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE))]
    [InlineData(nameof(V4l2M2mNative.V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE))]
    [InlineData(nameof(V4l2M2mNative.V4L2_FIELD_NONE))]
    [InlineData(nameof(V4l2M2mNative.V4L2_SEL_TGT_CROP))]
    [InlineData(nameof(V4l2M2mNative.V4L2_BUF_FLAG_KEYFRAME))]
    [InlineData(nameof(V4l2M2mNative.V4L2_BUF_FLAG_PFRAME))]
    [InlineData(nameof(V4l2M2mNative.V4L2_BUF_FLAG_BFRAME))]
    [InlineData(nameof(V4l2M2mNative.V4L2_BUF_FLAG_ERROR))]
    [InlineData(nameof(V4l2M2mNative.V4L2_BUF_FLAG_TIMESTAMP_COPY))]
    [InlineData(nameof(V4l2M2mNative.V4L2_BUF_FLAG_LAST))]
    [InlineData(nameof(V4l2M2mNative.V4L2_ENC_CMD_START))]
    [InlineData(nameof(V4l2M2mNative.V4L2_ENC_CMD_STOP))]
    [InlineData(nameof(V4l2M2mNative.V4L2_EVENT_EOS))]
    [InlineData(nameof(V4l2M2mNative.V4L2_CID_MIN_BUFFERS_FOR_OUTPUT))]
    [InlineData(nameof(V4l2M2mNative.V4L2_CID_MPEG_VIDEO_GOP_SIZE))]
    [InlineData(nameof(V4l2M2mNative.V4L2_CID_MPEG_VIDEO_BITRATE_MODE))]
    [InlineData(nameof(V4l2M2mNative.V4L2_CID_MPEG_VIDEO_BITRATE))]
    [InlineData(nameof(V4l2M2mNative.V4L2_CID_MPEG_VIDEO_REPEAT_SEQ_HEADER))]
    [InlineData(nameof(V4l2M2mNative.V4L2_CID_MPEG_VIDEO_FORCE_KEY_FRAME))]
    [InlineData(nameof(V4l2M2mNative.V4L2_CID_MPEG_VIDEO_H264_MIN_QP))]
    [InlineData(nameof(V4l2M2mNative.V4L2_CID_MPEG_VIDEO_H264_MAX_QP))]
    [InlineData(nameof(V4l2M2mNative.V4L2_CID_MPEG_VIDEO_H264_I_PERIOD))]
    [InlineData(nameof(V4l2M2mNative.V4L2_CID_MPEG_VIDEO_H264_LEVEL))]
    [InlineData(nameof(V4l2M2mNative.V4L2_CID_MPEG_VIDEO_H264_PROFILE))]
    [InlineData(nameof(V4l2M2mNative.V4L2_CID_FWHT_I_FRAME_QP))]
    [InlineData(nameof(V4l2M2mNative.V4L2_CID_FWHT_P_FRAME_QP))]
    [InlineData(nameof(V4l2M2mNative.V4L2_MPEG_VIDEO_BITRATE_MODE_VBR))]
    [InlineData(nameof(V4l2M2mNative.V4L2_MPEG_VIDEO_BITRATE_MODE_CBR))]
    [InlineData(nameof(V4l2M2mNative.V4L2_FWHT_FL_I_FRAME))]
    public void Constants_MatchKernelHeaders(string name)
    {
        object raw = typeof(V4l2M2mNative).GetField(name)!.GetRawConstantValue()!;
        Assert.Equal(Kernel.Value[name], Convert.ToInt64(raw, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(nameof(V4l2M2mNative.FourccYuv420), "V4L2_PIX_FMT_YUV420")]
    [InlineData(nameof(V4l2M2mNative.FourccNv12), "V4L2_PIX_FMT_NV12")]
    [InlineData(nameof(V4l2M2mNative.FourccH264), "V4L2_PIX_FMT_H264")]
    [InlineData(nameof(V4l2M2mNative.FourccFwht), "V4L2_PIX_FMT_FWHT")]
    public void Fourccs_MatchKernelHeader(string field, string macro)
    {
        uint ours = (uint)typeof(V4l2M2mNative).GetField(field)!.GetRawConstantValue()!;
        Assert.Equal(Kernel.Value[macro], ours);
    }

    [Theory]
    [InlineData(H264Profile.Baseline, "V4L2_MPEG_VIDEO_H264_PROFILE_BASELINE")]
    [InlineData(H264Profile.ConstrainedBaseline, "V4L2_MPEG_VIDEO_H264_PROFILE_CONSTRAINED_BASELINE")]
    [InlineData(H264Profile.Main, "V4L2_MPEG_VIDEO_H264_PROFILE_MAIN")]
    [InlineData(H264Profile.High, "V4L2_MPEG_VIDEO_H264_PROFILE_HIGH")]
    public void H264Profiles_MatchKernelEnum(H264Profile profile, string macro) => Assert.Equal(Kernel.Value[macro], (long)profile);

    [Theory]
    [InlineData(H264Level.Level31, "V4L2_MPEG_VIDEO_H264_LEVEL_3_1")]
    [InlineData(H264Level.Level40, "V4L2_MPEG_VIDEO_H264_LEVEL_4_0")]
    [InlineData(H264Level.Level41, "V4L2_MPEG_VIDEO_H264_LEVEL_4_1")]
    [InlineData(H264Level.Level42, "V4L2_MPEG_VIDEO_H264_LEVEL_4_2")]
    [InlineData(H264Level.Level51, "V4L2_MPEG_VIDEO_H264_LEVEL_5_1")]
    public void H264Levels_MatchKernelEnum(H264Level level, string macro) => Assert.Equal(Kernel.Value[macro], (long)level);

    [Fact]
    public void H264ControlPlan_HasKernelIdsAndValues_ForUstreamerDefaults()
    {
        var settings = new VideoEncoderSettings { Codec = VideoCodec.H264, BitrateKbps = 5000, Gop = 30, Profile = H264Profile.ConstrainedBaseline, Level = H264Level.Level40 };
        var plan = V4l2EncoderControls.For(settings).ToDictionary(c => c.Id, c => (c.Value, c.Required));
        var k = Kernel.Value;
        Assert.Equal((5_000_000, true), plan[(uint)k["V4L2_CID_MPEG_VIDEO_BITRATE"]]);
        Assert.Equal((30, true), plan[(uint)k["V4L2_CID_MPEG_VIDEO_H264_I_PERIOD"]]);
        Assert.Equal(((int)k["V4L2_MPEG_VIDEO_H264_PROFILE_CONSTRAINED_BASELINE"], true), plan[(uint)k["V4L2_CID_MPEG_VIDEO_H264_PROFILE"]]);
        Assert.Equal(((int)k["V4L2_MPEG_VIDEO_H264_LEVEL_4_0"], true), plan[(uint)k["V4L2_CID_MPEG_VIDEO_H264_LEVEL"]]);
        Assert.Equal((1, true), plan[(uint)k["V4L2_CID_MPEG_VIDEO_REPEAT_SEQ_HEADER"]]);
        Assert.Equal((16, false), plan[(uint)k["V4L2_CID_MPEG_VIDEO_H264_MIN_QP"]]);
        Assert.Equal((32, false), plan[(uint)k["V4L2_CID_MPEG_VIDEO_H264_MAX_QP"]]);
        Assert.Equal(7, plan.Count);
        Assert.Equal((uint)k["V4L2_PIX_FMT_H264"], V4l2EncoderControls.CodedFourcc(VideoCodec.H264));
    }

    [Fact]
    public void DmabufImport_IoctlAndMemoryType_MatchKernelHeader()
    {
        Assert.Equal((long)(uint)V4l2Native.VIDIOC_EXPBUF, Kernel.Value["VIDIOC_EXPBUF"]);
        Assert.Equal(V4l2Native.V4L2_MEMORY_DMABUF, Kernel.Value["V4L2_MEMORY_DMABUF"]);
        Assert.Equal(V4l2Native.V4L2_MEMORY_MMAP, Kernel.Value["V4L2_MEMORY_MMAP"]);
    }

    [Fact]
    public void FwhtControlPlan_SetsGopSize_ZeroMeansLongest()
    {
        var k = Kernel.Value;
        var plan = V4l2EncoderControls.For(new VideoEncoderSettings { Codec = VideoCodec.Fwht, Gop = 10 });
        Assert.Equal([(uint)k["V4L2_CID_MPEG_VIDEO_GOP_SIZE"]], plan.Select(c => c.Id));
        Assert.Equal(10, plan[0].Value);
        Assert.Equal(int.MaxValue, V4l2EncoderControls.For(new VideoEncoderSettings { Codec = VideoCodec.Fwht, Gop = 0 })[0].Value);
        Assert.Equal((uint)k["V4L2_PIX_FMT_FWHT"], V4l2EncoderControls.CodedFourcc(VideoCodec.Fwht));
    }

    private const string CProgram = """
        #include <stdio.h>
        #include <stddef.h>
        #include <linux/videodev2.h>
        #include <linux/v4l2-controls.h>
        #define S(t) printf("sizeof_%s=%zu\n", #t, sizeof(struct t));
        #define I(n) printf("%s=0x%08lX\n", #n, (unsigned long)(unsigned int)(n));
        #define V(n) printf("%s=%ld\n", #n, (long)(n));
        #define O(k,t,f) printf("offsetof_%s=%zu\n", k, offsetof(struct t, f));
        int main(void) {
            S(v4l2_format) S(v4l2_plane) S(v4l2_encoder_cmd) S(v4l2_streamparm) S(v4l2_buffer) S(v4l2_selection)
            O("sel_target", v4l2_selection, target) O("sel_left", v4l2_selection, r.left)
            O("sel_width", v4l2_selection, r.width) O("sel_height", v4l2_selection, r.height)
            O("mp_width", v4l2_format, fmt.pix_mp.width) O("mp_height", v4l2_format, fmt.pix_mp.height)
            O("mp_pixelformat", v4l2_format, fmt.pix_mp.pixelformat) O("mp_field", v4l2_format, fmt.pix_mp.field)
            O("mp_colorspace", v4l2_format, fmt.pix_mp.colorspace)
            O("mp_plane0_sizeimage", v4l2_format, fmt.pix_mp.plane_fmt[0].sizeimage)
            O("mp_plane0_bytesperline", v4l2_format, fmt.pix_mp.plane_fmt[0].bytesperline)
            O("mp_num_planes", v4l2_format, fmt.pix_mp.num_planes)
            O("plane_bytesused", v4l2_plane, bytesused) O("plane_length", v4l2_plane, length)
            O("plane_mem_offset", v4l2_plane, m.mem_offset) O("plane_data_offset", v4l2_plane, data_offset)
            O("buffer_planes", v4l2_buffer, m.planes) O("buffer_length", v4l2_buffer, length)
            O("buffer_tv_usec", v4l2_buffer, timestamp.tv_usec)
            S(v4l2_exportbuffer) O("plane_fd", v4l2_plane, m.fd) O("buffer_fd", v4l2_buffer, m.fd)
            O("expbuf_type", v4l2_exportbuffer, type) O("expbuf_index", v4l2_exportbuffer, index) O("expbuf_plane", v4l2_exportbuffer, plane)
            O("expbuf_flags", v4l2_exportbuffer, flags) O("expbuf_fd", v4l2_exportbuffer, fd)
            I(VIDIOC_EXPBUF) V(V4L2_MEMORY_DMABUF) V(V4L2_MEMORY_MMAP)
            O("enc_cmd_flags", v4l2_encoder_cmd, flags) O("parm_capability", v4l2_streamparm, parm.output.capability)
            O("parm_tpf_numerator", v4l2_streamparm, parm.output.timeperframe.numerator)
            O("parm_tpf_denominator", v4l2_streamparm, parm.output.timeperframe.denominator)
            I(VIDIOC_TRY_FMT) I(VIDIOC_G_PARM) I(VIDIOC_S_PARM) I(VIDIOC_G_SELECTION) I(VIDIOC_S_SELECTION) I(VIDIOC_ENCODER_CMD) I(VIDIOC_TRY_ENCODER_CMD)
            V(V4L2_CAP_VIDEO_M2M_MPLANE) V(V4L2_CAP_VIDEO_M2M) V(V4L2_BUF_TYPE_VIDEO_CAPTURE) V(V4L2_BUF_TYPE_VIDEO_OUTPUT)
            V(V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE) V(V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE) V(V4L2_FIELD_NONE) V(V4L2_SEL_TGT_CROP)
            V(V4L2_BUF_FLAG_KEYFRAME) V(V4L2_BUF_FLAG_PFRAME) V(V4L2_BUF_FLAG_BFRAME) V(V4L2_BUF_FLAG_ERROR)
            V(V4L2_BUF_FLAG_TIMESTAMP_COPY) V(V4L2_BUF_FLAG_LAST) V(V4L2_ENC_CMD_START) V(V4L2_ENC_CMD_STOP) V(V4L2_EVENT_EOS)
            V(V4L2_CID_MIN_BUFFERS_FOR_OUTPUT) V(V4L2_CID_MPEG_VIDEO_GOP_SIZE) V(V4L2_CID_MPEG_VIDEO_BITRATE_MODE)
            V(V4L2_CID_MPEG_VIDEO_BITRATE) V(V4L2_CID_MPEG_VIDEO_REPEAT_SEQ_HEADER) V(V4L2_CID_MPEG_VIDEO_FORCE_KEY_FRAME)
            V(V4L2_CID_MPEG_VIDEO_H264_MIN_QP) V(V4L2_CID_MPEG_VIDEO_H264_MAX_QP) V(V4L2_CID_MPEG_VIDEO_H264_I_PERIOD)
            V(V4L2_CID_MPEG_VIDEO_H264_LEVEL) V(V4L2_CID_MPEG_VIDEO_H264_PROFILE) V(V4L2_CID_FWHT_I_FRAME_QP) V(V4L2_CID_FWHT_P_FRAME_QP)
            V(V4L2_MPEG_VIDEO_BITRATE_MODE_VBR) V(V4L2_MPEG_VIDEO_BITRATE_MODE_CBR) V(V4L2_FWHT_FL_I_FRAME)
            V(V4L2_PIX_FMT_YUV420) V(V4L2_PIX_FMT_NV12) V(V4L2_PIX_FMT_H264) V(V4L2_PIX_FMT_FWHT)
            V(V4L2_MPEG_VIDEO_H264_PROFILE_BASELINE) V(V4L2_MPEG_VIDEO_H264_PROFILE_CONSTRAINED_BASELINE)
            V(V4L2_MPEG_VIDEO_H264_PROFILE_MAIN) V(V4L2_MPEG_VIDEO_H264_PROFILE_HIGH)
            V(V4L2_MPEG_VIDEO_H264_LEVEL_3_1) V(V4L2_MPEG_VIDEO_H264_LEVEL_4_0) V(V4L2_MPEG_VIDEO_H264_LEVEL_4_1)
            V(V4L2_MPEG_VIDEO_H264_LEVEL_4_2) V(V4L2_MPEG_VIDEO_H264_LEVEL_5_1)
            return 0;
        }
        """;
}
