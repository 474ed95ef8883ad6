using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;

namespace KvmPortal.Data;

/// <summary>A personal API token. Only the SHA-256 of its secret is stored; the token itself is shown once, at creation.</summary>
[Index(nameof(UserId))]
public sealed class ApiToken
{
    /// <summary>Gets or sets the public identifier (the part of the token before the secret).</summary>
    [Key]
    [MaxLength(32)]
    public string Id { get; set; } = "";

    /// <summary>Gets or sets the owner's user id.</summary>
    [MaxLength(450)]
    public string UserId { get; set; } = "";

    /// <summary>Gets or sets the owner's label for the token.</summary>
    [MaxLength(100)]
    public string Name { get; set; } = "";

    /// <summary>Gets or sets SHA-256 of the 32-byte secret.</summary>
    [MaxLength(32)]
    public byte[] SecretHash { get; set; } = [];

    /// <summary>Gets or sets the permissions the token may use, comma-separated (intersected with the owner's at each use).</summary>
    [MaxLength(200)]
    public string Permissions { get; set; } = "";

    /// <summary>Gets or sets the creation time (UTC ticks).</summary>
    public long CreatedTicks { get; set; }

    /// <summary>Gets or sets the expiry (UTC ticks), null for none.</summary>
    public long? ExpiresTicks { get; set; }

    /// <summary>Gets or sets the last use (UTC ticks, updated at most once a minute).</summary>
    public long? LastUsedTicks { get; set; }

    /// <summary>Gets or sets a value indicating whether the owner or an admin revoked the token.</summary>
    public bool Revoked { get; set; }
}
