namespace KvmPortal.Macros;

/// <summary>What a macro step does. Key and mouse steps need Control, power steps need Power.</summary>
public enum MacroStepKind
{
    Delay = 0,
    Key = 1,
    MouseButton = 2,
    MouseMove = 3,
    MouseRelative = 4,
    Wheel = 5,
    Power = 6,
}
