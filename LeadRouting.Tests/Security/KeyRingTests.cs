using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LeadRouting.Web.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LeadRouting.Tests.Security;

/// <summary>
/// The Data Protection key ring at rest (README "Production start and secrets at rest"): encrypted with a certificate
/// when one is configured, and a warning at start in Production when it is not, or when the data folder is open to
/// other accounts.
/// </summary>
public sealed class KeyRingTests : IDisposable
{
    private const string Purpose = "key ring test";
    private const string CertificatePassword = "certificate password";

    private readonly string _root = Directory.CreateTempSubdirectory("leadrouting-keyring-").FullName;

    private string DataDirectory => Path.Combine(_root, "data");

    private string KeysDirectory => Path.Combine(DataDirectory, "keys");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public void With_a_certificate_the_keys_on_disk_are_encrypted_and_read_back_after_a_restart()
    {
        var certificate = WriteCertificate("current.pfx");
        string protectedText;
        using (var first = StartupApp.Create(DataDirectory, Environments.Production, CertificateSettings(certificate)))
        {
            protectedText = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).Protect("whsec_webhook-secret");
        }

        var keyFile = File.ReadAllText(Assert.Single(Directory.GetFiles(KeysDirectory, "key-*.xml")));
        Assert.Contains("<encryptedSecret", keyFile, StringComparison.Ordinal);
        Assert.DoesNotContain("<masterKey", keyFile, StringComparison.Ordinal);

        using var restarted = StartupApp.Create(DataDirectory, Environments.Production, CertificateSettings(certificate));
        Assert.Equal("whsec_webhook-secret", restarted.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).Unprotect(protectedText));
    }

    [Fact]
    public void Keys_written_under_an_earlier_certificate_stay_readable_when_it_is_listed_as_previous()
    {
        var old = WriteCertificate("old.pfx");
        var current = WriteCertificate("current.pfx");
        string protectedText;
        using (var first = StartupApp.Create(DataDirectory, Environments.Production, CertificateSettings(old)))
        {
            protectedText = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).Protect("whsec_webhook-secret");
        }

        var settings = new Dictionary<string, string>(CertificateSettings(current))
        {
            ["DataProtection:PreviousCertificates:0:Path"] = old,
            ["DataProtection:PreviousCertificates:0:Password"] = CertificatePassword,
        };
        using var rotated = StartupApp.Create(DataDirectory, Environments.Production, settings);

        Assert.Equal("whsec_webhook-secret", rotated.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).Unprotect(protectedText));
    }

    [Fact]
    public void Production_with_a_certificate_starts_without_a_key_ring_warning_and_without_one_it_warns()
    {
        var withCertificate = new CapturedWarnings();
        using (var app = StartupApp.Create(DataDirectory, Environments.Production, CertificateSettings(WriteCertificate("current.pfx")), withCertificate))
        {
            _ = app.Services;
        }

        var without = new CapturedWarnings();
        using (var app = StartupApp.Create(Path.Combine(_root, "other"), Environments.Production, warnings: without))
        {
            _ = app.Services;
        }

        Assert.DoesNotContain(withCertificate.All, w => w.StartsWith(typeof(SecretsAtRestCheck).FullName!, StringComparison.Ordinal));
        Assert.Contains(without.All, w => w.StartsWith(typeof(SecretsAtRestCheck).FullName!, StringComparison.Ordinal) && w.Contains("DataProtection:CertificatePath", StringComparison.Ordinal));
    }

    [Fact]
    public void A_certificate_that_cannot_be_loaded_stops_the_start_and_names_the_setting()
    {
        var path = Path.Combine(_root, "missing.pfx");
        using var app = StartupApp.Create(DataDirectory, Environments.Production, CertificateSettings(path));

        var refused = Assert.Throws<InvalidOperationException>(() => app.Services);

        Assert.Contains("DataProtection:CertificatePath", refused.Message, StringComparison.Ordinal);
        Assert.Contains(path, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void A_data_folder_other_accounts_may_open_is_warned_about_in_Production_with_the_command_that_closes_it()
    {
        Directory.CreateDirectory(DataDirectory);
        File.SetUnixFileMode(DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var warnings = new CapturedWarnings();

        using (var app = StartupApp.Create(DataDirectory, Environments.Production, warnings: warnings))
        {
            _ = app.Services;
        }

        var warning = Assert.Single(warnings.All, w => w.Contains("open to other accounts", StringComparison.Ordinal));
        Assert.Contains("(mode 0755)", warning, StringComparison.Ordinal);
        Assert.Contains($"chmod 700 {DataDirectory}", warning, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> CertificateSettings(string path) => new()
    {
        ["DataProtection:CertificatePath"] = path,
        ["DataProtection:CertificatePassword"] = CertificatePassword,
    };

    /// <summary>A self-signed RSA certificate with its private key, as a password-protected PKCS#12 file.</summary>
    private string WriteCertificate(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN=LeadRouting key ring {name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(_root, name);
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, CertificatePassword));
        return path;
    }
}
