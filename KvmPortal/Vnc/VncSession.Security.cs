using System.Buffers.Binary;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Text;

namespace KvmPortal.Vnc;

/// <summary>
/// The RFB handshake: protocol version, security type (VeNCrypt 19 and, when allowed, VNC Authentication 2; never None), TLS with the
/// web server's certificate, the credentials, SecurityResult and ClientInit. Every refusal is audited with its reason.
/// </summary>
internal sealed partial class VncSession
{
    private const int MaxUserNameBytes = 256;
    private const int MaxPasswordBytes = 1024;

    private async Task<VncLogin> HandshakeAsync(CancellationToken ct)
    {
        await WriteAsync("RFB 003.008\n"u8.ToArray(), ct);
        var version = new byte[12];
        await _reader.ReadExactAsync(version, ct);
        if (!TryParseVersion(version, out _minor))
        {
            Refused("", "not an RFB client");
            return VncLogin.Fail("", "not an RFB client");
        }

        var classic = _host.Options.AllowClassicAuth;
        VncLogin login;
        if (_minor < 7)
        {
            // RFB 3.3: the server picks the type. Only VNC Authentication fits a 3.3 client.
            if (!classic)
            {
                return await FailAsync("", "the client speaks RFB 3.3, which only allows VNC Authentication, and that is off", beforeSecurityType: true, ct);
            }

            await WriteAsync(U32(RfbCodes.SecurityVncAuth), ct);
            login = await VncAuthAsync(ct);
        }
        else
        {
            byte[] offered = classic ? [RfbCodes.SecurityVeNCrypt, RfbCodes.SecurityVncAuth] : [RfbCodes.SecurityVeNCrypt];
            await WriteAsync((byte[])[(byte)offered.Length, .. offered], ct);
            var chosen = await _reader.U8Async(ct);
            if (!offered.Contains(chosen))
            {
                return await FailAsync("", $"security type {chosen} was not offered", beforeSecurityType: false, ct);
            }

            login = chosen == RfbCodes.SecurityVeNCrypt ? await VeNCryptAsync(ct) : await VncAuthAsync(ct);
        }

        if (login.Succeeded && _cookieUser is not null && !string.Equals(login.UserName, _cookieUser, StringComparison.OrdinalIgnoreCase))
        {
            login = VncLogin.Fail(login.UserName, $"signed in to the portal as {_cookieUser} but gave {login.UserName}'s credentials");
        }

        if (!login.Succeeded)
        {
            return await FailAsync(login.UserName, login.Reason, beforeSecurityType: false, ct);
        }

        await WriteAsync(U32(0), ct); // SecurityResult OK
        _ = await _reader.U8Async(ct); // ClientInit: shared-flag; sessions are always shared
        return login;
    }

    private async Task<VncLogin> VeNCryptAsync(CancellationToken ct)
    {
        await WriteAsync((byte[])[0, 2], ct);
        var major = await _reader.U8Async(ct);
        var minor = await _reader.U8Async(ct);
        if (major != 0 || minor != 2)
        {
            await WriteAsync((byte[])[1], ct);
            return VncLogin.Fail("", $"VeNCrypt version {major}.{minor} is not supported (0.2 is)");
        }

        await WriteAsync((byte[])[0], ct);

        // Over TCP the credentials travel inside TLS with the web server's certificate (X509*); over the WebSocket the web server's own
        // connection carries them, so plain VeNCrypt Plain is offered there.
        uint[] subtypes = _transport == VncTransport.WebSocket
            ? [RfbCodes.VeNCryptPlain]
            : _host.Options.AllowClassicAuth ? [RfbCodes.VeNCryptX509Plain, RfbCodes.VeNCryptX509Vnc] : [RfbCodes.VeNCryptX509Plain];
        var list = new byte[1 + (4 * subtypes.Length)];
        list[0] = (byte)subtypes.Length;
        for (var i = 0; i < subtypes.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(list.AsSpan(1 + (4 * i)), subtypes[i]);
        }

        await WriteAsync(list, ct);
        var subtype = await _reader.U32Async(ct);
        if (!subtypes.Contains(subtype))
        {
            return VncLogin.Fail("", $"VeNCrypt subtype {subtype} was not offered");
        }

        if (subtype is RfbCodes.VeNCryptX509Plain or RfbCodes.VeNCryptX509Vnc)
        {
            await WriteAsync((byte[])[1], ct); // go ahead with the TLS handshake
            var tls = new SslStream(_transportStream, leaveInnerStreamOpen: true);
            await tls.AuthenticateAsServerAsync(
                new SslServerAuthenticationOptions
                {
                    ServerCertificate = _host.Certificate,
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    ClientCertificateRequired = false,
                },
                ct);
            _stream = tls;
            _reader.Stream = tls;
        }

        _security = subtype switch
        {
            RfbCodes.VeNCryptX509Plain => "VeNCrypt X509Plain",
            RfbCodes.VeNCryptX509Vnc => "VeNCrypt X509Vnc",
            _ => "VeNCrypt Plain",
        };
        return subtype == RfbCodes.VeNCryptX509Vnc ? await VncAuthAsync(ct, keepSecurityName: true) : await PlainAsync(ct);
    }

