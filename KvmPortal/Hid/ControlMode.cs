namespace KvmPortal.Hid;

/// <summary>How console users share keyboard and mouse.</summary>
public enum ControlMode
{
    /// <summary>Everyone with the Control permission may type (PiKVM's behaviour).</summary>
    Shared,

    /// <summary>One user holds input; the others watch. Admins can take over, Operators can ask.</summary>
    Exclusive,
}
