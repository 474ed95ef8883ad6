using KvmPortal.Data;

namespace KvmPortal.Ipmi;

/// <summary>The BMC's GUID (used in RAKP and Get System GUID), made once and kept in DataDirectory/ipmi-guid so it survives restarts.</summary>
public sealed class IpmiDeviceIdentity
{
    public IpmiDeviceIdentity(DataDirectory data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var path = System.IO.Path.Combine(data.Path, "ipmi-guid");
        if (File.Exists(path) && Guid.TryParse(File.ReadAllText(path).Trim(), out var stored))
        {
            Value = stored;
        }
        else
        {
            Value = Guid.NewGuid();
            Directory.CreateDirectory(data.Path);
            File.WriteAllText(path, Value.ToString());
        }
    }

    public Guid Value { get; }

    /// <summary>Gets the GUID as IPMI sends it: the RFC 4122 byte string, least significant byte first (spec 20.8).</summary>
    public byte[] GuidBytes
    {
        get
        {
            var bytes = Value.ToByteArray(bigEndian: true);
            Array.Reverse(bytes);
            return bytes;
        }
    }
}
