using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KvmPortal.Hardware.Msd;

/// <summary>
/// The image library: complete images in one folder, hidden companions for unfinished uploads (".name.partial") and hashes
/// (".name.sha256"). Uploads stream through a 1 MiB buffer; a finished file is renamed into place atomically.
/// Thread-safe: transfers of different names run side by side; a second transfer of the same name is refused.
/// </summary>
public sealed partial class ImageLibrary : IDisposable
{
    /// <summary>The copy buffer size used for uploads, downloads and hashing.</summary>
    public const int BufferSize = 1024 * 1024;

    private readonly MsdOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, ActiveTransfer> _transfers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _attached = new(StringComparer.Ordinal);
    private readonly HttpClient? _suppliedHttpClient;
    private HttpClient? _ownHttpClient;

    /// <summary>Creates the library and its folder.</summary>
    /// <param name="options">Options; <see cref="MsdOptions.ImagesDirectory"/> is the folder.</param>
    /// <param name="logger">Logger (optional).</param>
    /// <param name="timeProvider">Clock (optional, system clock by default).</param>
    /// <param name="httpClient">The client for URL downloads (optional; the library creates and owns one when needed). Not disposed by the library.</param>
    public ImageLibrary(MsdOptions options, ILogger<ImageLibrary>? logger = null, TimeProvider? timeProvider = null, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _suppliedHttpClient = httpClient;
        Directory = Path.GetFullPath(options.ImagesDirectory);
        System.IO.Directory.CreateDirectory(Directory);
    }

    /// <summary>Raised after an image was added, removed or replaced (not for progress).</summary>
    public event EventHandler? Changed;

    /// <summary>Gets the absolute folder path.</summary>
    public string Directory { get; }

    /// <summary>Gets the running uploads and downloads.</summary>
    public IReadOnlyList<TransferProgress> ActiveTransfers =>
        [.. _transfers.Values.Select(t => t.Snapshot()).OrderBy(t => t.Name, StringComparer.Ordinal)];

    /// <summary>Lists the complete images, sorted by name. Hidden files (partials, hashes) are never listed.</summary>
    public IReadOnlyList<ImageInfo> List()
    {
        var result = new List<ImageInfo>();
        foreach (var file in new DirectoryInfo(Directory).EnumerateFiles())
        {
            if (ImageName.Check(file.Name) is null)
            {
                result.Add(Describe(file));
            }
        }

        result.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return result;
    }

    /// <summary>Lists unfinished uploads that a client may resume.</summary>
    public IReadOnlyList<PartialUpload> ListPartial()
    {
        var result = new List<PartialUpload>();
        foreach (var file in new DirectoryInfo(Directory).EnumerateFiles(".*.partial"))
        {
            var name = file.Name[1..^".partial".Length];
            if (ImageName.Check(name) is null)
            {
                result.Add(new PartialUpload(name, file.Length, file.LastWriteTimeUtc, _transfers.ContainsKey(name)));
            }
        }

        result.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return result;
    }

    /// <summary>Returns one image, or throws <see cref="MsdErrorCode.NotFound"/>.</summary>
    public ImageInfo Get(string name)
    {
        var file = new FileInfo(ImagePath(name));
        return file.Exists ? Describe(file) : throw NotFound(name);
    }

    /// <summary>Returns true when a complete image of that (valid) name exists.</summary>
    public bool Exists(string name) => File.Exists(ImagePath(name));

    /// <summary>Returns the absolute path of a (validated) image name; the file may not exist.</summary>
    public string ImagePath(string name) => Path.Combine(Directory, ImageName.Validate(name));

    /// <summary>Opens a complete image for reading (download), with O_NOATIME so that the drive's "host has read it" state is not fooled.</summary>
    public Stream OpenRead(string name)
    {
        try
        {
            return NoAtimeFile.OpenStream(ImagePath(name));
        }
        catch (FileNotFoundException)
        {
            throw NotFound(name);
        }
    }

