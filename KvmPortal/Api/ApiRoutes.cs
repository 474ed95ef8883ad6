namespace KvmPortal.Api;

/// <summary>Maps every REST group.</summary>
public static class ApiRoutes
{
    public static IEndpointRouteBuilder MapKvmApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapAuthApi();
        endpoints.MapUsersApi();
        return endpoints;
    }
}
