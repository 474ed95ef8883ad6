using System.Text;

namespace KvmPortal.Api;

/// <summary>Reads a small secret sent as the whole request body (a protocol password), bounded, strict UTF-8, buffer cleared after.</summary>
public static class SecretBody
{
    /// <summary>Reads at most <paramref name="maxBytes"/> bytes; one trailing newline is dropped. <paramref name="what"/> names the secret in errors.</summary>
    public static async Task<string> ReadAsync(HttpContext context, int maxBytes, string what)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request.ContentLength > maxBytes)
        {
            throw new ApiValidationException($"Send only the {what} as the body");
        }

        var buffer = new byte[maxBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await context.Request.Body.ReadAsync(buffer.AsMemory(length), context.RequestAborted)) > 0)
        {
            length += read;
        }

        if (length > maxBytes)
        {
            throw new ApiValidationException($"Send only the {what} as the body");
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(buffer, 0, length);
        }
        catch (DecoderFallbackException)
        {
            throw new ApiValidationException($"The {what} must be printable ASCII.");
        }
        finally
        {
            Array.Clear(buffer);
        }

        return text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;
    }
}
