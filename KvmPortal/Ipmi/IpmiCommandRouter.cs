using KvmPortal.Audit;

namespace KvmPortal.Ipmi;

/// <summary>
/// Runs one in-session command: checks the session's current privilege against the command's (spec appendix G), answers unknown
/// commands with 0xC1 (never silence), audits and counts every command. A retransmitted request (same sequence, command and data)
/// gets the stored answer again instead of running twice (state-changing commands, within
/// <see cref="RetryWindow"/>).
/// </summary>
public sealed class IpmiCommandRouter(
    IpmiAppCommands app, IpmiChassisCommands chassis, IpmiSol sol, IpmiSessionTable sessions, IpmiMetrics metrics, IAuditLog audit, TimeProvider time)
{
    /// <summary>How long a retransmitted state-changing request is answered from the stored answer (clients retry after about a second).</summary>
    public static readonly TimeSpan RetryWindow = TimeSpan.FromSeconds(10);

    private static readonly Dictionary<(byte NetFn, byte Command), (string Name, IpmiPrivilege Privilege)> Commands = new()
    {
        [(IpmiCodes.NetFnApp, 0x01)] = ("get_device_id", IpmiPrivilege.User),
        [(IpmiCodes.NetFnApp, 0x04)] = ("get_self_test_results", IpmiPrivilege.User),
        [(IpmiCodes.NetFnApp, 0x08)] = ("get_device_guid", IpmiPrivilege.User),
        [(IpmiCodes.NetFnApp, 0x37)] = ("get_system_guid", IpmiPrivilege.User),
        [(IpmiCodes.NetFnApp, 0x38)] = ("get_channel_auth_capabilities", IpmiPrivilege.Callback),
        [(IpmiCodes.NetFnApp, 0x3B)] = ("set_session_privilege_level", IpmiPrivilege.User),
        [(IpmiCodes.NetFnApp, 0x3C)] = ("close_session", IpmiPrivilege.Callback),
        [(IpmiCodes.NetFnApp, 0x41)] = ("get_channel_access", IpmiPrivilege.User),
        [(IpmiCodes.NetFnApp, 0x42)] = ("get_channel_info", IpmiPrivilege.User),
        [(IpmiCodes.NetFnApp, 0x44)] = ("get_user_access", IpmiPrivilege.Operator),
        [(IpmiCodes.NetFnApp, 0x46)] = ("get_user_name", IpmiPrivilege.Operator),
        [(IpmiCodes.NetFnApp, 0x48)] = ("activate_payload", IpmiPrivilege.User),
        [(IpmiCodes.NetFnApp, 0x49)] = ("deactivate_payload", IpmiPrivilege.User),
        [(IpmiCodes.NetFnApp, 0x4A)] = ("get_payload_activation_status", IpmiPrivilege.User),
        [(IpmiCodes.NetFnApp, 0x54)] = ("get_channel_cipher_suites", IpmiPrivilege.Callback),
        [(IpmiCodes.NetFnTransport, 0x22)] = ("get_sol_configuration_parameters", IpmiPrivilege.User),
        [(IpmiCodes.NetFnChassis, 0x01)] = ("get_chassis_status", IpmiPrivilege.User),
        [(IpmiCodes.NetFnChassis, 0x02)] = ("chassis_control", IpmiPrivilege.Operator),
        [(IpmiCodes.NetFnChassis, 0x04)] = ("chassis_identify", IpmiPrivilege.Operator),
        [(IpmiCodes.NetFnChassis, 0x08)] = ("set_system_boot_options", IpmiPrivilege.Operator),
        [(IpmiCodes.NetFnChassis, 0x09)] = ("get_system_boot_options", IpmiPrivilege.Operator),
    };

    /// <summary>Answers the request; the response IPMI message, and the session to close after sending it (Close Session).</summary>
    public async Task<(byte[] Response, IpmiSession? Close)> HandleAsync(IpmiSession session, IpmiLanMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(request);
        var now = time.GetUtcNow();
        if (session.LastAnswer is { } last && last.Sequence == request.Sequence && last.NetFn == request.NetFn &&
            last.Command == request.Command && last.Data.AsSpan().SequenceEqual(request.Data) && now - last.At < RetryWindow)
        {
            return (last.Response, null);
        }

        IpmiSession? close = null;
        byte code;
        byte[] data = [];
        string name;
        if (!Commands.TryGetValue((request.NetFn, request.Command), out var known))
        {
            name = $"netfn_{request.NetFn:x2}_cmd_{request.Command:x2}";
            code = IpmiCodes.InvalidCommand;
        }
        else if (session.Privilege < known.Privilege)
        {
            name = known.Name;
            code = IpmiCodes.InsufficientPrivilege;
        }
        else
        {
            name = known.Name;
            (code, data, close) = await RunAsync(session, request, cancellationToken);
        }

        metrics.Command(known.Name ?? "unsupported", code); // unknown commands share one series: label values stay bounded
        audit.Write(IpmiAuditActions.Command, session.UserName, session.Remote.Address.ToString(), name,
            code == IpmiCodes.Ok ? AuditOutcome.Success : code == IpmiCodes.InsufficientPrivilege ? AuditOutcome.Denied : AuditOutcome.Failure,
            $"netfn 0x{request.NetFn:X2} cmd 0x{request.Command:X2} → completion 0x{code:X2} (session {session.BmcId:X8}, privilege {session.Privilege})");
        var response = request.Response(code, data);
        if ((request.NetFn == IpmiCodes.NetFnChassis && request.Command is 0x02 or 0x04 or 0x08) ||
            (request.NetFn == IpmiCodes.NetFnApp && request.Command is 0x48 or 0x49))
        {
            session.LastAnswer = (request.Sequence, request.NetFn, request.Command, request.Data, response, now);
        }
        return (response, close);
    }

    private async Task<(byte, byte[], IpmiSession?)> RunAsync(IpmiSession session, IpmiLanMessage request, CancellationToken cancellationToken)
    {
        var d = request.Data;
        (byte Code, byte[] Data) result;
        switch ((request.NetFn, request.Command))
        {
            case (IpmiCodes.NetFnApp, 0x01): result = IpmiAppCommands.DeviceId(); break;
            case (IpmiCodes.NetFnApp, 0x04): result = IpmiAppCommands.SelfTest(); break;
            case (IpmiCodes.NetFnApp, 0x08) or (IpmiCodes.NetFnApp, 0x37): result = app.SystemGuid(); break;
            case (IpmiCodes.NetFnApp, 0x38): result = IpmiAppCommands.AuthenticationCapabilities(d); break;
            case (IpmiCodes.NetFnApp, 0x3B): result = IpmiAppCommands.SetPrivilege(session, d); break;
            case (IpmiCodes.NetFnApp, 0x3C):
                var (code, data, close) = app.CloseSession(session, d);
                if (close is not null && close != session)
                {
                    sessions.End(close, "closed by another session");
                    close = null;
                }

                return (code, data, close);
            case (IpmiCodes.NetFnApp, 0x41): result = IpmiAppCommands.ChannelAccess(d); break;
            case (IpmiCodes.NetFnApp, 0x42): result = app.ChannelInfo(d); break;
            case (IpmiCodes.NetFnApp, 0x44): result = await app.UserAccessAsync(d, cancellationToken); break;
            case (IpmiCodes.NetFnApp, 0x46): result = await app.UserNameAsync(d, cancellationToken); break;
            case (IpmiCodes.NetFnApp, 0x48): result = sol.Activate(session, d); break;
            case (IpmiCodes.NetFnApp, 0x49): result = sol.Deactivate(session, d); break;
            case (IpmiCodes.NetFnApp, 0x4A): result = sol.ActivationStatus(d); break;
            case (IpmiCodes.NetFnApp, 0x54): result = IpmiAppCommands.CipherSuites(d); break;
            case (IpmiCodes.NetFnTransport, 0x22): result = sol.ConfigurationParameter(d); break;
            case (IpmiCodes.NetFnChassis, 0x01): result = chassis.Status(); break;
            case (IpmiCodes.NetFnChassis, 0x02): result = await chassis.ControlAsync(session, d); break;
            case (IpmiCodes.NetFnChassis, 0x04): result = chassis.Identify(d); break;
            case (IpmiCodes.NetFnChassis, 0x08): result = await chassis.Boot.SetAsync(session, d, cancellationToken); break;
            case (IpmiCodes.NetFnChassis, 0x09): result = chassis.Boot.Get(d); break;
            default: result = (IpmiCodes.InvalidCommand, []); break;
        }

        return (result.Code, result.Data, null);
    }
}
