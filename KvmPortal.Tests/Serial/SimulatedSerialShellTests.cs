using System.Text;
using KvmPortal.Hardware.Serial;
using KvmPortal.Tests.Support;

namespace KvmPortal.Tests.Serial;

/// <summary>The simulated target's serial getty and shell, byte for byte as a terminal sends them.</summary>
public sealed class SimulatedSerialShellTests
{
    private readonly StringBuilder _out = new();
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 12, 5, 1, 0, 0, TimeSpan.Zero));
    private readonly SimulatedSerialShell _shell;

    public SimulatedSerialShellTests() => _shell = new SimulatedSerialShell("sim-target", _time, b => _out.Append(Encoding.UTF8.GetString(b)));

    [Fact]
    public void Boot_PrintsTheKernelLog_AndALoginPrompt()
    {
        _shell.Boot();
        Assert.Contains("console=ttyS0,115200n8", Output(), StringComparison.Ordinal);
        Assert.EndsWith("sim-target login: ", Output(), StringComparison.Ordinal);
    }

    [Fact]
    public void Login_DoesNotEchoThePassword_ThenCommandsRun()
    {
        _shell.Boot();
        Send("root\r");
        Assert.EndsWith("root\r\nPassword: ", Output(), StringComparison.Ordinal);
        Send("hunter2\r");
        Assert.DoesNotContain("hunter2", Output(), StringComparison.Ordinal);
        Assert.True(_shell.LoggedIn);
        Assert.EndsWith("root@sim-target:~$ ", Output(), StringComparison.Ordinal);

        Send("uname -a\r");
        Assert.EndsWith("uname -a\r\nLinux sim-target 6.1.0-sim #1 SMP PREEMPT_DYNAMIC KvmPortal simulated x86_64 GNU/Linux\r\nroot@sim-target:~$ ", Output(), StringComparison.Ordinal);
        Send("echo héllo wörld\r\n");
        Assert.EndsWith("\r\nhéllo wörld\r\nroot@sim-target:~$ ", Output(), StringComparison.Ordinal);
        Send("date\r");
        Assert.Contains("Sat Dec 5 01:00:00 UTC 2026", Output(), StringComparison.Ordinal);
        Send("frobnicate\r");
        Assert.Contains("-bash: frobnicate: command not found", Output(), StringComparison.Ordinal);
        Send("exit\r");
        Assert.EndsWith("logout\r\n\r\nsim-target login: ", Output(), StringComparison.Ordinal);
        Assert.False(_shell.LoggedIn);
    }

    [Fact]
    public void LineEditing_Backspace_CtrlC_AndArrowKeys()
    {
        LogIn();
        Send("echo ab\u00e9\x7f\x7fX\r");
        Assert.EndsWith("\r\naX\r\nroot@sim-target:~$ ", Output(), StringComparison.Ordinal);
        Send("echo \x1b[A\x1bOBz\r");
        Assert.EndsWith("\r\nz\r\nroot@sim-target:~$ ", Output(), StringComparison.Ordinal);
        Send("sleep 100\x03");
        Assert.EndsWith("sleep 100^C\r\nroot@sim-target:~$ ", Output(), StringComparison.Ordinal);
    }

    [Fact]
    public void PoweredOff_IgnoresInput_AndBreakAnswersWithSysRq()
    {
        LogIn();
        _shell.Break();
        Assert.Contains("sysrq: HELP", Output(), StringComparison.Ordinal);
        _shell.PowerOff();
        _out.Clear();
        Send("echo nobody\r");
        _shell.Break();
        Assert.Equal("", Output());
    }

    private void LogIn()
    {
        _shell.Boot();
        Send("root\rpw\r");
        Assert.True(_shell.LoggedIn);
    }

    private void Send(string text) => _shell.Receive(Encoding.UTF8.GetBytes(text));

    private string Output() => _out.ToString();
}
