using KvmPortal.Hardware.Atx;
using KvmPortal.Hardware.Msd;

namespace KvmPortal.Redfish;

/// <summary>Maps the hardware layer's refusals to Redfish error bodies.</summary>
public sealed class RedfishErrorFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            return await next(context);
        }
        catch (AtxBusyException ex)
        {
            return RedfishErrors.Error(409, "Base.1.8.ResourceInUse", ex.Message);
        }
        catch (AtxDisabledException ex)
        {
            return RedfishErrors.Error(503, "Base.1.8.ServiceTemporarilyUnavailable", ex.Message);
        }
        catch (MsdException ex)
        {
            return RedfishErrors.Error(ex.HttpStatusCode, ex.HttpStatusCode == 409 ? "Base.1.8.ResourceInUse" : "Base.1.8.GeneralError", ex.Message);
        }
    }
}
