using KvmPortal.Hardware.Atx;
using KvmPortal.Hardware.Hid;
using KvmPortal.Hardware.Msd;
using KvmPortal.Hardware.Wol;

namespace KvmPortal.Api;

/// <summary>Turns the hardware layer's refusals into PiKVM's error envelope with the right status code.</summary>
public sealed class ApiErrorFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            return await next(context);
        }
        catch (Exception ex) when (Map(ex) is { } result && !context.HttpContext.Response.HasStarted)
        {
            return result;
        }
    }

    /// <summary>Maps a known exception to an error result; null for unexpected ones (those stay 500 and are logged by the host).</summary>
    public static IResult? Map(Exception exception) => exception switch
    {
        IApiError e => ApiEnvelope.Error(e.StatusCode, e.ErrorName, exception.Message),
        AtxBusyException e => ApiEnvelope.Error(409, "IsBusyError", e.Message),
        AtxDisabledException e => ApiEnvelope.Error(503, "AtxDisabledError", e.Message),
        WolDisabledException e => ApiEnvelope.Error(503, "WolDisabledError", e.Message),
        MsdException { Code: MsdErrorCode.AlreadyExists } e => ApiEnvelope.Error(400, "MsdImageExistsError", e.Message), // kvmd's name and status
        MsdException e => ApiEnvelope.Error(e.HttpStatusCode, "Msd" + e.Code + "Error", e.Message),
        UntypeableTextException e => ApiEnvelope.Error(400, "UntypeableTextError", e.Message + " Characters: " + string.Join(' ', e.Characters.Select(Describe))),
        ApiValidationException e => ApiEnvelope.Error(400, "ValidatorError", e.Message),
        BadHttpRequestException e => ApiEnvelope.Error(e.StatusCode is >= 400 and < 500 ? e.StatusCode : 400, "BadRequestError", e.Message),
        InvalidDataException e => ApiEnvelope.Error(400, "BadRequestError", e.Message),
        _ => null,
    };

    private static string Describe(string character) =>
        character.Length == 1 && char.IsControl(character[0]) ? $"U+{(int)character[0]:X4}" : character;
}
