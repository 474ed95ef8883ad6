namespace KvmPortal.SignIn.Passkeys;

/// <summary>The <c>KvmPortal:SignIn:Passkeys</c> section (WebAuthn).</summary>
public sealed class PasskeyOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the relying party id (a host name); empty: the host the browser used.</summary>
    public string RelyingPartyId { get; set; } = "";

    /// <summary>Gets or sets the accepted origins; empty: the origin the browser used (scheme://host:port of the request).</summary>
    public string[] Origins { get; set; } = [];

    public string ServerName { get; set; } = "KvmPortal";
}
