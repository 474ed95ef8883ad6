namespace KvmPortal.Ipmi;

/// <summary>Wire constants from the IPMI 2.0 specification: completion codes, RMCP+ status codes, payload types, net functions.</summary>
public static class IpmiCodes
{
    // Completion codes (spec table 5-2).
    public const byte Ok = 0x00;
    public const byte NodeBusy = 0xC0;
    public const byte InvalidCommand = 0xC1;
    public const byte RequestDataLengthInvalid = 0xC7;
    public const byte ParameterOutOfRange = 0xC9;
    public const byte InvalidDataField = 0xCC;
    public const byte CommandNotSupportedInPresentState = 0xD5;
    public const byte InsufficientPrivilege = 0xD4;
    public const byte UnspecifiedError = 0xFF;

    // Command-specific completion codes.
    public const byte ParameterNotSupported = 0x80;
    public const byte PrivilegeExceedsLimit = 0x81;
    public const byte InvalidSessionId = 0x87;

    // Activate / Deactivate Payload (spec 24.1, 24.2).
    public const byte PayloadAlreadyActive = 0x80;
    public const byte PayloadTypeDisabled = 0x81;
    public const byte PayloadActivationLimit = 0x82;
    public const byte PayloadEncryptionRequired = 0x84;

    // RMCP+ status codes (spec table 13-15).
    public const byte RmcpOk = 0x00;
    public const byte RmcpInsufficientResources = 0x01;
    public const byte RmcpInvalidSessionId = 0x02;
    public const byte RmcpInvalidRole = 0x09;
    public const byte RmcpInvalidNameLength = 0x0C;
    public const byte RmcpUnauthorizedName = 0x0D;
    public const byte RmcpInvalidIntegrityCheckValue = 0x0F;
    public const byte RmcpNoCipherSuiteMatch = 0x11;
    public const byte RmcpIllegalParameter = 0x12;

    // Payload types.
    public const byte PayloadIpmi = 0x00;
    public const byte PayloadSol = 0x01;
    public const byte PayloadOpenSessionRequest = 0x10;
    public const byte PayloadOpenSessionResponse = 0x11;
    public const byte PayloadRakp1 = 0x12;
    public const byte PayloadRakp2 = 0x13;
    public const byte PayloadRakp3 = 0x14;
    public const byte PayloadRakp4 = 0x15;

    // Net functions (requests; the response is one more).
    public const byte NetFnChassis = 0x00;
    public const byte NetFnApp = 0x06;
    public const byte NetFnTransport = 0x0C;

    /// <summary>The LAN channel's number (requests may also name 0x0E, "this channel").</summary>
    public const byte LanChannel = 0x01;
    public const byte CurrentChannel = 0x0E;
}
