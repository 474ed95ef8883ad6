using KvmPortal.Audit;
using KvmPortal.Hardware.Msd;

namespace KvmPortal.Msd;

/// <summary>
/// What the media panel does to the drive and the image store: attach, detach, delete, checksum; each audited, each failure turned into
/// a message that says what to do (null when it worked). Scoped: it audits as the signed-in user of the circuit.
/// </summary>
public sealed class MediaActions(IMassStorage drive, ImageLibrary library, AuditContext audit)
{
    /// <summary>Attaches <paramref name="image"/> as <paramref name="mode"/> (a disc image always read-only), detaching what was attached.</summary>
    public async Task<string?> AttachAsync(ImageInfo image, MsdMode mode)
    {
        ArgumentNullException.ThrowIfNull(image);
        try
        {
            if (drive.State.Connected)
            {
                await drive.DisconnectAsync();
            }

            await drive.SetImageAsync(image.Name, mode, readOnly: mode == MsdMode.CdRom || image.IsOpticalDisc);
            await drive.ConnectAsync();
            await audit.WriteAsync(AuditActions.MediaAttach, image.Name, details: mode.ToString());
            return null;
        }
        catch (MsdException ex)
        {
            return MediaText.Error(ex);
        }
    }

    /// <summary>Detaches the drive from the target.</summary>
    public async Task<string?> DetachAsync()
    {
        try
        {
            await drive.DisconnectAsync();
            await audit.WriteAsync(AuditActions.MediaDetach);
            return null;
        }
        catch (MsdException ex)
        {
            return MediaText.Error(ex);
        }
    }

    /// <summary>Deletes an image or a partial upload from the store.</summary>
    public async Task<string?> DeleteAsync(string name)
    {
        try
        {
            library.Delete(name);
            await audit.WriteAsync(AuditActions.MediaDelete, name);
            return null;
        }
        catch (Exception ex) when (ex is MsdException or IOException)
        {
            return $"{name} was not deleted: {(ex is MsdException m ? MediaText.Error(m) : ex.Message)}";
        }
    }

    /// <summary>Computes and stores an image's SHA-256.</summary>
    public async Task<string?> ChecksumAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await library.ComputeSha256Async(name, cancellationToken);
            return null;
        }
        catch (Exception ex) when (ex is MsdException or IOException)
        {
            return $"The checksum of {name} could not be computed: {ex.Message}";
        }
    }
}
