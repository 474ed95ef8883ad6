using Bunit;
using KvmPortal.Atx;
using KvmPortal.Audit;
using KvmPortal.Auth;
using KvmPortal.Hardware.Atx;
using KvmPortal.Hardware.Hid;
using KvmPortal.Hardware.Msd;
using KvmPortal.Hardware.Simulation;
using KvmPortal.Hid;
using KvmPortal.Msd;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace KvmPortal.Tests.Audit;

/// <summary>Power and paste rows, written by the console's own panels (rendered with bUnit on the real app's hardware services).</summary>
public sealed class ConsolePanelAuditTests : KvmBunitContext
{
    private readonly KvmAppFactory _app = new KvmAppFactory().Start();

    public ConsolePanelAuditTests()
    {
        var app = _app.Services;
        Services.AddSingleton(app.GetRequiredService<IAtxPower>());
        Services.AddSingleton(app.GetRequiredService<IAuditLog>());
        Services.AddSingleton(app.GetRequiredService<IHidOutput>());
        Services.AddSingleton(app.GetRequiredService<HidJiggler>());
        Services.AddSingleton(app.GetRequiredService<KvmPortal.Hid.InputGate>());
        Services.AddSingleton(app.GetRequiredService<ConsolePresence>());
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton(app.GetRequiredService<IMassStorage>());
        Services.AddSingleton(app.GetRequiredService<ImageLibrary>());
        Services.AddHttpContextAccessor();
        Services.AddScoped<AuditContext>();
        Services.AddScoped<KvmPortal.Msd.MediaActions>();
        var auth = AddAuthorization();
        auth.SetAuthorized("oscar");
        auth.SetPolicies([.. Roles.PermissionsOf(Roles.Operator)]);
    }

    [Fact]
    public async Task PowerButton_WritesOnePowerRow()
    {
        var panel = RenderInteractive<PowerPanel>();
        await panel.Find("[data-testid=power-on]").ClickAsync(new());

        var row = await AuditRows.SingleAsync(_app.Services, AuditActions.Power);
        Assert.Equal(("oscar", "On", AuditOutcome.Success), (row.User, row.Target, row.Outcome));
    }

    [Fact]
    public async Task Paste_WritesOneRow_WithTheLengthOnly()
    {
        var target = _app.Services.GetRequiredService<SimulatedTarget>();
        target.SetPowerButton(true);
        target.SetPowerButton(false);
        var presence = _app.Services.GetRequiredService<ConsolePresence>();
        var session = new ConsoleSession("oscar", Roles.Operator, mayControl: true, isAdmin: false, null, DateTimeOffset.UtcNow);
        presence.Join(session);
        var secret = "pw-" + TestPasswords.New();

        var client = _app.Services.GetRequiredService<KvmPortal.Hid.InputGate>().OpenConsole(session);
        var panel = RenderInteractive<InputPanel>(p => p.Add(x => x.Session, session).AddCascadingValue(client));
        await panel.Find("#paste-text").InputAsync(new() { Value = secret });
        await panel.Find("[data-testid=paste]").ClickAsync(new());

        var row = await AuditRows.SingleAsync(_app.Services, AuditActions.Paste);
        Assert.Equal(("oscar", $"{secret.Length} characters"), (row.User, row.Details));
        Assert.DoesNotContain(secret, $"{row.Target} {row.Details}", StringComparison.Ordinal);
    }

    [Fact]
    public async Task MediaAttachAndDetach_WriteOneRowEach()
    {
        _app.Services.GetRequiredService<ImageLibrary>().CreateEmpty("disk.img", 1 << 20);
        var panel = RenderInteractive<MediaPanel>();
        await panel.Find("[data-name='disk.img'] [data-testid=attach-flash]").ClickAsync(new());
        panel.WaitForAssertion(() => Assert.True(_app.Services.GetRequiredService<IMassStorage>().State.Connected), TimeSpan.FromSeconds(10));
        await panel.Find("[data-testid=detach]").ClickAsync(new());

        var attach = await AuditRows.SingleAsync(_app.Services, AuditActions.MediaAttach);
        Assert.Equal(("oscar", "disk.img", "Flash"), (attach.User, attach.Target, attach.Details));
        Assert.Equal("oscar", (await AuditRows.SingleAsync(_app.Services, AuditActions.MediaDetach)).User);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _app.Dispose();
        }
    }
}
