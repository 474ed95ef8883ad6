namespace KvmPortal.Hardware.Gadget;

/// <summary>The <c>KvmPortal gadget up|down|status</c> verb: builds or removes the USB gadget (run as root, before the web app starts).</summary>
public static class GadgetCommand
{
    /// <summary>Runs the verb; returns the process exit code (0 ok, 1 failure, 2 usage).</summary>
    public static Task<int> RunAsync(string[] args, GadgetOptions options, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        cancellationToken.ThrowIfCancellationRequested();
        var builder = new GadgetBuilder(options);
        var verb = args.Length > 0 ? args[0] : "";
        try
        {
            switch (verb)
            {
                case "up":
                    var changed = builder.Up();
                    output.WriteLine(changed
                        ? $"gadget {options.GadgetPath} bound to {builder.BoundUdc} ({string.Join(", ", builder.Functions.Select(f => f.Name))}, bcdDevice 0x{builder.BcdDevice:x4})"
                        : $"gadget {options.GadgetPath} already bound to {builder.BoundUdc}");
                    return Task.FromResult(0);
                case "down":
                    output.WriteLine(builder.Down() ? $"gadget {options.GadgetPath} removed" : $"gadget {options.GadgetPath} not present");
                    return Task.FromResult(0);
                case "status":
                    var udc = builder.BoundUdc;
                    output.WriteLine(udc is null ? "gadget: unbound" : $"gadget: bound to {udc}, host state: {builder.ReadUdcState(udc) ?? "unknown"}");
                    return Task.FromResult(0);
                default:
                    output.WriteLine("usage: KvmPortal gadget up|down|status");
                    return Task.FromResult(2);
            }
        }
        catch (Exception e) when (e is GadgetException or IOException or UnauthorizedAccessException)
        {
            output.WriteLine($"gadget {verb} failed: {e.Message}");
            return Task.FromResult(1);
        }
    }
}
