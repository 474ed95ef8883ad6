namespace KvmPortal.SignIn.Passkeys;

/// <summary>A WebAuthn credential (passkey) registered by a user. Only public data: the private key never leaves the authenticator.</summary>
public sealed class PasskeyCredential
{
    public int Id { get; set; }

    public string UserId { get; set; } = "";

    /// <summary>Gets or sets the credential id the authenticator chose (unique).</summary>
    public byte[] CredentialId { get; set; } = [];

    /// <summary>Gets or sets the COSE-encoded public key.</summary>
    public byte[] PublicKey { get; set; } = [];

    /// <summary>Gets or sets the WebAuthn user handle given at registration (random, per user).</summary>
    public byte[] UserHandle { get; set; } = [];

    public long SignCount { get; set; }

    public string Name { get; set; } = "";

    public Guid AaGuid { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }
}
