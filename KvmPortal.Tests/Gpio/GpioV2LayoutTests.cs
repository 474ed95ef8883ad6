using System.Runtime.InteropServices;
using KvmPortal.Hardware.Gpio;
using KvmPortal.Tests.Support;
using Xunit;

namespace KvmPortal.Tests.Gpio;

/// <summary>Compiles a C program against the system's linux/gpio.h and checks our managed uAPI v2 layout against it.</summary>
public sealed class GpioV2LayoutTests
{
    private const string Program = """
        #include <stdio.h>
        #include <stddef.h>
        #include <linux/gpio.h>
        #define S(t) printf("sizeof.%s %zu\n", #t, sizeof(struct t))
        #define O(t, f) printf("offsetof.%s.%s %zu\n", #t, #f, offsetof(struct t, f))
        #define C(c) printf("const.%s %llu\n", #c, (unsigned long long)(c))
        int main(void) {
            S(gpio_v2_line_values); O(gpio_v2_line_values, bits); O(gpio_v2_line_values, mask);
            S(gpio_v2_line_attribute); O(gpio_v2_line_attribute, id); O(gpio_v2_line_attribute, flags);
            O(gpio_v2_line_attribute, values); O(gpio_v2_line_attribute, debounce_period_us);
            S(gpio_v2_line_config_attribute); O(gpio_v2_line_config_attribute, attr); O(gpio_v2_line_config_attribute, mask);
            S(gpio_v2_line_config); O(gpio_v2_line_config, flags); O(gpio_v2_line_config, num_attrs);
            O(gpio_v2_line_config, padding); O(gpio_v2_line_config, attrs);
            S(gpio_v2_line_request); O(gpio_v2_line_request, offsets); O(gpio_v2_line_request, consumer);
            O(gpio_v2_line_request, config); O(gpio_v2_line_request, num_lines); O(gpio_v2_line_request, event_buffer_size);
            O(gpio_v2_line_request, padding); O(gpio_v2_line_request, fd);
            S(gpio_v2_line_event); O(gpio_v2_line_event, timestamp_ns); O(gpio_v2_line_event, id); O(gpio_v2_line_event, offset);
            O(gpio_v2_line_event, seqno); O(gpio_v2_line_event, line_seqno); O(gpio_v2_line_event, padding);
            C(GPIO_V2_GET_LINE_IOCTL); C(GPIO_V2_LINE_SET_CONFIG_IOCTL);
            C(GPIO_V2_LINE_GET_VALUES_IOCTL); C(GPIO_V2_LINE_SET_VALUES_IOCTL);
            C(GPIO_V2_LINES_MAX); C(GPIO_V2_LINE_NUM_ATTRS_MAX); C(GPIO_MAX_NAME_SIZE);
            C(GPIO_V2_LINE_FLAG_ACTIVE_LOW); C(GPIO_V2_LINE_FLAG_INPUT); C(GPIO_V2_LINE_FLAG_OUTPUT);
            C(GPIO_V2_LINE_FLAG_EDGE_RISING); C(GPIO_V2_LINE_FLAG_EDGE_FALLING); C(GPIO_V2_LINE_FLAG_BIAS_PULL_UP);
            C(GPIO_V2_LINE_FLAG_BIAS_PULL_DOWN); C(GPIO_V2_LINE_FLAG_BIAS_DISABLED);
            C(GPIO_V2_LINE_ATTR_ID_FLAGS); C(GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES); C(GPIO_V2_LINE_ATTR_ID_DEBOUNCE);
            C(GPIO_V2_LINE_EVENT_RISING_EDGE); C(GPIO_V2_LINE_EVENT_FALLING_EDGE);
            return 0;
        }
        """;

    private static readonly Lazy<Dictionary<string, ulong>> Native = new(CompileAndRun);

