using System.Globalization;
using System.Text;

namespace KvmPortal.Hardware.Serial;

/// <summary>
/// The simulated target's serial getty: a login prompt (any user name, any password), then a tiny shell with <c>help</c>, <c>uname</c>,
/// <c>echo</c>, <c>date</c>, <c>whoami</c>, <c>hostname</c>, <c>uptime</c>, <c>clear</c> and <c>exit</c>. Line editing as a tty in
/// canonical mode: echo, backspace (whole UTF-8 characters), Ctrl-C, Ctrl-D, CR or LF ends a line; escape sequences (arrow keys) are
/// swallowed. Output uses CRLF. Not thread-safe: the owner serialises calls.
/// </summary>
public sealed class SimulatedSerialShell(string hostName, TimeProvider time, Action<byte[]> output)
{
    private const string Kernel = "6.1.0-sim #1 SMP PREEMPT_DYNAMIC KvmPortal simulated x86_64 GNU/Linux";
    private const int MaxLine = 1024;
    private readonly List<byte> _line = [];
    private ShellMode _mode = ShellMode.Off;
    private string _user = "";
    private DateTimeOffset _bootedAt = time.GetUtcNow();
    private int _escape;
    private bool _lastWasCr;

    private enum ShellMode
    {
        Off,
        Login,
        Password,
        Shell,
    }

    /// <summary>Gets a value indicating whether a user is logged in.</summary>
    public bool LoggedIn => _mode == ShellMode.Shell;

    /// <summary>Prints a boot log and the login prompt (a power-on or reset of the target).</summary>
    public void Boot()
    {
        _bootedAt = time.GetUtcNow();
        _line.Clear();
        _escape = 0;
        Write("\r\nKvmPortal Simulated BIOS 1.0 -- serial console redirection on COM1 115200 8N1\r\n");
        Write("[    0.000000] Linux version 6.1.0-sim (KvmPortal simulated target) #1 SMP PREEMPT_DYNAMIC\r\n");
        Write("[    0.000000] Command line: BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro console=tty0 console=ttyS0,115200n8\r\n");
        Write("[    0.412345] serial8250: ttyS0 at I/O 0x3f8 (irq = 4, base_baud = 115200) is a 16550A\r\n");
        Write("[    1.234567] systemd[1]: Started serial-getty@ttyS0.service - Serial Getty on ttyS0.\r\n");
        Write($"\r\nDebian GNU/Linux 12 {hostName} ttyS0\r\n\r\n");
        PromptLogin();
    }

    /// <summary>The target lost power: the shell goes silent until the next <see cref="Boot"/>.</summary>
    public void PowerOff()
    {
        _mode = ShellMode.Off;
        _line.Clear();
    }

    /// <summary>A break on the line: the kernel's magic SysRq answer.</summary>
    public void Break()
    {
        if (_mode == ShellMode.Off)
        {
            return;
        }

        Write("\r\n[  sysrq] sysrq: HELP : loglevel(0-9) reboot(b) crash(c) show-all-locks(d) terminate-all-tasks(e) sync(s)\r\n");
        _line.Clear();
        Prompt();
    }

    /// <summary>Feeds input bytes as the tty receives them.</summary>
    public void Receive(ReadOnlySpan<byte> input)
    {
        foreach (var b in input)
        {
            if (_mode == ShellMode.Off)
            {
                return;
            }

            ReceiveByte(b);
        }
    }

    private void ReceiveByte(byte b)
    {
        if (_escape > 0)
        {
            // ESC [ params final: swallow until the final byte (0x40-0x7e) of a CSI, or the byte after a plain ESC.
            _escape = _escape == 1 && (b == (byte)'[' || b == (byte)'O') ? 2 : (_escape == 2 && b is < 0x40 or > 0x7e ? 2 : 0);
            return;
        }

        var wasCr = _lastWasCr;
        _lastWasCr = b == (byte)'\r';
        switch (b)
        {
            case 0x1b:
                _escape = 1;
                return;
            case (byte)'\n' when wasCr:
                return;
            case (byte)'\r' or (byte)'\n':
                Write("\r\n");
                Enter();
                return;
            case 0x03:
                Write("^C\r\n");
                _line.Clear();
                Prompt();
                return;
            case 0x04 when _line.Count == 0:
                if (_mode == ShellMode.Shell)
                {
                    Write("logout\r\n\r\n");
                    PromptLogin();
                }

                return;
            case 0x7f or 0x08:
                Backspace();
                return;
            case < 0x20 and not (byte)'\t':
                return;
        }

        if (_line.Count >= MaxLine)
        {
            return;
        }

        _line.Add(b);
        if (_mode != ShellMode.Password)
        {
            WriteBytes([b]);
        }
    }

