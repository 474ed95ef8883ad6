using KvmPortal.Configuration;
using KvmPortal.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace KvmPortal.Tests.Configuration;

/// <summary>
/// The strict unknown-key check over the sections the features register themselves: the app knows every section it binds, unknown keys
/// are found at any depth and named with a close suggestion, and conflicting registrations are refused.
/// </summary>
public sealed class ConfigurationSchemaTests
{
    [Fact]
    public void App_registers_every_section_it_binds_under_KvmPortal()
    {
        var registered = AppConfigurationSchema.Sections.ToDictionary(s => s.Path, s => s.OptionsType, StringComparer.Ordinal);
        string[] expected =
        [
            "Security", "Tls", "Hardening", "Audit", "Ipmi", "SignIn", "Vnc",
            "Hid", "Gadget", "Msd", "Video", "Atx", "Wol", "Health", "Simulation", "Qemu", "Serial",
        ];
        Assert.Equal(expected.Select(s => "KvmPortal:" + s).Order(StringComparer.Ordinal), registered.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(typeof(KvmPortal.Auth.SecurityOptions), registered["KvmPortal:Security"]);
        Assert.Equal(typeof(KvmPortal.Vnc.VncOptions), registered["KvmPortal:Vnc"]);
        Assert.Equal(typeof(KvmPortal.SignIn.SignInOptions), registered["KvmPortal:SignIn"]);
        Assert.Equal(typeof(KvmPortal.Hardware.Video.VideoOptions), registered["KvmPortal:Video"]);
    }

    [Fact]
    public void Known_keys_of_every_section_pass_and_unknown_ones_are_found_at_any_depth()
    {
        var config = Config(new()
        {
            ["KvmPortal:DataDirectory"] = "/x",
            ["KvmPortal:Vnc:Port"] = "5900",
            ["KvmPortal:Video:H264:Enabled"] = "false",
            ["KvmPortal:SignIn:Oidc:Providers:corp:ClientId"] = "kvm",
            ["KvmPortal:SignIn:Oidc:Providers:corp:ClientIdd"] = "kvm",
            ["KvmPortal:Vnc:Portt"] = "5901",
            ["KvmPortal:Vcn:Port"] = "5901",
            ["Logging:LogLevel:Default"] = "Debug",
        });

        var unknown = AppConfigurationSchema.Value.FindUnknownKeys(config);

        Assert.Equal(
            ["KvmPortal:SignIn:Oidc:Providers:corp:ClientIdd", "KvmPortal:Vcn", "KvmPortal:Vnc:Portt"],
            unknown.Order(StringComparer.Ordinal));
        var message = AppConfigurationSchema.Value.Describe(unknown);
        Assert.Contains("Unknown configuration key 'KvmPortal:Vnc:Portt' (did you mean 'KvmPortal:Vnc:Port'?).", message, StringComparison.Ordinal);
        Assert.Contains("Unknown configuration key 'KvmPortal:Vcn' (did you mean 'KvmPortal:Vnc'?).", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_section_below_an_unregistered_level_is_known_and_the_level_keeps_only_it()
    {
        var schema = ConfigurationSchema.ForKvmPortal([new KnownConfigurationSection("KvmPortal:Plugins:Serial", typeof(Sample))]);
        var config = Config(new() { ["KvmPortal:Plugins:Serial:Speed"] = "9600", ["KvmPortal:Plugins:Seriall:Speed"] = "1", ["KvmPortal:Tls:Enabled"] = "true" });

        var unknown = schema.FindUnknownKeys(config);

        Assert.Equal(["KvmPortal:Plugins:Seriall", "KvmPortal:Tls"], unknown.Order(StringComparer.Ordinal));
        Assert.Contains("did you mean 'KvmPortal:Plugins:Serial'", schema.Describe(unknown), StringComparison.Ordinal);
    }

    [Fact]
    public void Conflicting_or_misplaced_registrations_are_refused_and_repeats_are_harmless()
    {
        var twice = ConfigurationSchema.ForKvmPortal(
            [new KnownConfigurationSection("KvmPortal:Sample", typeof(Sample)), new KnownConfigurationSection("KvmPortal:sample", typeof(Sample))]);
        Assert.Empty(twice.FindUnknownKeys(Config(new() { ["KvmPortal:Sample:Speed"] = "1" })));

        var conflict = Assert.Throws<InvalidOperationException>(() => ConfigurationSchema.ForKvmPortal(
            [new KnownConfigurationSection("KvmPortal:Sample", typeof(Sample)), new KnownConfigurationSection("KvmPortal:Sample", typeof(string))]));
        Assert.Contains("KvmPortal:Sample", conflict.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ConfigurationSchema.ForKvmPortal([new KnownConfigurationSection("Setup", typeof(Sample))]));
    }

    [Fact]
    public void A_misspelt_key_in_a_feature_section_stops_the_start_with_a_suggestion()
    {
        using var app = new KvmAppFactory().With("KvmPortal:SignIn:Ldap:Hots", "ldap.example");
        var message = app.StartFailure().ToString();
        Assert.Contains("Unknown configuration key 'KvmPortal:SignIn:Ldap:Hots' (did you mean 'KvmPortal:SignIn:Ldap:Host'?)", message, StringComparison.Ordinal);
    }

    private static IConfigurationRoot Config(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private sealed class Sample
    {
        public int Speed { get; set; }
    }
}
