using KvmPortal.Hosting;

return await KvmPortalHost.RunAsync(args).ConfigureAwait(false);
