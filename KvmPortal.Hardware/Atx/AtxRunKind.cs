namespace KvmPortal.Hardware.Atx;

/// <summary>What the exclusive ATX region is running, for deciding whether a forced power-off may take it over.</summary>
internal enum AtxRunKind
{
    /// <summary>A short power click or a reset click (waited out by a forced power-off).</summary>
    Click,

    /// <summary>A long power click: the forced power-off itself (a second one joins it).</summary>
    ForceOff,

    /// <summary>A power cycle (cancelled by a forced power-off, since it would switch the host on again).</summary>
    Cycle,
}
