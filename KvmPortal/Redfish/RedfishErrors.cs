namespace KvmPortal.Redfish;

/// <summary>Redfish's error body (DSP0266 §9.6): <c>{"error": {"code", "message", "@Message.ExtendedInfo"}}</c>.</summary>
public static class RedfishErrors
{
    public static object Body(string code, string message) => new Dictionary<string, object>
    {
        ["error"] = new Dictionary<string, object>
        {
            ["code"] = code,
            ["message"] = message,
            ["@Message.ExtendedInfo"] = new[] { new Dictionary<string, object> { ["MessageId"] = code, ["Message"] = message, ["Severity"] = "Warning" } },
        },
    };

    public static IResult Error(int status, string code, string message) => Results.Json(Body(code, message), statusCode: status);

    public static IResult BadRequest(string message) => Error(400, "Base.1.8.PropertyValueNotInList", message);
}
