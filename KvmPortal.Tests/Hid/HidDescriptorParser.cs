using Xunit;
namespace KvmPortal.Tests.Hid;

/// <summary>A minimal HID report-descriptor walker for tests: totals the input and output report bits (short items only).</summary>
internal static class HidDescriptorParser
{
    public static (int InputBits, int OutputBits, int Collections) Sizes(ReadOnlySpan<byte> descriptor)
    {
        int size = 0, count = 0, input = 0, output = 0, depth = 0, collections = 0;
        var i = 0;
        while (i < descriptor.Length)
        {
            var prefix = descriptor[i];
            var length = (prefix & 0x03) == 3 ? 4 : prefix & 0x03;
            var value = 0;
            for (var b = 0; b < length; b++)
            {
                value |= descriptor[i + 1 + b] << (8 * b);
            }

            switch (prefix & 0xFC)
            {
                case 0x74: size = value; break;      // Report Size
                case 0x94: count = value; break;     // Report Count
                case 0x80: input += size * count; break;   // Input
                case 0x90: output += size * count; break;  // Output
                case 0xA0: depth++; collections++; break;  // Collection
                case 0xC0: depth--; break;                 // End Collection
            }

            i += 1 + length;
        }

        Assert.Equal(0, depth);
        Assert.Equal(descriptor.Length, i);
        return (input, output, collections);
    }
}