    private void Backspace()
    {
        if (_line.Count == 0)
        {
            return;
        }

        // Remove one UTF-8 character: continuation bytes (10xxxxxx) and their lead byte.
        while (_line.Count > 0 && (_line[^1] & 0xC0) == 0x80)
        {
            _line.RemoveAt(_line.Count - 1);
        }

        if (_line.Count > 0)
        {
            _line.RemoveAt(_line.Count - 1);
        }

        if (_mode != ShellMode.Password)
        {
            Write("\b \b");
        }
    }

    private void Enter()
    {
        var text = Encoding.UTF8.GetString([.. _line]);
        _line.Clear();
        switch (_mode)
        {
            case ShellMode.Login:
                _user = text.Trim();
                if (_user.Length == 0)
                {
                    PromptLogin();
                    return;
                }

                _mode = ShellMode.Password;
                Write("Password: ");
                return;
            case ShellMode.Password:
                _mode = ShellMode.Shell;
                Write($"Linux {hostName} 6.1.0-sim #1 SMP PREEMPT_DYNAMIC x86_64\r\n\r\nThis is KvmPortal's simulated target. Type 'help'.\r\n");
                Prompt();
                return;
            case ShellMode.Shell:
                Run(text.Trim());
                return;
        }
    }

    private void Run(string command)
    {
        var space = command.IndexOf(' ', StringComparison.Ordinal);
        var name = space < 0 ? command : command[..space];
        var args = space < 0 ? "" : command[(space + 1)..].Trim();
        switch (name)
        {
            case "":
                break;
            case "help":
                Write("Commands: help, uname [-a], echo TEXT, date, whoami, hostname, uptime, clear, exit\r\n");
                break;
            case "uname":
                Write((args == "-a" ? $"Linux {hostName} {Kernel}" : "Linux") + "\r\n");
                break;
            case "echo":
                Write(args + "\r\n");
                break;
            case "date":
                Write(time.GetUtcNow().ToString("ddd MMM d HH:mm:ss 'UTC' yyyy", CultureInfo.InvariantCulture) + "\r\n");
                break;
            case "whoami":
                Write(_user + "\r\n");
                break;
            case "hostname":
                Write(hostName + "\r\n");
                break;
            case "uptime":
                var up = time.GetUtcNow() - _bootedAt;
                Write(string.Create(CultureInfo.InvariantCulture, $"up {(int)up.TotalMinutes} min, {up.Seconds} s, 1 user\r\n"));
                break;
            case "clear":
                Write("\x1b[H\x1b[2J");
                break;
            case "exit" or "logout":
                Write("logout\r\n\r\n");
                PromptLogin();
                return;
            default:
                Write($"-bash: {name}: command not found\r\n");
                break;
        }

        Prompt();
    }

    private void PromptLogin()
    {
        _mode = ShellMode.Login;
        _user = "";
        Write($"{hostName} login: ");
    }

    private void Prompt()
    {
        switch (_mode)
        {
            case ShellMode.Login:
                Write($"{hostName} login: ");
                break;
            case ShellMode.Password:
                _mode = ShellMode.Login;
                Write($"{hostName} login: ");
                break;
            case ShellMode.Shell:
                Write($"{_user}@{hostName}:~$ ");
                break;
        }
    }

    private void Write(string text) => output(Encoding.UTF8.GetBytes(text));

    private void WriteBytes(byte[] bytes) => output(bytes);
}