    public static TheoryData<string, ulong> Managed() => new()
    {
        { "sizeof.gpio_v2_line_values", Size<GpioV2Native.LineValues>() },
        { "offsetof.gpio_v2_line_values.bits", Offset<GpioV2Native.LineValues>("Bits") },
        { "offsetof.gpio_v2_line_values.mask", Offset<GpioV2Native.LineValues>("Mask") },
        { "sizeof.gpio_v2_line_attribute", Size<GpioV2Native.LineAttribute>() },
        { "offsetof.gpio_v2_line_attribute.id", Offset<GpioV2Native.LineAttribute>("Id") },
        { "offsetof.gpio_v2_line_attribute.flags", Offset<GpioV2Native.LineAttribute>("FlagsOrValues") },
        { "offsetof.gpio_v2_line_attribute.values", Offset<GpioV2Native.LineAttribute>("FlagsOrValues") },
        { "offsetof.gpio_v2_line_attribute.debounce_period_us", Offset<GpioV2Native.LineAttribute>("DebouncePeriodUs") },
        { "sizeof.gpio_v2_line_config_attribute", Size<GpioV2Native.LineConfigAttribute>() },
        { "offsetof.gpio_v2_line_config_attribute.attr", Offset<GpioV2Native.LineConfigAttribute>("Attr") },
        { "offsetof.gpio_v2_line_config_attribute.mask", Offset<GpioV2Native.LineConfigAttribute>("Mask") },
        { "sizeof.gpio_v2_line_config", Size<GpioV2Native.LineConfig>() },
        { "offsetof.gpio_v2_line_config.flags", Offset<GpioV2Native.LineConfig>("Flags") },
        { "offsetof.gpio_v2_line_config.num_attrs", Offset<GpioV2Native.LineConfig>("NumAttrs") },
        { "offsetof.gpio_v2_line_config.padding", Offset<GpioV2Native.LineConfig>("Padding") },
        { "offsetof.gpio_v2_line_config.attrs", Offset<GpioV2Native.LineConfig>("Attrs") },
        { "sizeof.gpio_v2_line_request", Size<GpioV2Native.LineRequest>() },
        { "offsetof.gpio_v2_line_request.offsets", Offset<GpioV2Native.LineRequest>("Offsets") },
        { "offsetof.gpio_v2_line_request.consumer", Offset<GpioV2Native.LineRequest>("Consumer") },
        { "offsetof.gpio_v2_line_request.config", Offset<GpioV2Native.LineRequest>("Config") },
        { "offsetof.gpio_v2_line_request.num_lines", Offset<GpioV2Native.LineRequest>("NumLines") },
        { "offsetof.gpio_v2_line_request.event_buffer_size", Offset<GpioV2Native.LineRequest>("EventBufferSize") },
        { "offsetof.gpio_v2_line_request.padding", Offset<GpioV2Native.LineRequest>("Padding") },
        { "offsetof.gpio_v2_line_request.fd", Offset<GpioV2Native.LineRequest>("Fd") },
        { "sizeof.gpio_v2_line_event", Size<GpioV2Native.LineEvent>() },
        { "offsetof.gpio_v2_line_event.timestamp_ns", Offset<GpioV2Native.LineEvent>("TimestampNs") },
        { "offsetof.gpio_v2_line_event.id", Offset<GpioV2Native.LineEvent>("Id") },
        { "offsetof.gpio_v2_line_event.offset", Offset<GpioV2Native.LineEvent>("Offset") },
        { "offsetof.gpio_v2_line_event.seqno", Offset<GpioV2Native.LineEvent>("Seqno") },
        { "offsetof.gpio_v2_line_event.line_seqno", Offset<GpioV2Native.LineEvent>("LineSeqno") },
        { "offsetof.gpio_v2_line_event.padding", Offset<GpioV2Native.LineEvent>("Padding") },
        { "const.GPIO_V2_GET_LINE_IOCTL", GpioV2Native.GetLineIoctl },
        { "const.GPIO_V2_LINE_SET_CONFIG_IOCTL", GpioV2Native.LineSetConfigIoctl },
        { "const.GPIO_V2_LINE_GET_VALUES_IOCTL", GpioV2Native.LineGetValuesIoctl },
        { "const.GPIO_V2_LINE_SET_VALUES_IOCTL", GpioV2Native.LineSetValuesIoctl },
        { "const.GPIO_V2_LINES_MAX", GpioV2Native.LinesMax },
        { "const.GPIO_V2_LINE_NUM_ATTRS_MAX", GpioV2Native.NumAttrsMax },
        { "const.GPIO_MAX_NAME_SIZE", GpioV2Native.MaxNameSize },
        { "const.GPIO_V2_LINE_FLAG_ACTIVE_LOW", GpioV2Native.FlagActiveLow },
        { "const.GPIO_V2_LINE_FLAG_INPUT", GpioV2Native.FlagInput },
        { "const.GPIO_V2_LINE_FLAG_OUTPUT", GpioV2Native.FlagOutput },
        { "const.GPIO_V2_LINE_FLAG_EDGE_RISING", GpioV2Native.FlagEdgeRising },
        { "const.GPIO_V2_LINE_FLAG_EDGE_FALLING", GpioV2Native.FlagEdgeFalling },
        { "const.GPIO_V2_LINE_FLAG_BIAS_PULL_UP", GpioV2Native.FlagBiasPullUp },
        { "const.GPIO_V2_LINE_FLAG_BIAS_PULL_DOWN", GpioV2Native.FlagBiasPullDown },
        { "const.GPIO_V2_LINE_FLAG_BIAS_DISABLED", GpioV2Native.FlagBiasDisabled },
        { "const.GPIO_V2_LINE_ATTR_ID_FLAGS", GpioV2Native.AttrIdFlags },
        { "const.GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES", GpioV2Native.AttrIdOutputValues },
        { "const.GPIO_V2_LINE_ATTR_ID_DEBOUNCE", GpioV2Native.AttrIdDebounce },
        { "const.GPIO_V2_LINE_EVENT_RISING_EDGE", GpioV2Native.EventRisingEdge },
        { "const.GPIO_V2_LINE_EVENT_FALLING_EDGE", GpioV2Native.EventFallingEdge },
    };

