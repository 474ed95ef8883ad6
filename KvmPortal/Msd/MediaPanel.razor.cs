using KvmPortal.Hardware.Msd;

namespace KvmPortal.Msd;

/// <summary>The media panel's lifetime: it follows the image store and the drive by their events and polls running transfers while open.</summary>
public sealed partial class MediaPanel
{
    protected override void OnInitialized()
    {
        Refresh();
        Library.Changed += OnChanged;
        Drive.StateChanged += OnDrive;
        _ = WatchTransfersAsync();
    }

    private void Refresh() => (images, transfers, partials) = (Library.List(), Library.ActiveTransfers, Library.ListPartial());

    /// <summary>Transfers report no events: look twice a second while the panel is open (cheap: in-memory and one directory listing).</summary>
    private async Task WatchTransfersAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500), Time);
        try
        {
            while (await timer.WaitForNextTickAsync(closing.Token))
            {
                var before = (transfers.Count, partials.Count, transfers.Sum(t => t.Written));
                await InvokeAsync(() =>
                {
                    Refresh();
                    if (before != (transfers.Count, partials.Count, transfers.Sum(t => t.Written)))
                    {
                        StateHasChanged();
                    }
                });
            }
        }
        catch (OperationCanceledException)
        {
            // The panel closed.
        }
    }

    private void OnChanged(object? sender, EventArgs e) => _ = InvokeAsync(() =>
    {
        Refresh();
        StateHasChanged();
    });

    private void OnDrive(object? sender, MassStorageState e) => _ = InvokeAsync(StateHasChanged);

    public void Dispose()
    {
        closing.Cancel();
        closing.Dispose();
        Library.Changed -= OnChanged;
        Drive.StateChanged -= OnDrive;
    }
}