    private async Task<VncLogin> PlainAsync(CancellationToken ct)
    {
        var userLength = await _reader.U32Async(ct);
        var passwordLength = await _reader.U32Async(ct);
        if (userLength is 0 or > MaxUserNameBytes || passwordLength is 0 or > MaxPasswordBytes)
        {
            return VncLogin.Fail("", "empty or too long user name or password");
        }

        var user = await _reader.TextAsync((int)userLength, Encoding.UTF8, ct);
        var password = await _reader.TextAsync((int)passwordLength, Encoding.UTF8, ct);
        _userName = user;
        return await _host.Authenticator.PlainAsync(user, password, _remote, ct);
    }

    private async Task<VncLogin> VncAuthAsync(CancellationToken ct, bool keepSecurityName = false)
    {
        if (!keepSecurityName)
        {
            _security = "VNC Authentication";
        }

        _classicAuth = true;
        var challenge = RandomNumberGenerator.GetBytes(VncDes.ChallengeLength);
        await WriteAsync(challenge, ct);
        var response = new byte[VncDes.ChallengeLength];
        await _reader.ReadExactAsync(response, ct);
        return await _host.Authenticator.ClassicAsync(challenge, response, _remote, ct);
    }

    private async Task<VncLogin> FailAsync(string user, string reason, bool beforeSecurityType, CancellationToken ct)
    {
        Refused(user, reason);
        var message = reason.StartsWith("wrong", StringComparison.Ordinal) || reason.StartsWith("user disabled", StringComparison.Ordinal)
            ? "Authentication failed" // do not tell a guesser which part was wrong or that the account exists
            : "Refused: " + reason;
        try
        {
            if (beforeSecurityType)
            {
                await WriteAsync(FailureBytes(message, withCount: false), ct);
            }
            else
            {
                var result = U32(1);
                await WriteAsync(_minor >= 8 ? [.. result, .. Reason(message)] : result, ct);
            }
        }
        catch (Exception ex) when (IsDisconnect(ex))
        {
            // The client did not wait for the reason.
        }

        return VncLogin.Fail(user, reason);
    }

    /// <summary>A refusal in place of the security types: a zero count (3.7+) or type 0 (3.3), then the reason string.</summary>
    private byte[] FailureBytes(string reason, bool withCount) =>
        withCount || _minor >= 7 ? [0, .. Reason(reason)] : [.. U32(RfbCodes.SecurityInvalid), .. Reason(reason)];

    private static byte[] Reason(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return [.. U32((uint)bytes.Length), .. bytes];
    }

    private static byte[] U32(uint value)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, value);
        return b;
    }

    /// <summary>Reads "RFB xxx.yyy\n"; 3.3-3.6 are 3.3, 3.7 is 3.7, anything later (Apple's 3.889 too) is 3.8.</summary>
    private static bool TryParseVersion(ReadOnlySpan<byte> text, out int minor)
    {
        minor = 8;
        if (!text.StartsWith("RFB "u8) || text[11] != '\n' || text[7] != '.' ||
            !int.TryParse(Encoding.ASCII.GetString(text[4..7]), out var major) || !int.TryParse(Encoding.ASCII.GetString(text[8..11]), out var m) || major != 3)
        {
            return false;
        }

        minor = m < 7 ? 3 : m == 7 ? 7 : 8;
        return true;
    }
}
