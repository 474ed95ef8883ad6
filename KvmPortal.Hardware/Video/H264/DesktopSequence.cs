using System.Security.Cryptography;
using KvmPortal.Hardware.Simulation;
using Microsoft.Extensions.Options;

namespace KvmPortal.Hardware.Video.H264;

/// <summary>
/// A fixed, deterministic sequence of desktop-like RGB24 frames made by the simulated target (the "committed sequence",
/// generated instead of stored): typing in the terminal (one character a frame), a scrolling document (one line of text and
/// Enter a frame, so the console scrolls), and a window dragged across the screen (its title bar and a copy of the text inside).
/// </summary>
public static class DesktopSequence
{
    private const string Typed = "ls -la /var/log && tail -n 40 syslog";

    /// <summary>Generates the sequence.</summary>
    /// <param name="width">Screen width.</param>
    /// <param name="height">Screen height.</param>
    /// <param name="framesPerPhase">Frames in each of the three phases.</param>
    /// <param name="cancellationToken">Stops waiting for the target to boot.</param>
    /// <returns>The frames (RGB24, width × 3 bytes a row).</returns>
    public static async Task<List<byte[]>> GenerateAsync(int width, int height, int framesPerPhase, CancellationToken cancellationToken)
    {
        var options = Options.Create(new SimulationOptions { ScreenWidth = width, ScreenHeight = height, Columns = 100, Rows = 30 });
        using var target = new SimulatedTarget(options, TimeProvider.System);
        target.SetPowerButton(true);
        target.SetPowerButton(false);
        for (int i = 0; i < 200 && !target.ScreenText.Contains("sim-target>", StringComparison.Ordinal); i++)
        {
            await Task.Delay(50, cancellationToken);
        }

        var frames = new List<byte[]>();
        for (int i = 0; i < framesPerPhase; i++)
        {
            Type(target, Typed[i % Typed.Length]);
            frames.Add(Render(target));
        }

        for (int i = 0; i < framesPerPhase; i++)
        {
            Type(target, '\n');
            foreach (char c in $"{i:000} drwxr-xr-x 2 root root 4096 Dec  5 00:{i % 60:00} entry-{i * 7919 % 10007}")
            {
                Type(target, c);
            }

            frames.Add(Render(target));
        }

        byte[] desktop = Render(target);
        for (int i = 0; i < framesPerPhase; i++)
        {
            var frame = (byte[])desktop.Clone();
            DrawWindow(frame, desktop, width, height, 40 + (i * 24), 60 + (i * 12), width / 3, height / 3);
            frames.Add(frame);
        }

        return frames;
    }

    /// <summary>The MD5 of all frames, to show the sequence is the same on every run.</summary>
    /// <returns>Lower-case hex.</returns>
    public static string Md5(IEnumerable<byte[]> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        foreach (byte[] frame in frames)
        {
            md5.AppendData(frame);
        }

        return Convert.ToHexStringLower(md5.GetHashAndReset());
    }

    private static byte[] Render(SimulatedTarget target)
    {
        var rgb = new byte[target.Width * target.Height * 3];
        target.RenderRgb24(rgb);
        return rgb;
    }

    private static void Type(SimulatedTarget target, char c)
    {
        (byte usage, bool shift) = c switch
        {
            >= 'a' and <= 'z' => ((byte)(0x04 + (c - 'a')), false),
            >= '1' and <= '9' => ((byte)(0x1E + (c - '1')), false),
            '0' => ((byte)0x27, false),
            '\n' => ((byte)0x28, false),
            ' ' => ((byte)0x2C, false),
            '-' => ((byte)0x2D, false),
            '/' => ((byte)0x38, false),
            '.' => ((byte)0x37, false),
            '&' => ((byte)0x24, true),
            ':' => ((byte)0x33, true),
            _ when char.IsUpper(c) => ((byte)(0x04 + (char.ToLowerInvariant(c) - 'a')), true),
            _ => ((byte)0x2C, false),
        };
        target.KeyboardReport([shift ? (byte)0x02 : (byte)0, 0, usage, 0, 0, 0, 0, 0]);
        target.KeyboardReport([0, 0, 0, 0, 0, 0, 0, 0]);
    }

    /// <summary>A window: a border, a blue title bar, and inside a copy of the screen's top-left text on a light background.</summary>
    private static void DrawWindow(byte[] frame, byte[] desktop, int width, int height, int left, int top, int w, int h)
    {
        left %= width - w;
        top %= height - h;
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                int o = (((top + y) * width) + left + x) * 3;
                bool border = x == 0 || y == 0 || x == w - 1 || y == h - 1;
                if (border || y < 28)
                {
                    frame[o] = border ? (byte)90 : (byte)30;
                    frame[o + 1] = border ? (byte)90 : (byte)90;
                    frame[o + 2] = border ? (byte)90 : (byte)200;
                    continue;
                }

                int s = (((y * 2 % height) * width) + (x * 2 % width)) * 3; // the text, half size
                bool ink = desktop[s] + desktop[s + 1] + desktop[s + 2] > 200;
                frame[o] = frame[o + 1] = frame[o + 2] = ink ? (byte)20 : (byte)235;
            }
        }
    }
}
