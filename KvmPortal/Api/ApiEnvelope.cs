namespace KvmPortal.Api;

/// <summary>PiKVM's response envelope: <c>{"ok": true, "result": …}</c>, errors as <c>{"ok": false, "result": {"error": …, "error_msg": …}}</c>.</summary>
public static class ApiEnvelope
{
    public static IResult Ok(object? result = null) => Results.Json(new { ok = true, result = result ?? new { } });

    public static IResult Error(int status, string error, string message) =>
        Results.Json(new { ok = false, result = new { error, error_msg = message } }, statusCode: status);
}
