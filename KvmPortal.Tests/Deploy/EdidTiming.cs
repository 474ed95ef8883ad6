namespace KvmPortal.Tests.Deploy;

/// <summary>One detailed timing descriptor: active size, pixel clock (Hz) and the refresh rate that follows from them.</summary>
public sealed record EdidTiming(int Width, int Height, long PixelClock, double RefreshHz);
