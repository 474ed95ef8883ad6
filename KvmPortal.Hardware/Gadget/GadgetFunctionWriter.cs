using System.Globalization;
using KvmPortal.Hardware.Hid;

namespace KvmPortal.Hardware.Gadget;

/// <summary>Creates one function directory (HID or mass storage) with its attributes, before it is linked into the configuration.</summary>
internal sealed class GadgetFunctionWriter(ConfigfsFileSystem fs, GadgetOptions options)
{
    public void Create(string dir, string name)
    {
        fs.CreateDirectory(dir);
        switch (name)
        {
            case "hid.usb0":
                WriteHid(dir, protocol: 1, subclass: 1, HidDescriptors.KeyboardReportLength, HidDescriptors.Keyboard.ToArray(), noOut: false);
                break;
            case "hid.usb1":
                WriteHid(dir, protocol: 0, subclass: 0, HidDescriptors.AbsoluteMouseReportLength, HidDescriptors.AbsoluteMouse.ToArray(), options.MouseNoOutEndpoint);
                break;
            case "hid.usb2":
                WriteHid(dir, protocol: 2, subclass: 1, HidDescriptors.RelativeMouseReportLength, HidDescriptors.RelativeMouse.ToArray(), options.MouseNoOutEndpoint);
                break;
            default:
                fs.Write(dir + "/stall", "0");
                fs.CreateDirectory(dir + "/lun.0");
                fs.Write(dir + "/lun.0/removable", "1");
                fs.Write(dir + "/lun.0/nofua", "0");
                fs.Write(dir + "/lun.0/inquiry_string", InquiryString(options.InquiryVendor, options.InquiryProduct, "1.00"));
                break;
        }
    }

    private void WriteHid(string dir, int protocol, int subclass, int reportLength, byte[] descriptor, bool noOut)
    {
        fs.Write(dir + "/protocol", protocol.ToString(CultureInfo.InvariantCulture));
        fs.Write(dir + "/subclass", subclass.ToString(CultureInfo.InvariantCulture));
        fs.Write(dir + "/report_length", reportLength.ToString(CultureInfo.InvariantCulture));
        fs.Write(dir + "/report_desc", descriptor);
        if (noOut)
        {
            try
            {
                fs.Write(dir + "/no_out_endpoint", "1");
            }
            catch (Exception e) when (e is GadgetException or IOException or UnauthorizedAccessException)
            {
                // Kernels before 5.19 lack the attribute: the mouse then has an OUT endpoint too.
            }
        }
    }

    /// <summary>The SCSI inquiry string: vendor 8, product 16, revision 4 characters, space padded.</summary>
    internal static string InquiryString(string vendor, string product, string revision) =>
        Fit(vendor, 8) + Fit(product, 16) + Fit(revision, 4);

    private static string Fit(string value, int width) => value.Length >= width ? value[..width] : value.PadRight(width);
}
