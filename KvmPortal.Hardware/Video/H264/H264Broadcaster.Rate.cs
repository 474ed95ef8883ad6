namespace KvmPortal.Hardware.Video.H264;

/// <summary>Bitrate and GOP: set together, read together by the encoder thread, applied to the running encoder where possible.</summary>
public sealed partial class H264Broadcaster
{
    /// <summary>
    /// Gets or sets the bitrate in kbit/s. A change is applied at once (see <see cref="SetRate"/>): the running encoder takes it,
    /// or is recreated, and the last picture is re-encoded as a key frame (a static screen does not wait for its next change).
    /// </summary>
    public int BitrateKbps
    {
        get => Volatile.Read(ref _bitrate);
        set => SetRate(value, Gop);
    }

    /// <summary>Gets or sets the periodic key-frame interval (0 = only when needed); applied at once like <see cref="BitrateKbps"/>.</summary>
    public int Gop
    {
        get => Volatile.Read(ref _gop);
        set => SetRate(BitrateKbps, value);
    }

    /// <summary>
    /// Sets bitrate and GOP in one step (PiKVM's set_params with both h264_bitrate and h264_gop): the encoder thread sees both at
    /// once, changes them on the running encoder where the backend allows it (else recreates it once) and forces one key frame.
    /// </summary>
    /// <param name="bitrateKbps">Bitrate in kbit/s (clamped to <see cref="H264Limits"/>).</param>
    /// <param name="gop">Key-frame interval (clamped to 0..<see cref="H264Limits.MaxGop"/>).</param>
    public void SetRate(int bitrateKbps, int gop)
    {
        int bitrate = Math.Clamp(bitrateKbps, H264Limits.MinBitrateKbps, H264Limits.MaxBitrateKbps);
        gop = Math.Clamp(gop, 0, H264Limits.MaxGop);
        bool changed;
        lock (_gate)
        {
            changed = _bitrate != bitrate || _gop != gop;
            Volatile.Write(ref _bitrate, bitrate);
            Volatile.Write(ref _gop, gop);
            changed &= _subscribers.Count > 0;
        }

        if (changed)
        {
            RequestKeyFrame();
        }
    }

    /// <summary>Both rate settings as one pair (written together under the lock by <see cref="SetRate"/>).</summary>
    private (int BitrateKbps, int Gop) ReadRate()
    {
        lock (_gate)
        {
            return (_bitrate, _gop);
        }
    }
}
