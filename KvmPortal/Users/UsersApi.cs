using System.Security.Claims;
using KvmPortal.Api;
using KvmPortal.Auth;
using KvmPortal.Data;
using Microsoft.AspNetCore.Identity;

namespace KvmPortal.Users;

/// <summary><c>/api/users</c>: KvmPortal's addition to the PiKVM API surface, Admin only: list, create, disable, delete, unlock.</summary>
public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/users").RequireAuthorization(Permissions.Admin).AddEndpointFilter<ApiErrorFilter>().WithTags("Users");
        group.MapGet("", async (UserAdministration admin, CancellationToken ct) =>
        {
            var list = await admin.ListAsync(ct);
            return ApiEnvelope.Ok(new
            {
                users = list.Select(u => new { name = u.Name, roles = u.Roles, disabled = u.Disabled, two_factor = u.TwoFactor, locked_out = u.LockedOut }),
            });
        });
        // Successes are audited by UserAdministration (with the acting admin and address); refusals (invalid input, no such user) here.
        group.MapPost("/create", CreateAsync).AddEndpointFilter(new Audit.AuditedEndpointFilter(Audit.AuditActions.UserCreated, "name", failuresOnly: true));
        group.MapPost("/disable", DisableAsync).AddEndpointFilter(new Audit.AuditedEndpointFilter(Audit.AuditActions.UserDisabled, "name", failuresOnly: true));
        group.MapPost("/delete", DeleteAsync).AddEndpointFilter(new Audit.AuditedEndpointFilter(Audit.AuditActions.UserDeleted, "name", failuresOnly: true));
        group.MapPost("/unlock", async (HttpContext context, UserAdministration admin, CancellationToken ct) =>
        {
            var errors = await admin.UnlockAsync(ApiQuery.RequiredText(context, "name", 64), Actor(context), ct);
            return errors.Count == 0 ? ApiEnvelope.Ok() : ApiEnvelope.Error(404, "UserNotFoundError", "No such user");
        }).AddEndpointFilter(new Audit.AuditedEndpointFilter(Audit.AuditActions.UserUnlocked, "name", failuresOnly: true));
        return group;
    }

    private static async Task<IResult> CreateAsync(HttpContext context, UserAdministration admin)
    {
        var name = ApiQuery.RequiredText(context, "name", 64);
        var role = ApiQuery.Choice(context, "role", Roles.All);
        if (!context.Request.HasFormContentType)
        {
            throw new ApiValidationException("Send the password as the form field passwd");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var password = form["passwd"].ToString();
        if (password.Length == 0 || form["passwd"].Count != 1)
        {
            throw new ApiValidationException("Missing form field 'passwd'");
        }

        var errors = await admin.CreateAsync(name, password, role, context.RequestAborted, Actor(context));
        return errors.Count == 0
            ? ApiEnvelope.Ok()
            : ApiEnvelope.Error(errors.Any(e => e.Contains("already taken", StringComparison.OrdinalIgnoreCase)) ? 409 : 400, "UserError", string.Join(" ", errors));
    }

    private static async Task<IResult> DisableAsync(HttpContext context, UserManager<ApplicationUser> users, UserAdministration admin, CancellationToken ct)
    {
        var name = ApiQuery.RequiredText(context, "name", 64);
        var disabled = ApiQuery.Bool(context, "disabled", true);
        var user = await users.FindByNameAsync(name);
        if (user is null)
        {
            return ApiEnvelope.Error(404, "UserNotFoundError", "No such user");
        }

        if (user.Id == context.User.FindFirstValue(ClaimTypes.NameIdentifier))
        {
            return ApiEnvelope.Error(409, "UserError", "You cannot disable yourself");
        }

        // Through the administration service: audited, and a disabled user's live streams, input and API access end at once.
        var actor = new Audit.AuditActor(context.User.Identity?.Name, context.Connection.RemoteIpAddress?.ToString());
        var errors = await admin.SetDisabledAsync(name, disabled, actor, ct);
        return errors.Count == 0 ? ApiEnvelope.Ok() : Refused(context, errors);
    }

    /// <summary>A refusal from the administration service, which has audited it with its reason: the filter adds no second row.</summary>
    private static IResult Refused(HttpContext context, IReadOnlyList<string> errors)
    {
        context.Items[Audit.AuditedEndpointFilter.AlreadyAudited] = true;
        return ApiEnvelope.Error(400, "UserError", string.Join(" ", errors));
    }

    private static Audit.AuditActor Actor(HttpContext context) => new(context.User.Identity?.Name, context.Connection.RemoteIpAddress?.ToString());

    private static async Task<IResult> DeleteAsync(HttpContext context, UserManager<ApplicationUser> users, UserAdministration admin, CancellationToken ct)
    {
        var name = ApiQuery.RequiredText(context, "name", 64);
        var user = await users.FindByNameAsync(name);
        if (user is null)
        {
            return ApiEnvelope.Error(404, "UserNotFoundError", "No such user");
        }

        if (user.Id == context.User.FindFirstValue(ClaimTypes.NameIdentifier))
        {
            return ApiEnvelope.Error(409, "UserError", "You cannot delete yourself");
        }

        // Audited, and the user's live channels end at once (the user manager's revocation hook).
        var errors = await admin.DeleteAsync(name, Actor(context), ct);
        return errors.Count == 0 ? ApiEnvelope.Ok() : Refused(context, errors);
    }
}
