using KvmPortal.Hid;

namespace KvmPortal.Tests.Hid;

public sealed class ConsolePresenceTests
{
    private static readonly DateTimeOffset Since = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);
    private readonly ConsolePresence _presence = new();

    internal static ConsoleSession Admin(string name = "alice") => new(name, "Admin", mayControl: true, isAdmin: true, "127.0.0.1", Since);

    internal static ConsoleSession Operator(string name = "oscar") => new(name, "Operator", mayControl: true, isAdmin: false, "127.0.0.1", Since);

    internal static ConsoleSession Viewer(string name = "vera") => new(name, "Viewer", mayControl: false, isAdmin: false, "127.0.0.1", Since);

    [Fact]
    public void Shared_EveryoneWithControlMaySend_ViewerNever()
    {
        var (admin, op, viewer) = (Admin(), Operator(), Viewer());
        Join(admin, op, viewer);

        Assert.Equal(ControlMode.Shared, _presence.Mode);
        Assert.True(_presence.MaySendInput(admin));
        Assert.True(_presence.MaySendInput(op));
        Assert.False(_presence.MaySendInput(viewer));
    }

    [Fact]
    public void ViewOnly_RefusesInput_UntilSwitchedBack()
    {
        var op = Operator();
        Join(op);

        _presence.SetViewOnly(op, true);
        Assert.False(_presence.MaySendInput(op));

        _presence.SetViewOnly(op, false);
        Assert.True(_presence.MaySendInput(op));
    }

    [Fact]
    public void Exclusive_OnlyTheHolderMaySend()
    {
        var (first, second, admin) = (Operator("oscar"), Operator("otto"), Admin());
        Join(first, second, admin);

        Assert.True(_presence.SetMode(first, ControlMode.Exclusive));

        Assert.Equal(first.Id, _presence.Holder?.Id);
        Assert.True(_presence.MaySendInput(first));
        Assert.False(_presence.MaySendInput(second));
        Assert.False(_presence.MaySendInput(admin));
    }

    [Fact]
    public void Exclusive_HolderInViewOnly_IsRefusedToo()
    {
        var op = Operator();
        Join(op);
        _presence.SetMode(op, ControlMode.Exclusive);

        _presence.SetViewOnly(op, true);

        Assert.False(_presence.MaySendInput(op));
    }

    [Fact]
    public void Viewer_CannotTakeControl_NorSwitchMode_NorAsk()
    {
        var viewer = Viewer();
        Join(viewer);
        var asked = 0;
        _presence.ControlRequested += (_, _) => asked++;

        Assert.False(_presence.SetMode(viewer, ControlMode.Exclusive));
        Assert.False(_presence.TakeControl(viewer));
        _presence.RequestControl(viewer);

        Assert.Equal(ControlMode.Shared, _presence.Mode);
        Assert.Null(_presence.Holder);
        Assert.Equal(0, asked);
    }

    [Fact]
    public void Operator_CannotTakeOver_ButCanAsk()
    {
        var (holder, other) = (Operator("oscar"), Operator("otto"));
        Join(holder, other);
        _presence.SetMode(holder, ControlMode.Exclusive);
        ConsoleSession? asking = null;
        _presence.ControlRequested += (_, s) => asking = s;

        Assert.False(_presence.TakeControl(other));
        Assert.False(_presence.SetMode(other, ControlMode.Shared));
        _presence.RequestControl(other);

        Assert.Equal(holder.Id, _presence.Holder?.Id);
        Assert.Equal(ControlMode.Exclusive, _presence.Mode);
        Assert.Same(other, asking);
    }

    [Fact]
    public void Admin_TakesOver_AndTheFormerHolderIsRefused()
    {
        var (op, admin) = (Operator(), Admin());
        Join(op, admin);
        _presence.SetMode(op, ControlMode.Exclusive);

        Assert.True(_presence.TakeControl(admin));

        Assert.Equal(admin.Id, _presence.Holder?.Id);
        Assert.True(_presence.MaySendInput(admin));
        Assert.False(_presence.MaySendInput(op));
    }

    [Fact]
    public void Admin_MaySwitchBackToShared_WhileAnotherHolds()
    {
        var (op, admin) = (Operator(), Admin());
        Join(op, admin);
        _presence.SetMode(op, ControlMode.Exclusive);

        Assert.True(_presence.SetMode(admin, ControlMode.Shared));

        Assert.Null(_presence.Holder);
        Assert.True(_presence.MaySendInput(op));
    }

    [Fact]
    public void Leaving_ReleasesTheHolder_AndAnotherOperatorMayTakeControl()
    {
        var (holder, other) = (Operator("oscar"), Operator("otto"));
        Join(holder, other);
        _presence.SetMode(holder, ControlMode.Exclusive);

        _presence.Leave(holder);

        Assert.Null(_presence.Holder);
        Assert.DoesNotContain(_presence.Sessions, s => s.Id == holder.Id);
        Assert.False(_presence.MaySendInput(other));
        Assert.True(_presence.TakeControl(other));
        Assert.True(_presence.MaySendInput(other));
    }

    [Fact]
    public void ReleaseControl_ByTheHolderOnly()
    {
        var (holder, other) = (Operator("oscar"), Operator("otto"));
        Join(holder, other);
        _presence.SetMode(holder, ControlMode.Exclusive);

        _presence.ReleaseControl(other);
        Assert.Equal(holder.Id, _presence.Holder?.Id);

        _presence.ReleaseControl(holder);
        Assert.Null(_presence.Holder);
        Assert.Equal(ControlMode.Exclusive, _presence.Mode);
    }

    [Fact]
    public void Changed_IsRaised_ForJoinLeaveModeAndViewOnly()
    {
        var op = Operator();
        var changes = 0;
        _presence.Changed += (_, _) => changes++;

        _presence.Join(op);
        _presence.SetMode(op, ControlMode.Exclusive);
        _presence.SetViewOnly(op, true);
        _presence.Leave(op);

        Assert.Equal(4, changes);
    }

    private void Join(params ConsoleSession[] sessions)
    {
        foreach (var s in sessions)
        {
            _presence.Join(s);
        }
    }
}