    /// <summary>Deletes an image (and its partial upload and hash). Refused while the drive uses it or a transfer writes it.</summary>
    public void Delete(string name)
    {
        var path = ImagePath(name);
        lock (_gate)
        {
            if (_attached.ContainsKey(name))
            {
                throw new MsdException(MsdErrorCode.ImageInUse, $"image \"{name}\" is attached to the drive; disconnect it first");
            }

            if (_transfers.ContainsKey(name))
            {
                throw new MsdException(MsdErrorCode.TransferInProgress, $"image \"{name}\" is being written; cancel the transfer first");
            }

            var existed = File.Exists(path) || File.Exists(PartialPath(name));
            if (!existed)
            {
                throw NotFound(name);
            }

            File.Delete(path);
            File.Delete(PartialPath(name));
            Sha256Sidecar.Delete(Directory, name);
        }

        MsdLog.ImageDeleted(_logger, name);
        Changed?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>Creates an empty (sparse) writable image for flash mode.</summary>
    /// <param name="name">The image name.</param>
    /// <param name="size">Bytes: at least 1 MiB, a multiple of 512, at most <see cref="MsdOptions.MaxEmptyImageBytes"/> and the free space.</param>
    public ImageInfo CreateEmpty(string name, long size)
    {
        ImageName.Validate(name);
        if (size < 1024 * 1024 || size % 512 != 0 || size > _options.MaxEmptyImageBytes)
        {
            throw new MsdException(
                MsdErrorCode.InvalidRequest,
                $"invalid size {size}: an empty image must be 1 MiB to {_options.MaxEmptyImageBytes} bytes and a multiple of 512");
        }

        using var transfer = Register(name, TransferKind.Upload, size);
        EnsureSpace(name, size);
        var partial = PartialPath(name);
        using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 0))
        {
            file.SetLength(size);
            file.Flush(flushToDisk: true);
        }

        Publish(name, partial);
        MsdLog.EmptyImageCreated(_logger, name, size);
        return Get(name);
    }

    /// <summary>Computes an image's SHA-256 now (for images placed by other means), stores and returns it.</summary>
    public async Task<string> ComputeSha256Async(string name, CancellationToken cancellationToken = default)
    {
        var path = ImagePath(name);
        if (!File.Exists(path))
        {
            throw NotFound(name);
        }

        var before = new FileInfo(path);
        var sha = await HashFileAsync(path, cancellationToken);
        var after = new FileInfo(path);
        if (after.Length == before.Length && after.LastWriteTimeUtc == before.LastWriteTimeUtc)
        {
            Sha256Sidecar.Write(Directory, name, sha, after.Length, after.LastWriteTimeUtc);
        }

        return sha;
    }

    /// <summary>Cancels a running transfer of that name; its partial file is removed. Returns false when none runs.</summary>
    public bool CancelTransfer(string name)
    {
        if (_transfers.TryGetValue(name, out var transfer))
        {
            transfer.CancelByUser();
            return true;
        }

        return false;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var transfer in _transfers.Values)
        {
            transfer.CancelByUser();
        }

        _ownHttpClient?.Dispose();
    }

    /// <summary>Marks an image as used by the drive until the returned handle is disposed; deletion is refused meanwhile.</summary>
    internal IDisposable AcquireAttachment(string name)
    {
        lock (_gate)
        {
            if (!File.Exists(ImagePath(name)))
            {
                throw NotFound(name);
            }

            _attached[name] = _attached.GetValueOrDefault(name) + 1;
        }

        return new Attachment(this, name);
    }

    internal static MsdException NotFound(string name) => new(MsdErrorCode.NotFound, $"no image named \"{name}\"");

    internal static async Task<string> HashFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = NoAtimeFile.OpenStream(path, BufferSize);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken);
        return Convert.ToHexStringLower(hash);
    }

    private string PartialPath(string name) => Path.Combine(Directory, "." + name + ".partial");

    private ImageInfo Describe(FileInfo file) => new(
        file.Name,
        file.Length,
        file.LastWriteTimeUtc,
        Sha256Sidecar.Read(Directory, file.Name, file.Length, file.LastWriteTimeUtc),
        OpticalDisc.IsOpticalDiscImage(file.FullName));

    private void Release(string name)
    {
        lock (_gate)
        {
            if (_attached.TryGetValue(name, out var count))
            {
                if (count <= 1)
                {
                    _attached.Remove(name);
                }
                else
                {
                    _attached[name] = count - 1;
                }
            }
        }
    }

    private sealed class Attachment(ImageLibrary owner, string name) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Release(name);
            }
        }
    }
}
