namespace KvmPortal.Hid;

/// <summary>The ways keyboard and mouse input reaches the target; every one goes through <see cref="InputGate"/>.</summary>
public enum InputDoor
{
    /// <summary>The web console (its Blazor circuit: keys, mouse, paste, shortcuts, on-screen keyboard).</summary>
    Console,

    /// <summary>PiKVM's <c>/api/ws</c> JSON and binary input events.</summary>
    WebSocket,

    /// <summary>The REST routes under <c>/api/hid</c>.</summary>
    Rest,

    /// <summary>A macro run that was not started from a console.</summary>
    Macro,

    /// <summary>A VNC client.</summary>
    Vnc,

    /// <summary>IPMI (serial-over-LAN or chassis input).</summary>
    Ipmi,

    /// <summary>A serial console terminal (input goes to a serial port, not the HID; the same rules decide who may type).</summary>
    Serial,
}
