namespace KvmPortal.Tests.Kernel.Msd;

/// <summary>What a test gadget tells the host about itself: product and serial strings, configuration name and power draw.</summary>
internal sealed record GadgetIdentity(string Product, string SerialNumber, string Configuration, int MaxPowerMilliamps);
