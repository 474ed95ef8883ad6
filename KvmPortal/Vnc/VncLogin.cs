using System.Security.Claims;

namespace KvmPortal.Vnc;

/// <summary>The outcome of a VNC login: the user's principal (with the permissions of their roles) or the reason it was refused.</summary>
internal sealed record VncLogin(ClaimsPrincipal? User, string UserName, string Reason)
{
    public bool Succeeded => User is not null;

    public static VncLogin Fail(string userName, string reason) => new(null, userName, reason);
}
