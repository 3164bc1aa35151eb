using System.ComponentModel.DataAnnotations;
using LeadRouting.Web.Hosting;

namespace LeadRouting.Web.Data;

/// <summary>The <c>Storage</c> settings: which database, and where SQLite keeps its files.</summary>
public sealed class StorageOptions : ISettingsSection, IValidatableObject
{
    public static string Section => "Storage";

    /// <summary><c>Sqlite</c> (default) or <c>Postgres</c> (also <c>PostgreSQL</c>, <c>Npgsql</c>), case-insensitive.</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>The data folder (database, scheduler, key ring, mail sink); default <c>App_Data</c> under the content root.</summary>
    public string? DataDirectory { get; set; }

    public StorageProvider ProviderKind => KindOf(Provider)
        ?? throw new InvalidOperationException($"Storage:Provider '{Provider}' is not supported; use 'Sqlite' (default) or 'Postgres'.");

    public string DataDirectoryFor(IHostEnvironment environment) =>
        string.IsNullOrWhiteSpace(DataDirectory) ? Path.Combine(environment.ContentRootPath, "App_Data") : DataDirectory;

    /// <summary>The settings as configured, for registrations that run before the container exists.</summary>
    public static StorageOptions From(IConfiguration configuration) => configuration.GetSection(Section).Get<StorageOptions>() ?? new StorageOptions();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (KindOf(Provider) is null)
        {
            yield return new ValidationResult($"'{Provider}' is not supported; use 'Sqlite' (default) or 'Postgres'.", [nameof(Provider)]);
        }
    }

    private static StorageProvider? KindOf(string? provider) => (provider ?? "Sqlite").Trim().ToLowerInvariant() switch
    {
        "sqlite" => StorageProvider.Sqlite,
        "postgres" or "postgresql" or "npgsql" => StorageProvider.Postgres,
        _ => null,
    };
}
