namespace KvmPortal.Tests.Deploy;

/// <summary>The identifying fields of an ELF file header (enough to tell what machine a binary is for).</summary>
public sealed record ElfHeader(byte Class, byte Data, ushort Type, ushort Machine)
{
    public const byte Class64 = 2;
    public const byte LittleEndian = 1;
    public const ushort TypeExecutable = 2;
    public const ushort TypeSharedObject = 3;
    public const ushort MachineX86_64 = 0x3E;
    public const ushort MachineAarch64 = 0xB7;

    /// <summary>Reads the header; throws when the file is not ELF.</summary>
    public static ElfHeader Read(string path)
    {
        var header = new byte[20];
        using (var stream = File.OpenRead(path))
        {
            stream.ReadExactly(header);
        }

        if (header[0] != 0x7F || header[1] != (byte)'E' || header[2] != (byte)'L' || header[3] != (byte)'F')
        {
            throw new InvalidDataException(path + " is not an ELF file");
        }

        // e_type and e_machine follow the 16-byte e_ident; little-endian is checked by the caller through Data.
        return new ElfHeader(header[4], header[5], (ushort)(header[16] | (header[17] << 8)), (ushort)(header[18] | (header[19] << 8)));
    }
}
