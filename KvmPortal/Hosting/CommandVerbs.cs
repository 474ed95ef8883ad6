using KvmPortal.Hardware.Gadget;
using KvmPortal.Hardware.Hid;
using KvmPortal.Hardware.Video;

namespace KvmPortal.Hosting;

/// <summary>Command-line verbs that do one job and exit: <c>gadget up|down|status</c>, <c>bench video|h264|hid</c>.</summary>
public static class CommandVerbs
{
    public static bool IsVerb(string[] args) => args.Length > 0 && args[0] is "gadget" or "bench";

    public static async Task<int> RunAsync(string[] args, IConfiguration configuration, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        switch (args)
        {
            case ["gadget", ..]:
                var gadget = configuration.GetSection("KvmPortal:Gadget").Get<GadgetOptions>() ?? new GadgetOptions();
                return await GadgetCommand.RunAsync(args[1..], gadget, output, cancellationToken);
            case ["bench", "video", ..]:
                var seconds = args.Length > 2 && double.TryParse(args[2], System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : 3;
                await VideoBenchmark.RunAsync(output, TimeSpan.FromSeconds(seconds), cancellationToken);
                return 0;
            case ["bench", "h264", ..]:
                await KvmPortal.Hardware.Video.H264.H264Benchmark.RunAsync(output, cancellationToken);
                return 0;
            case ["bench", "hid", ..]:
                await HidBenchmark.RunAsync(output, cancellationToken);
                return 0;
            default:
                await output.WriteLineAsync("usage: KvmPortal [gadget up|down|status] [bench video [seconds]|h264|hid] [config show] [--version]");
                return 2;
        }
    }
}
