using KvmPortal.Auth;
using KvmPortal.Hardware.Hid;
using KvmPortal.Hid;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KvmPortal.Tests.Support;

/// <summary>A real <see cref="InputGate"/> over a test HID output, for unit tests of the doors.</summary>
internal static class TestInputGate
{
    public static InputGate For(IHidOutput hid, ConsolePresence? presence = null, SessionRevocation? revocation = null, TimeProvider? time = null) =>
        new(hid, presence ?? new ConsolePresence(), revocation ?? new SessionRevocation(), time ?? TimeProvider.System,
            Options.Create(new HidOptions { PasteKeyDelayMs = 1 }), NullLoggerFactory.Instance);
}
