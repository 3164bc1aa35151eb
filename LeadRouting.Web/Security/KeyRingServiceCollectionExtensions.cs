using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace LeadRouting.Web.Security;

/// <summary>Where the Data Protection key ring is kept and whether its keys are encrypted at rest.</summary>
/// <param name="Directory">The folder of the keys; null when they are in the database.</param>
/// <param name="ProtectedWithCertificate">The keys are encrypted with <c>DataProtection:CertificatePath</c>.</param>
public sealed record KeyRingLocation(string? Directory, bool ProtectedWithCertificate);

/// <summary>A certificate file of <c>DataProtection:PreviousCertificates</c>.</summary>
public sealed class KeyRingCertificateFile
{
    public string? Path { get; init; }

    public string? Password { get; init; }
}

public static class KeyRingServiceCollectionExtensions
{
    /// <summary>
    /// The Data Protection key ring, which protects webhook secrets, sign-in cookies and antiforgery tokens.
    /// <list type="bullet">
    /// <item>Where: on one instance a folder apart from the database, <c>keys/</c> in the data folder (0700) or
    /// <c>DataProtection:KeysDirectory</c>, so a copy of the database alone reveals no secret; a PostgreSQL cluster shares
    /// it through the database unless <c>DataProtection:KeysDirectory</c> names a shared folder
    /// (<see cref="DataServiceCollectionExtensions.UsesDatabaseKeyRing"/>).</item>
    /// <item>Encrypted at rest with an X.509 certificate when <c>DataProtection:CertificatePath</c> names a PKCS#12 file
    /// (<c>DataProtection:CertificatePassword</c>); keys written under earlier certificates stay readable with
    /// <c>DataProtection:PreviousCertificates</c>. Without one the keys are plain XML and
    /// <see cref="SecretsAtRestCheck"/> warns at start outside Development.</item>
    /// </list>
    /// </summary>
    public static IServiceCollection AddLeadRoutingKeyRing(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var keyRing = services.AddDataProtection().SetApplicationName("LeadRouting");
        string? directory = null;
        if (DataServiceCollectionExtensions.UsesDatabaseKeyRing(configuration))
        {
            keyRing.PersistKeysToDbContext<LeadRoutingDbContext>();
        }
        else
        {
            directory = configuration["DataProtection:KeysDirectory"]
                ?? Path.Combine(DataServiceCollectionExtensions.DataDirectory(configuration, environment), "keys");
            // Created here rather than by Data Protection, which would create it with the default mode (0755 under the
            // usual umask) and let every account on the machine read the keys.
            OwnerOnlyStorage.CreateFolder(directory);
            keyRing.PersistKeysToFileSystem(new DirectoryInfo(directory));
        }

        var certificate = LoadCertificate(configuration["DataProtection:CertificatePath"], configuration["DataProtection:CertificatePassword"], "DataProtection:CertificatePath");
        if (certificate is not null)
        {
            // Also registers it for decryption, so keys it wrote are read back without a certificate store.
            keyRing.ProtectKeysWithCertificate(certificate);
            var previous = configuration.GetSection("DataProtection:PreviousCertificates").Get<List<KeyRingCertificateFile>>() ?? [];
            var older = previous
                .Select((file, i) => LoadCertificate(file.Path, file.Password, $"DataProtection:PreviousCertificates:{i}:Path")!)
                .ToArray();
            if (older.Length > 0)
            {
                keyRing.UnprotectKeysWithAnyCertificate(older);
            }
        }

        services.AddSingleton(new KeyRingLocation(directory, certificate is not null));
        services.AddHostedService<SecretsAtRestCheck>();
        return services;
    }

    /// <exception cref="InvalidOperationException">The file is missing, unreadable or has no private key; the message names the setting.</exception>
    private static X509Certificate2? LoadCertificate(string? path, string? password, string setting)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new InvalidOperationException($"{setting}: cannot load the PKCS#12 certificate '{path}' ({e.Message}). Check the file and DataProtection:CertificatePassword.", e);
        }

        if (certificate.GetRSAPrivateKey() is not { } key)
        {
            throw new InvalidOperationException($"{setting}: the certificate '{path}' needs an RSA private key to encrypt the key ring.");
        }

        key.Dispose();
        return certificate;
    }
}
