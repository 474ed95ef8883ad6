using QRCoder;

namespace KvmPortal.Account;

/// <summary>The otpauth:// URI for authenticator apps and its QR code as a PNG data URI.</summary>
public static class AuthenticatorQr
{
    public static string OtpAuthUri(string userName, string key) =>
        $"otpauth://totp/{Uri.EscapeDataString("KvmPortal")}:{Uri.EscapeDataString(userName)}?secret={key}&issuer=KvmPortal&digits=6";

    public static string DataUri(string content)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(content, QRCodeGenerator.ECCLevel.Q);
        var png = new PngByteQRCode(data).GetGraphic(6);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }
}
