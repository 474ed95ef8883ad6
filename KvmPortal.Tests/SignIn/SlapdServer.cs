using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using KvmPortal.Hardware.Processes;
using KvmPortal.Tests.Support;

namespace KvmPortal.Tests.SignIn;

/// <summary>
/// Debian's OpenLDAP server (slapd, installed by deploy/test.sh) owned by the test: its own config, database and a throwaway CA in a
/// temporary folder, in the foreground (-d 0) on loopback with LDAPS and StartTLS, seeded with ldapadd over StartTLS. Users: alice
/// (group kvm-admins), bob (kvm-operators), dave (marketing: unmapped). Stopped and its folder removed on dispose.
/// </summary>
internal sealed class SlapdServer : IAsyncDisposable
{
    public const string Suffix = "dc=kvm,dc=test";
    public const string AdminDn = "cn=admin," + Suffix;
    public const string ServiceDn = "cn=kvmportal,ou=services," + Suffix;
    public const string Executable = "/usr/sbin/slapd";

    private readonly string _folder;
    private ChildProcess? _process;

    private SlapdServer(string folder) => _folder = folder;

    public int LdapPort { get; private set; }

    public int LdapsPort { get; private set; }

    /// <summary>Gets the folder holding the CA certificate (what KvmPortal is told to trust).</summary>
    public string CaDirectory => Path.Combine(_folder, "ca");

    public string CaFile => Path.Combine(CaDirectory, "ca.pem");

    public string ServicePassword { get; } = TestPasswords.New();

    public string UserPassword { get; } = TestPasswords.New();

    private string AdminPassword { get; } = TestPasswords.New();

    public static async Task<SlapdServer> StartAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: run the README's test command (deploy/test.sh), which installs Debian's slapd and ldap-utils.");
        }

        var server = new SlapdServer(Directory.CreateTempSubdirectory("kvmportal-slapd-").FullName);
        try
        {
            server.WriteFiles();
            await server.StartProcessAsync();
            await server.SeedAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops slapd (the directory goes down); <see cref="StartProcessAsync"/> brings it back with the same data.</summary>
    public async Task StopAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _process = null;
        }
    }

    public async Task StartProcessAsync()
    {
        var info = new ProcessStartInfo(Executable)
        {
            ArgumentList = { "-d", "0", "-f", Path.Combine(_folder, "slapd.conf"), "-h", $"ldap://127.0.0.1:{LdapPort}/ ldaps://127.0.0.1:{LdapsPort}/" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = TestProcess.Start("slapd", info);
        for (var i = 0; i < 100; i++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"slapd exited with {await _process.Exited}: {await _process.Process.StandardError.ReadToEndAsync()}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, LdapsPort);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException("slapd did not listen within 10 s");
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Under /tmp.
        }
    }

    private void WriteFiles()
    {
        LdapPort = FreePort();
        LdapsPort = FreePort();
        Directory.CreateDirectory(CaDirectory);
        Directory.CreateDirectory(Path.Combine(_folder, "db"));
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=KvmPortal test LDAP CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        using var serverKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var serverCert = request.Create(ca, now.AddMinutes(-5), now.AddHours(12), RandomNumberGenerator.GetBytes(8));
        File.WriteAllText(CaFile, ca.ExportCertificatePem() + "\n");
        File.WriteAllText(Path.Combine(_folder, "server.pem"), serverCert.ExportCertificatePem() + "\n");
        File.WriteAllText(Path.Combine(_folder, "server.key"), serverKey.ExportPkcs8PrivateKeyPem() + "\n");
        File.WriteAllText(Path.Combine(_folder, "slapd.conf"), $"""
            include /etc/ldap/schema/core.schema
            include /etc/ldap/schema/cosine.schema
            include /etc/ldap/schema/inetorgperson.schema
            include /etc/ldap/schema/nis.schema
            modulepath /usr/lib/ldap
            moduleload back_mdb
            pidfile {_folder}/slapd.pid
            TLSCACertificateFile {CaFile}
            TLSCertificateFile {_folder}/server.pem
            TLSCertificateKeyFile {_folder}/server.key
            security simple_bind=128
            database mdb
            maxsize 16777216
            suffix "{Suffix}"
            rootdn "{AdminDn}"
            rootpw {AdminPassword}
            directory {_folder}/db
            access to attrs=userPassword by anonymous auth by self write by * none
            access to * by dn.exact="{ServiceDn}" read by self read by * none

            """);
    }

    private async Task SeedAsync()
    {
        string User(string uid, string mail) => $"""
            dn: uid={uid},ou=people,{Suffix}
            objectClass: inetOrgPerson
            uid: {uid}
            cn: {uid}
            sn: {uid}
            mail: {mail}
            userPassword: {UserPassword}
            """ + "\n\n";
        string Group(string cn, string member) => $"""
            dn: cn={cn},ou=groups,{Suffix}
            objectClass: groupOfNames
            cn: {cn}
            member: uid={member},ou=people,{Suffix}
            """ + "\n\n";
        var ldif = $"""
            dn: {Suffix}
            objectClass: dcObject
            objectClass: organization
            dc: kvm
            o: KvmPortal test

            dn: ou=people,{Suffix}
            objectClass: organizationalUnit
            ou: people

            dn: ou=groups,{Suffix}
            objectClass: organizationalUnit
            ou: groups

            dn: ou=services,{Suffix}
            objectClass: organizationalUnit
            ou: services

            dn: {ServiceDn}
            objectClass: person
            cn: kvmportal
            sn: kvmportal
            userPassword: {ServicePassword}
            """ + "\n\n" + User("alice", "alice@kvm.test") + User("bob", "bob@kvm.test") + User("dave", "dave@kvm.test")
            + Group("kvm-admins", "alice") + Group("kvm-operators", "bob") + Group("marketing", "dave");
        var result = await TestProcess.RunAsync("ldapadd", ["-x", "-ZZ", "-H", $"ldap://127.0.0.1:{LdapPort}", "-D", AdminDn, "-w", AdminPassword],
            TimeSpan.FromSeconds(30), ldif, new Dictionary<string, string?> { ["LDAPTLS_CACERT"] = CaFile, ["LDAPTLS_REQCERT"] = "demand" });
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"ldapadd failed ({result.ExitCode}): {result.StandardError}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
