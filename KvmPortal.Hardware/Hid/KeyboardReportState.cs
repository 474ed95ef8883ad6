namespace KvmPortal.Hardware.Hid;

/// <summary>
/// The keys currently held on the boot keyboard and the 8-byte report that describes them. Modifiers are bits of byte 0;
/// up to six other keys fill bytes 2..7 in the order pressed. With a seventh non-modifier key down every slot reports
/// ErrorRollOver (0x01) until enough keys are released again. Not thread-safe: the owner serialises access.
/// </summary>
public sealed class KeyboardReportState
{
    /// <summary>The ErrorRollOver usage.</summary>
    public const byte ErrorRollOver = 0x01;

    private readonly List<byte> _keys = new(8);

    /// <summary>Gets the modifier byte.</summary>
    public byte Modifiers { get; private set; }

    /// <summary>Gets the non-modifier usages held, in press order (may exceed six).</summary>
    public IReadOnlyList<byte> Keys => _keys;

    /// <summary>Gets a value indicating whether nothing is held.</summary>
    public bool IsEmpty => Modifiers == 0 && _keys.Count == 0;

    /// <summary>Presses or releases a key; returns true when the state changed.</summary>
    public bool Set(HidKey key, bool pressed)
    {
        if (key.IsModifier)
        {
            var before = Modifiers;
            Modifiers = pressed ? (byte)(Modifiers | key.ModifierBit) : (byte)(Modifiers & ~key.ModifierBit);
            return before != Modifiers;
        }

        if (pressed)
        {
            if (_keys.Contains(key.Usage))
            {
                return false;
            }

            _keys.Add(key.Usage);
            return true;
        }

        return _keys.Remove(key.Usage);
    }

    /// <summary>Releases everything; returns true when something was held.</summary>
    public bool Clear()
    {
        var changed = !IsEmpty;
        Modifiers = 0;
        _keys.Clear();
        return changed;
    }

    /// <summary>Writes the 8-byte report.</summary>
    public void Write(Span<byte> report)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(report.Length, HidDescriptors.KeyboardReportLength, nameof(report));
        report[..HidDescriptors.KeyboardReportLength].Clear();
        report[0] = Modifiers;
        if (_keys.Count > 6)
        {
            report.Slice(2, 6).Fill(ErrorRollOver);
            return;
        }

        for (var i = 0; i < _keys.Count; i++)
        {
            report[2 + i] = _keys[i];
        }
    }

    /// <summary>Returns a new 8-byte report array.</summary>
    public byte[] ToReport()
    {
        var report = new byte[HidDescriptors.KeyboardReportLength];
        Write(report);
        return report;
    }

    /// <summary>Parses the keyboard's LED output report (1 byte: bit 0 Num, 1 Caps, 2 Scroll; higher bits ignored).</summary>
    public static KeyboardLeds ParseLeds(ReadOnlySpan<byte> outputReport) =>
        outputReport.IsEmpty ? KeyboardLeds.None : (KeyboardLeds)(outputReport[^1] & 0x07);
}
