using KvmPortal.Audit;
using KvmPortal.Settings;
using KvmPortal.Tests.Audit;
using KvmPortal.Vnc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KvmPortal.Tests.Vnc;

/// <summary>
/// ClientCutText against <see cref="VncOptions.MaxPasteLength"/> (text over the limit is cut: only the first characters are typed, and
/// the paste is audited with its length, never its text; a message over the protocol's 1 MiB bound ends the session), and keys and
/// buttons a VNC client still holds when it disconnects being released on the target.
/// </summary>
[Collection(VncTests.Name)]
public sealed class VncPasteAndReleaseTests(VncTestApp app)
{
    private const int Limit = 12;

    [Fact]
    public async Task ClientCutText_OverThePasteLimit_TypesOnlyTheFirstCharacters_AndIsAuditedWithoutTheText()
    {
        await SetPasteLimitAsync(Limit);
        try
        {
            await using var client = await ConnectAsync();
            await client.TypeAsync("\n"); // a fresh prompt line, so nothing wraps
            const string kept = "pl12345678AB";
            const string cut = "CDEFGHIJ";
            await client.CutTextAsync(kept + cut);
            await client.CutTextAsync(" done7"); // queued behind the first paste: typed right after what the first one typed
            await VncTestApp.WaitUntilAsync(() => app.Target.ScreenText.Contains(kept + " done7", StringComparison.Ordinal), "the pastes to be typed");
            Assert.DoesNotContain(cut, app.Target.ScreenText, StringComparison.Ordinal);

            var rows = (await AuditRows.OfAsync(app.Factory.Services, AuditActions.Paste)).Where(r => r.User == "otto" && r.Target == "vnc").ToList();
            Assert.Contains(rows, r => r.Details == $"VNC clipboard: typed the first {Limit} of {kept.Length + cut.Length} characters (KvmPortal:Vnc:MaxPasteLength)");
            Assert.Contains(rows, r => r.Details == "VNC clipboard: 6 characters");
            Assert.DoesNotContain(rows, r => (r.Details ?? "").Contains("pl123", StringComparison.Ordinal) || (r.Details ?? "").Contains("done", StringComparison.Ordinal));
        }
        finally
        {
            await SetPasteLimitAsync(new VncOptions().MaxPasteLength);
        }
    }

    [Fact]
    public async Task ClientCutText_LongerThanTheProtocolBound_EndsTheSession_AndNothingIsTyped()
    {
        await using var client = await ConnectAsync();
        var screen = app.Target.ScreenText;
        await client.SendRawAsync(6, 0, 0, 0, 0x00, 0x20, 0x00, 0x00); // ClientCutText announcing 2 MiB
        Assert.True(await client.IsClosedAsync(TimeSpan.FromSeconds(10)), "the session stayed open");
        await VncTestApp.WaitUntilAsync(() => app.Factory.Services.GetRequiredService<VncHost>().SessionCount == 0, "the session to end", 5);
        Assert.Equal(screen, app.Target.ScreenText);
        var rows = await AuditRows.OfAsync(app.Factory.Services, VncAuditActions.Disconnected);
        Assert.Contains(rows, r => r.User == "otto" && r.Details == "cut text of 2097152 bytes is too long");
    }

    [Fact]
    public async Task KeysAndButtonsHeldByAVncClient_AreReleasedOnTheTarget_WhenItDisconnects()
    {
        await using (var holder = await ConnectAsync())
        {
            await holder.TypeAsync("\nhold7");
            await holder.KeyAsync(0xFFE1, true); // Shift_L, never released
            await holder.KeyAsync('Q', true); // never released (with Shift down a client sends the shifted keysym)
            await holder.PointerAsync(1, 20, 20); // left button, never released
            await VncTestApp.WaitUntilAsync(() => app.Target.ScreenText.Contains("hold7Q", StringComparison.Ordinal), "the held keys to reach the target");
            await VncTestApp.WaitUntilAsync(() => (app.Target.MouseButtons & 1) != 0, "the held button to reach the target");
        }

        await VncTestApp.WaitUntilAsync(() => app.Factory.Services.GetRequiredService<VncHost>().SessionCount == 0, "the session to end", 5);
        Assert.Equal(0, (int)app.Target.MouseButtons);

        // Shift still held would type capitals; q still held would swallow the next q press.
        await using var next = await ConnectAsync();
        await next.TypeAsync("qq after");
        await VncTestApp.WaitUntilAsync(() => app.Target.ScreenText.Contains("hold7Qqq after", StringComparison.Ordinal), "the next client's keys");
    }

    private async Task<RfbTestClient> ConnectAsync()
    {
        var client = await RfbTestClient.ConnectAsync(app.Port);
        await client.StartAsync();
        Assert.True(await client.VncAuthAsync(VncTestApp.VncPasswords["otto"]), client.FailureReason);
        await client.InitAsync();
        return client;
    }

    private async Task SetPasteLimitAsync(int limit)
    {
        var settings = app.Factory.Services.GetRequiredService<SettingsService>();
        var saved = settings.SaveKeys(new SettingsKeyChange("vnc", new Dictionary<string, object> { ["KvmPortal:Vnc:MaxPasteLength"] = limit }, _ => [], false), "admin", null);
        Assert.True(saved.Succeeded, string.Join(" ", saved.Errors));
        var vnc = app.Factory.Services.GetRequiredService<IOptionsMonitor<VncOptions>>();
        await VncTestApp.WaitUntilAsync(() => vnc.CurrentValue.MaxPasteLength == limit, "the paste limit to apply");
    }
}
