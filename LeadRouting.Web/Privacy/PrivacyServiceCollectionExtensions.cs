namespace LeadRouting.Web.Privacy;

public static class PrivacyServiceCollectionExtensions
{
    /// <summary>A person's rights under the GDPR: export (Art. 15) and erasure (Art. 17) of their personal data.</summary>
    public static IServiceCollection AddLeadRoutingPrivacy(this IServiceCollection services)
    {
        services.AddSingleton<PersonalDataEraser>();
        // Retention erases closed leads past their period with the same eraser (Retention:ClosedLeadsPersonalData).
        services.AddSingleton<Retention.IClosedLeadEraser>(sp => sp.GetRequiredService<PersonalDataEraser>());
        services.AddSingleton<PersonalDataExport>();
        return services;
    }
}
