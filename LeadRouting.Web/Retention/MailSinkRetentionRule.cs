using LeadRouting.Web.Notifications;

namespace LeadRouting.Web.Retention;

/// <summary>
/// The development mail sink's <c>.eml</c> files (<see cref="PickupDirectoryEmailTransport"/>), removed by their last-write
/// time. Without a mail sink (SMTP configured, or email off) there is nothing to remove. Other files in the folder are
/// never touched.
/// </summary>
public sealed class MailSinkRetentionRule(IServiceProvider services, ILogger<MailSinkRetentionRule> logger) : IRetentionRule
{
    public RetentionKind Kind => RetentionKind.MailSinkFiles;

    public Task<RetentionBatch> RemoveBatchAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken)
    {
        if (services.GetService<IEmailTransport>() is not PickupDirectoryEmailTransport sink || !Directory.Exists(sink.Directory))
        {
            return Task.FromResult(RetentionBatch.None);
        }

        var old = new DirectoryInfo(sink.Directory)
            .EnumerateFiles("*.eml", SearchOption.TopDirectoryOnly)
            .Where(file => file.LastWriteTimeUtc < cutoff.UtcDateTime)
            .Take(batchSize)
            .ToList();
        var removed = 0;
        foreach (var file in old)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                file.Delete();
                removed++;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Someone holds it open (a mail program) or its mode forbids it: it is tried again at the next run.
                logger.LogWarning("Mail sink file {File} could not be removed: {Error}", file.Name, ex.Message);
            }
        }

        return Task.FromResult(new RetentionBatch(old.Count, removed));
    }
}
