using OtpSessions.Core.Evidence;
using OtpSessions.Infrastructure.Identity;

namespace OtpSessions.Infrastructure.Evidence;

public static class EvidenceServiceCollectionExtensions
{
    /// <summary>
    /// Signed evidence: the record's settings and signing keys (validated on start), the Table store of trails and kept
    /// records, the signer (a Key Vault key when <c>Evidence__KeyVaultKeyUrl</c> is set — credential from the
    /// <c>Evidence</c> section, <c>Evidence__Credential</c> and <c>Evidence__ClientId</c> for a user-assigned identity — else the settings key), the PDF
    /// certificate, and the service, which also keeps each expiring session's final record for the purger.
    /// </summary>
    public static IServiceCollection AddOtpSessionsEvidence(this IServiceCollection services)
    {
        services.AddValidatedOptions<EvidenceOptions>(EvidenceOptions.SectionName);
        services.AddValidatedOptions<EvidenceSigningOptions>(EvidenceSigningOptions.SectionName);
        services.AddHttpClient(KeyVaultEvidenceSigner.HttpClientName);
        services.AddSingleton<IEvidenceStore, TableEvidenceStore>();
        services.AddSingleton<IEvidenceSigner>(sp =>
        {
            var signing = sp.GetRequiredService<IOptions<EvidenceSigningOptions>>();
            return signing.Value.KeyVaultKeyUrl is null
                ? new SettingsEvidenceSigner(signing)
                : new KeyVaultEvidenceSigner(sp.GetRequiredService<IHttpClientFactory>().CreateClient(KeyVaultEvidenceSigner.HttpClientName),
                    AzureCredentials.For(sp, EvidenceSigningOptions.SectionName), signing, sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<IEvidenceCertificate, PdfEvidenceCertificate>();
        services.AddSingleton<EvidenceService>();
        services.AddSingleton<IExpiringSessionKeeper>(sp => sp.GetRequiredService<EvidenceService>());
        return services;
    }
}
