namespace KvmPortal.Vnc;

/// <summary>
/// The <c>KvmPortal:Vnc</c> section: the built-in RFB 3.8 (VNC) server. Off by default; when on it listens on TCP <see cref="Port"/> on
/// the web server's addresses (or <see cref="BindAddress"/>).
/// </summary>
public sealed class VncOptions
{
    public const string SectionName = "KvmPortal:Vnc";

    /// <summary>Gets or sets a value indicating whether the VNC server runs.</summary>
    public bool Enabled { get; set; }

    /// <summary>Gets or sets the TCP port (5900 is display :0; 0 = any free port, for tests).</summary>
    public int Port { get; set; } = 5900;

    /// <summary>Gets or sets the address to listen on; empty = the addresses the web server listens on.</summary>
    public string BindAddress { get; set; } = "";

    /// <summary>
    /// Gets or sets a value indicating whether classic VNC Authentication (DES challenge, 8-character password) is offered, checked
    /// against each user's separate VNC password. Weak: only for clients that cannot do VeNCrypt.
    /// </summary>
    public bool AllowClassicAuth { get; set; }

    /// <summary>Gets or sets the most VNC connections at a time (over TCP and WebSocket together).</summary>
    public int MaxConnections { get; set; } = 16;

    /// <summary>Gets or sets the most characters one ClientCutText types into the target (longer text is cut).</summary>
    public int MaxPasteLength { get; set; } = 1024;

    /// <summary>Gets or sets the tile edge used to find changed rectangles (pixels).</summary>
    public int TileSize { get; set; } = 32;
}