    [Theory]
    [MemberData(nameof(Managed))]
    public void ManagedLayout_MatchesLinuxGpioHeader(string name, ulong managed)
    {
        Assert.True(Native.Value.TryGetValue(name, out var native), $"the C program printed no {name}");
        Assert.Equal(native, managed);
    }

    [Fact]
    public void EveryValueTheCProgramPrints_IsChecked()
    {
        var checkedNames = Managed().Select(row => (string)row[0]).ToHashSet();
        Assert.DoesNotContain(Native.Value.Keys, k => !checkedNames.Contains(k));
    }

    private static ulong Size<T>()
        where T : struct => (ulong)Marshal.SizeOf<T>();

    private static ulong Offset<T>(string field)
        where T : struct => (ulong)Marshal.OffsetOf<T>(field);

    private static Dictionary<string, ulong> CompileAndRun()
    {
        var folder = Directory.CreateTempSubdirectory("kvmportal-gpio-layout-");
        try
        {
            var source = Path.Combine(folder.FullName, "layout.c");
            var binary = Path.Combine(folder.FullName, "layout");
            File.WriteAllText(source, Program);
            Run("gcc", "-std=c11", "-Wall", "-Werror", "-o", binary, source);
            return Run(binary)
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split(' '))
                .ToDictionary(parts => parts[0], parts => ulong.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static string Run(string file, params string[] arguments)
    {
        var result = TestProcess.Run(file, arguments, TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0, $"{file} exited with {result.ExitCode}: {result.StandardError} (the GPIO layout test needs gcc and linux-libc-dev)");
        return result.StandardOutput;
    }
}
