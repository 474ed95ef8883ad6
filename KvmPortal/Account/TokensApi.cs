using System.Security.Claims;
using KvmPortal.Api;
using KvmPortal.Audit;
using KvmPortal.Auth;
using KvmPortal.Data;

namespace KvmPortal.Account;

/// <summary>
/// <c>/api/tokens</c>: the caller's personal API tokens. Create (the token text is returned once), list, revoke. A token cannot be used to
/// create tokens; it can only carry permissions its owner holds, and at each use it is limited to the owner's current permissions.
/// </summary>
public static class TokensApi
{
    public static RouteGroupBuilder MapTokensApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/tokens").RequireAuthorization().AddEndpointFilter<ApiErrorFilter>().WithTags("Tokens");
        group.MapGet("", async (HttpContext context, ApiTokenService tokens) =>
        {
            var list = await tokens.ListAsync(UserId(context), context.RequestAborted);
            return ApiEnvelope.Ok(new { tokens = list.Select(Describe) });
        });
        group.MapPost("/create", CreateAsync).AddEndpointFilter(new AuditedEndpointFilter(AuditActions.ApiTokenCreated, "name"));
        group.MapPost("/revoke", async (HttpContext context, ApiTokenService tokens) =>
        {
            var id = ApiQuery.RequiredText(context, "id", 32);
            return await tokens.RevokeAsync(UserId(context), id, context.RequestAborted)
                ? ApiEnvelope.Ok()
                : ApiEnvelope.Error(404, "TokenNotFoundError", "No such token");
        });
        return group;
    }

    private static async Task<IResult> CreateAsync(HttpContext context, ApiTokenService tokens, TimeProvider time)
    {
        if (context.User.HasClaim(c => c.Type == KvmHeadersAuthenticationHandler.TokenClaim))
        {
            return ApiEnvelope.Error(403, "ForbiddenError", "A token cannot create tokens; sign in with a password");
        }

        var name = ApiQuery.RequiredText(context, "name", 100).Trim();
        if (name.Length == 0 || name.Any(char.IsControl))
        {
            throw new ApiValidationException("name must be a non-empty label without control characters");
        }

        var permissions = ApiTokenService.ParsePermissions(ApiQuery.RequiredText(context, "permissions", 200));
        var missing = permissions.Where(p => !context.User.HasClaim(Permissions.ClaimType, p)).ToList();
        if (missing.Count > 0)
        {
            return ApiEnvelope.Error(403, "ForbiddenError", $"You do not hold: {string.Join(", ", missing)}");
        }

        var days = ApiQuery.Number(context, "expires_days", 90, 0, 3650);
        var (row, secret) = await tokens.CreateAsync(UserId(context), name, permissions, days == 0 ? null : time.GetUtcNow().AddDays(days), context.RequestAborted);
        return ApiEnvelope.Ok(new { token = secret, info = Describe(row) });
    }

    private static string UserId(HttpContext context) =>
        context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Authenticated caller without a user id");

    private static object Describe(ApiToken t) => new
    {
        id = t.Id,
        name = t.Name,
        permissions = t.Permissions.Split(','),
        created = new DateTimeOffset(t.CreatedTicks, TimeSpan.Zero),
        expires = t.ExpiresTicks is { } e ? new DateTimeOffset(e, TimeSpan.Zero) : (DateTimeOffset?)null,
        last_used = t.LastUsedTicks is { } u ? new DateTimeOffset(u, TimeSpan.Zero) : (DateTimeOffset?)null,
        revoked = t.Revoked,
    };
}
