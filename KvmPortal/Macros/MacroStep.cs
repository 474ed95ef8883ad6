using System.Text.Json.Serialization;

namespace KvmPortal.Macros;

/// <summary>
/// One step: <see cref="Kind"/> says which fields matter. Key: <see cref="Code"/> (KeyboardEvent.code) and <see cref="Pressed"/>;
/// MouseButton: <see cref="Button"/> (left, right, middle, back, forward) and <see cref="Pressed"/>; MouseMove: absolute
/// <see cref="X"/>, <see cref="Y"/> in 0..32767; MouseRelative and Wheel: <see cref="X"/>, <see cref="Y"/> as deltas (wheel: Y vertical);
/// Delay: <see cref="Milliseconds"/>; Power: <see cref="Code"/> is an AtxPowerAction name (On, Off, OffHard, ResetHard).
/// </summary>
public sealed record MacroStep
{
    [JsonConverter(typeof(JsonStringEnumConverter<MacroStepKind>))]
    public MacroStepKind Kind { get; init; }

    public string? Code { get; init; }

    public bool Pressed { get; init; }

    public string? Button { get; init; }

    public int X { get; init; }

    public int Y { get; init; }

    public int Milliseconds { get; init; }

    public static MacroStep Delay(int ms) => new() { Kind = MacroStepKind.Delay, Milliseconds = ms };

    public static MacroStep Key(string code, bool pressed) => new() { Kind = MacroStepKind.Key, Code = code, Pressed = pressed };

    public override string ToString() => Kind switch
    {
        MacroStepKind.Delay => $"wait {Milliseconds} ms",
        MacroStepKind.Key => $"{Code} {(Pressed ? "down" : "up")}",
        MacroStepKind.MouseButton => $"{Button} button {(Pressed ? "down" : "up")}",
        MacroStepKind.MouseMove => $"move to {X}, {Y}",
        MacroStepKind.MouseRelative => $"move by {X}, {Y}",
        MacroStepKind.Wheel => $"wheel {Y}, {X}",
        MacroStepKind.Power => $"power {Code}",
        _ => Kind.ToString(),
    };
}
