namespace KvmPortal.Hardware.Video.Encoders;

/// <summary>A dequeued M2M buffer: index, payload (bytes from <see cref="DataOffset"/>), V4L2 flags, timestamp and sequence.</summary>
internal readonly record struct M2mDequeued(uint Index, uint BytesUsed, uint DataOffset, uint Flags, long TimestampMicroseconds, uint Sequence);
