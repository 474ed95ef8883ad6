using System.Text.Json;

namespace KvmPortal.Api;

/// <summary>Turns an API error response (PiKVM's envelope) into a sentence for a person; never shows raw JSON.</summary>
public static class ApiErrorText
{
    public static string Describe(int status, string? body)
    {
        if (status == 0)
        {
            return "the connection to KvmPortal was lost; check the network and try again.";
        }

        try
        {
            using var document = JsonDocument.Parse(body ?? "");
            if (document.RootElement.TryGetProperty("result", out var result) && result.ValueKind == JsonValueKind.Object &&
                result.TryGetProperty("error_msg", out var message) && message.ValueKind == JsonValueKind.String)
            {
                return message.GetString() ?? $"the server answered {status}.";
            }
        }
        catch (JsonException)
        {
            // Not the envelope: fall through to the status.
        }

        return status switch
        {
            401 or 403 => "you are not allowed to upload images (or you were signed out).",
            413 => "the image is larger than the server accepts.",
            507 => "the disk holding the images is full; delete an image and try again.",
            _ => $"the server answered {status}.",
        };
    }
}
