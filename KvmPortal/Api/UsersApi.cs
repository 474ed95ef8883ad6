using KvmPortal.Data;
using KvmPortal.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace KvmPortal.Api;

/// <summary><c>/api/users</c>: KvmPortal's addition to the PiKVM API surface, Admin only.</summary>
public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/users").RequireAuthorization(Permissions.Admin);
        group.MapGet("", async (UserManager<ApplicationUser> users, CancellationToken ct) =>
        {
            var list = await users.Users.OrderBy(u => u.UserName).ToListAsync(ct);
            var result = new List<object>(list.Count);
            foreach (var user in list)
            {
                result.Add(new
                {
                    name = user.UserName,
                    roles = await users.GetRolesAsync(user),
                    disabled = user.Disabled,
                    two_factor = user.TwoFactorEnabled,
                    locked_out = user.LockoutEnd > DateTimeOffset.UtcNow,
                });
            }

            return ApiEnvelope.Ok(new { users = result });
        });
        return group;
    }
}
