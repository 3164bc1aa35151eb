using System.Linq.Expressions;

namespace LeadRouting.Web.Data;

/// <summary>Ends a record once (an API key revoked, a webhook disabled) and audits it in the same step.</summary>
public static class AuditedStamps
{
    /// <summary>
    /// Sets <paramref name="stamp"/> to the audit event's time on the row <paramref name="unstamped"/> selects (by id,
    /// not stamped yet) and, when that stamped it, stores <paramref name="audit"/>. The update itself checks that the
    /// row is not stamped yet, so a row ends once and is audited once, also when two people end it at the same moment.
    /// </summary>
    /// <returns>True when this call stamped the row; false when it was unknown or stamped already.</returns>
    public static async Task<bool> StampOnceAsync<T>(
        this LeadRoutingDbContext db, IQueryable<T> unstamped, Expression<Func<T, DateTimeOffset?>> stamp, AuditEventEntity audit, CancellationToken cancellationToken)
    {
        DateTimeOffset? at = audit.At;
        if (await unstamped.ExecuteUpdateAsync(s => s.SetProperty(stamp, at), cancellationToken) != 1)
        {
            return false;
        }

        db.AuditEvents.Add(audit);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
