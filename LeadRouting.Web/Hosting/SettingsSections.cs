using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace LeadRouting.Web.Hosting;

/// <summary>A typed section of the app's settings (<c>appsettings.json</c>, environment variables <c>Section__Key</c>).</summary>
public interface ISettingsSection
{
    /// <summary>The section's name, e.g. <c>Scheduling</c>.</summary>
    static abstract string Section { get; }
}

public static class SettingsSections
{
    /// <summary>
    /// Binds <typeparamref name="T"/> to its section, checks its data annotations, and registers it as options validated
    /// at start (<c>ValidateOnStart</c>). Returns the bound value for the registrations that depend on it (a provider, a
    /// folder, whether a feature is on): a bad value stops the start here, with the section and key named, instead of
    /// surfacing as a strange failure later.
    /// </summary>
    public static T AddSettings<T>(this IServiceCollection services, IConfiguration configuration)
        where T : class, ISettingsSection, new()
    {
        services.AddOptions<T>().Bind(configuration.GetSection(T.Section)).ValidateDataAnnotations().ValidateOnStart();
        var settings = configuration.GetSection(T.Section).Get<T>() ?? new T();
        var problems = new List<ValidationResult>();
        if (!Validator.TryValidateObject(settings, new ValidationContext(settings), problems, validateAllProperties: true))
        {
            throw new OptionsValidationException(T.Section, typeof(T),
                [.. problems.Select(p => $"{T.Section}:{string.Join(", ", p.MemberNames)}: {p.ErrorMessage}")]);
        }

        return settings;
    }
}
