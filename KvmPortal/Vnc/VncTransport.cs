namespace KvmPortal.Vnc;

/// <summary>How a VNC client reached the server.</summary>
public enum VncTransport
{
    /// <summary>The TCP port (VeNCrypt with TLS inside the RFB stream).</summary>
    Tcp,

    /// <summary>The web server's <c>/vnc/websockify</c> WebSocket (noVNC), already authorised by the portal cookie.</summary>
    WebSocket,
}
