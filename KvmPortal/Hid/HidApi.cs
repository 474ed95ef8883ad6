using System.Text;
using KvmPortal.Api;
using KvmPortal.Audit;
using KvmPortal.Auth;
using KvmPortal.Hardware.Hid;
using KvmPortal.Hardware.Hid.Keymaps;
using Microsoft.Extensions.Options;

namespace KvmPortal.Hid;

/// <summary>PiKVM's <c>/api/hid</c> routes. State and keymaps need View; everything that sends input needs Control.</summary>
public static class HidApi
{
    /// <summary>The largest body <c>/api/hid/print</c> reads (bytes); larger bodies get 413.</summary>
    public const int MaxPrintBytes = 1024 * 1024;

    private static readonly string[] Buttons = ["left", "right", "middle", "up", "down"];

    public static RouteGroupBuilder MapHidApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/hid").AddEndpointFilter<ApiErrorFilter>().WithTags("HID");
        group.MapGet("", (IHidOutput hid, HidJiggler jiggler, IOptions<HidOptions> options) => ApiEnvelope.Ok(ApiStates.Hid(hid, jiggler, options)))
            .RequireAuthorization(Permissions.View);
        group.MapGet("/keymaps", (IOptions<HidOptions> options) => ApiEnvelope.Ok(ApiStates.Keymaps(options))).RequireAuthorization(Permissions.View);
        group.MapGet("/inactivity", (IHidOutput hid, TimeProvider time) =>
            ApiEnvelope.Ok(new { inactivity = Math.Max(0, (long)(time.GetUtcNow() - hid.LastInputAt).TotalSeconds) })).RequireAuthorization(Permissions.View);
        group.MapPost("/set_params", SetParams).RequireAuthorization(Permissions.Control)
            .AddEndpointFilter(new AuditedEndpointFilter(AuditActions.SettingsChanged, null));
        group.MapPost("/set_connected", (HttpContext context) =>
        {
            // Only MCU HIDs can disconnect logically; like PiKVM's otg backend this is accepted and does nothing.
            ApiQuery.Bool(context, "connected", true);
            return ApiEnvelope.Ok();
        }).RequireAuthorization(Permissions.Control);
        group.MapPost("/reset", (HttpContext context, InputGate gate) =>
        {
            gate.ResetAll(gate.ForRequest(context.User));
            return ApiEnvelope.Ok();
        }).RequireAuthorization(Permissions.Control);
        group.MapPost("/print", PrintAsync).RequireAuthorization(Permissions.Control)
            .AddEndpointFilter(new AuditedEndpointFilter(AuditActions.Paste, "keymap")); // the text is never recorded, only its length

