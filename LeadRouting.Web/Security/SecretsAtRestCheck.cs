namespace LeadRouting.Web.Security;

/// <summary>
/// At start outside Development, says in the log what leaves secrets readable at rest, each with what to do (README
/// "Production start and secrets at rest"): a key ring that is not encrypted with a certificate, and a data or keys
/// folder that other accounts may open. Development is a developer's own machine and stays quiet.
/// </summary>
public sealed class SecretsAtRestCheck(
    KeyRingLocation keyRing,
    LeadRoutingStorage storage,
    IHostEnvironment environment,
    ILogger<SecretsAtRestCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (environment.IsDevelopment())
        {
            return Task.CompletedTask;
        }

        if (!keyRing.ProtectedWithCertificate)
        {
            logger.LogWarning(
                "The Data Protection key ring ({Location}) is not encrypted at rest: whoever reads it can decrypt every webhook secret and forge sign-in cookies. "
                + "Set DataProtection:CertificatePath to a PKCS#12 file with an RSA key (and DataProtection:CertificatePassword) to encrypt it; see README, Security: Production start and secrets at rest.",
                keyRing.Directory is { } directory ? $"folder {directory}" : "in the PostgreSQL database");
        }

        foreach (var folder in FoldersToGuard())
        {
            if (OwnerOnlyStorage.IsOpenToOthers(folder, out var mode))
            {
                logger.LogWarning(
                    "The folder {Folder} is open to other accounts (mode {Mode}); it holds the database or the key ring. Run: chmod 700 {Folder}",
                    folder,
                    Convert.ToString((int)mode, 8).PadLeft(4, '0'),
                    folder);
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private IEnumerable<string> FoldersToGuard()
    {
        if (!storage.IsPostgres
            && OwnerOnlyStorage.SqliteFile(storage.ConnectionString) is { } database
            && Path.GetDirectoryName(Path.GetFullPath(database)) is { } databaseFolder)
        {
            yield return databaseFolder;
        }

        if (keyRing.Directory is { } keys)
        {
            yield return keys;
        }
    }
}
