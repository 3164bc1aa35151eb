using LeadRouting.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LeadRouting.Tests.Leads;

/// <summary>Which failures count as "the store is unavailable" (503, try again) rather than a fault of the request or a bug.</summary>
public sealed class StorageFaultTests
{
    public static TheoryData<Exception, string?> Faults => new()
    {
        { new SqliteException("database or disk is full", 13), "the disk or the database is full (SQLite error 13)" },
        // EF Core wraps what the provider raised; the API's filter looks through it.
        { new DbUpdateException("An error occurred while saving", new SqliteException("database or disk is full", 13)), "the disk or the database is full (SQLite error 13)" },
        { new SqliteException("disk I/O error", 10, 4874), "a disk I/O error (SQLite error 4874)" },
        { new SqliteException("database is locked", 5), "the database is locked by another process (SQLite error 5)" },
        { new PostgresException("could not extend file", "ERROR", "ERROR", PostgresErrorCodes.DiskFull), "PostgreSQL's disk is full (PostgreSQL 53100)" },
        { new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01"), "PostgreSQL is shutting down or starting (PostgreSQL 57P01)" },
        { new NpgsqlException("Failed to connect to 10.0.0.5:5432"), "PostgreSQL cannot be reached" },
        { new SqliteException("UNIQUE constraint failed: Leads.ExternalId", 19, 2067), null },
        { new PostgresException("duplicate key value", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation), null },
        { new InvalidOperationException("a bug"), null },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public void DescribeStorageFault_names_store_failures_without_connection_details_and_nothing_else(Exception exception, string? reason) =>
        Assert.Equal(reason, LeadRoutingStorage.DescribeStorageFault(exception));
}