        var events = group.MapGroup("/events").RequireAuthorization(Permissions.Control);
        events.MapPost("/send_key", SendKey);
        events.MapPost("/send_shortcut", SendShortcutAsync);
        events.MapPost("/send_mouse_button", SendMouseButton);
        events.MapPost("/send_mouse_move", (HttpContext context, InputGate gate) =>
        {
            var x = ApiQuery.RequiredNumber(context, "to_x", short.MinValue, short.MaxValue);
            var y = ApiQuery.RequiredNumber(context, "to_y", short.MinValue, short.MaxValue);
            var client = Allowed(gate, context);
            client.SendAbsoluteMove(ToAbsolute(x), ToAbsolute(y));
            return ApiEnvelope.Ok();
        });
        events.MapPost("/send_mouse_relative", (HttpContext context, InputGate gate) =>
        {
            var dx = ApiQuery.Number(context, "delta_x", 0, -127, 127);
            var dy = ApiQuery.Number(context, "delta_y", 0, -127, 127);
            Allowed(gate, context).SendRelativeMove(dx, dy);
            return ApiEnvelope.Ok();
        });
        events.MapPost("/send_mouse_wheel", (HttpContext context, InputGate gate) =>
        {
            var dx = ApiQuery.Number(context, "delta_x", 0, -127, 127);
            var dy = ApiQuery.Number(context, "delta_y", 0, -127, 127);
            Allowed(gate, context).SendWheel(dy, dx);
            return ApiEnvelope.Ok();
        });
        return group;
    }

    /// <summary>Maps PiKVM's −32768..32767 API range onto the absolute mouse's 0..32767.</summary>
    public static int ToAbsolute(int value) => (value + 32768) / 2;

    /// <summary>Parses a PiKVM mouse button name.</summary>
    public static bool TryButton(string? name, out MouseButtons button)
    {
        button = name?.Trim().ToLowerInvariant() switch
        {
            "left" => MouseButtons.Left,
            "right" => MouseButtons.Right,
            "middle" => MouseButtons.Middle,
            "up" => MouseButtons.Back,
            "down" => MouseButtons.Forward,
            _ => MouseButtons.None,
        };
        return button != MouseButtons.None;
    }

    /// <summary>Sends a key event PiKVM-style: without a state, press then release; with <paramref name="finish"/>, a pressed non-modifier key is released at once.</summary>
    public static bool SendKeyEvent(IHidOutput hid, string key, bool? state, bool finish)
    {
        ArgumentNullException.ThrowIfNull(hid);
        if (!HidKeyTable.TryGet(key, out var known))
        {
            return false;
        }

        if (state is false)
        {
            hid.SendKey(key, false);
            return true;
        }

        hid.SendKey(key, true);
        var modifier = known.Usage is >= 0xE0 and <= 0xE7;
        if (state is null || (finish && !modifier && key != "PrintScreen"))
        {
            hid.SendKey(key, false);
        }

        return true;
    }

    private static IResult SetParams(HttpContext context, HidJiggler jiggler)
    {
        // kvmd validates both names against its fixed lists; a valid output the backend does not offer is ignored, as kvmd's otg plugin does
        // (kvmd-vnc sends these on every connect). Our backends have one fixed keyboard and mouse output.
        if (context.Request.Query.ContainsKey("keyboard_output"))
        {
            ApiQuery.Choice(context, "keyboard_output", PikvmQuery.KeyboardOutputs);
        }

        if (context.Request.Query.ContainsKey("mouse_output"))
        {
            ApiQuery.Choice(context, "mouse_output", PikvmQuery.MouseOutputs);
        }

        if (ApiQuery.OptionalBool(context, "jiggler") is { } enabled)
        {
            jiggler.Enabled = enabled;
        }

        return ApiEnvelope.Ok();
    }

    /// <summary>The caller's REST input client, or a 409 when the gate refuses it now (exclusive control, view-only, revoked).</summary>
    private static InputClient Allowed(InputGate gate, HttpContext context)
    {
        var client = gate.ForRequest(context.User);
        return client.RefusalReason is { } reason ? throw new InputRefusedException(reason) : client;
    }

    private static IResult SendKey(HttpContext context, InputGate gate)
    {
        var key = ApiQuery.RequiredText(context, "key", 64);
        var state = ApiQuery.OptionalBool(context, "state");
        var finish = ApiQuery.Bool(context, "finish", false);
        var client = state is false ? gate.ForRequest(context.User) : Allowed(gate, context);
        return SendKeyEvent(client, key, state, finish) ? ApiEnvelope.Ok() : ApiEnvelope.Error(400, "ValidatorError", "Unknown key name");
    }

    private static async Task<IResult> SendShortcutAsync(HttpContext context, InputGate gate)
    {
        var keys = ApiQuery.RequiredText(context, "keys", 512).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (keys.Length is 0 or > 16 || keys.Any(k => !HidKeyTable.TryGet(k, out _)))
        {
            return ApiEnvelope.Error(400, "ValidatorError", "keys must be 1..16 known key names separated by commas");
        }

        await gate.SendShortcutAsync(gate.ForRequest(context.User), new HidShortcut("api", keys), context.RequestAborted);
        return ApiEnvelope.Ok();
    }

    private static IResult SendMouseButton(HttpContext context, InputGate gate)
    {
        var name = ApiQuery.RequiredText(context, "button", 16);
        if (!TryButton(name, out var button))
        {
            return ApiEnvelope.Error(400, "ValidatorError", $"button must be one of {string.Join(", ", Buttons)}");
        }

        var state = ApiQuery.OptionalBool(context, "state");
        var hid = state is false ? gate.ForRequest(context.User) : Allowed(gate, context);
        hid.SendMouseButton(button, state ?? true);
        if (state is null)
        {
            hid.SendMouseButton(button, false);
        }

        return ApiEnvelope.Ok();
    }

    private static async Task<IResult> PrintAsync(HttpContext context, InputGate gate, IOptions<HidOptions> options)
    {
        var limit = ApiQuery.Number(context, "limit", 1024, 0, int.MaxValue);
        var keymap = ApiQuery.Text(context, "keymap", 32) ?? options.Value.DefaultKeymap;
        var slow = ApiQuery.Bool(context, "slow", false);
        var delay = PikvmQuery.Real(context, "delay", slow ? 0.02 : 0, 0, 5); // kvmd: seconds before each key event, a float 0..5
        if (!KeyboardLayouts.TryGet(keymap, out _))
        {
            return ApiEnvelope.Error(400, "ValidatorError", $"Unknown keymap; available: {string.Join(", ", KeyboardLayouts.Names)}");
        }

        if (context.Request.ContentLength > MaxPrintBytes)
        {
            return ApiEnvelope.Error(413, "PayloadTooLargeError", $"The text is larger than {MaxPrintBytes} bytes");
        }

        var text = await ReadTextAsync(context.Request.Body, context.RequestAborted);
        if (text is null)
        {
            return ApiEnvelope.Error(413, "PayloadTooLargeError", $"The text is larger than {MaxPrintBytes} bytes");
        }

        if (limit > 0 && text.Length > limit)
        {
            text = text[..limit];
        }

        var untypeable = HidTyper.FindUntypeable(text, keymap);
        if (untypeable.Count > 0)
        {
            throw new UntypeableTextException(keymap, untypeable);
        }

        await gate.TypeAsync(gate.ForRequest(context.User), text, keymap, TimeSpan.FromSeconds(delay), null, context.RequestAborted);
        return ApiEnvelope.Ok();
    }

    private static async Task<string?> ReadTextAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxPrintBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            return new UTF8Encoding(false, true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            throw new ApiValidationException("The text is not valid UTF-8");
        }
    }
}
