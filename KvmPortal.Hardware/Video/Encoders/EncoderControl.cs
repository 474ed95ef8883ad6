namespace KvmPortal.Hardware.Video.Encoders;

/// <summary>One codec control to set before streaming: id, value, and whether the encoder is unusable without it.</summary>
internal readonly record struct EncoderControl(uint Id, string Name, int Value, bool Required);
