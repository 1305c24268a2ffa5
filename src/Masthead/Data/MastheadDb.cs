using Masthead.Features.Campaigns;
using Masthead.Features.Donations;
using Masthead.Features.Events;
using Masthead.Features.FightingFund;
using Masthead.Features.Membership;
using Masthead.Features.Newsroom;
using Masthead.Features.Publishing;
using Masthead.Features.Readers;
using Masthead.Features.Supporters;
using Masthead.Infrastructure.Auth;
using Masthead.Infrastructure.Email;
using Masthead.Infrastructure.Payments;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Masthead.Data;

/// <summary>
/// The one model of Masthead. Each database engine has a subclass that owns its migrations.
/// </summary>
/// <remarks>
/// After changing the model, add a migration for both engines:
/// <code>
/// dotnet ef migrations add NAME --project src/Masthead --context SqliteMastheadDb --output-dir Data/Migrations/Sqlite
/// dotnet ef migrations add NAME --project src/Masthead --context PostgresMastheadDb --output-dir Data/Migrations/Postgres
/// </code>
/// A merged migration is never edited; schema and data changes go in separate migrations.
/// </remarks>
public abstract class MastheadDb(DbContextOptions options)
    : IdentityDbContext<StaffUser, IdentityRole, string>(options), IDataProtectionKeyContext
{
    /// <summary>Keys that protect sign-in cookies and forms, shared by every instance.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Article> Articles => Set<Article>();
    public DbSet<Author> Authors => Set<Author>();
    public DbSet<AuthorLink> AuthorLinks => Set<AuthorLink>();
    public DbSet<Section> Sections => Set<Section>();
    public DbSet<ArticleRevision> ArticleRevisions => Set<ArticleRevision>();
    public DbSet<SiteSetting> SiteSettings => Set<SiteSetting>();
    public DbSet<FundPeriod> FundPeriods => Set<FundPeriod>();
    public DbSet<LedgerEntry> Ledger => Set<LedgerEntry>();
    public DbSet<DonationIntent> DonationIntents => Set<DonationIntent>();
    public DbSet<WebhookEvent> WebhookEvents => Set<WebhookEvent>();
    public DbSet<MoneyAudit> MoneyAudit => Set<MoneyAudit>();
    public DbSet<OutboxEmail> Outbox => Set<OutboxEmail>();
    public DbSet<SupporterScheme> SupporterSchemes => Set<SupporterScheme>();
    public DbSet<Supporter> Supporters => Set<Supporter>();
    public DbSet<Member> Members => Set<Member>();
    public DbSet<ShareEntry> ShareEntries => Set<ShareEntry>();
    public DbSet<ShareApplication> ShareApplications => Set<ShareApplication>();
    public DbSet<SharePayment> SharePayments => Set<SharePayment>();
    public DbSet<WithdrawalRequest> WithdrawalRequests => Set<WithdrawalRequest>();
    public DbSet<MemberProperty> MemberProperties => Set<MemberProperty>();
    public DbSet<DeathNomination> DeathNominations => Set<DeathNomination>();
    public DbSet<MemberChange> MemberChanges => Set<MemberChange>();
    public DbSet<Officer> Officers => Set<Officer>();
    public DbSet<ReaderSignInLink> ReaderSignInLinks => Set<ReaderSignInLink>();
    public DbSet<Statement> Statements => Set<Statement>();
    public DbSet<Signature> Signatures => Set<Signature>();
    public DbSet<PaperBatch> PaperBatches => Set<PaperBatch>();
    public DbSet<OutboxAttachment> OutboxAttachments => Set<OutboxAttachment>();
    public DbSet<Event> Events => Set<Event>();
    public DbSet<Registration> Registrations => Set<Registration>();

    public abstract DatabaseProvider Provider { get; }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(MastheadDb).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configuration)
    {
        // Every instant is stored in UTC; SQLite forgets the kind, so give it back on the way out.
        configuration.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public sealed class SqliteMastheadDb(DbContextOptions<SqliteMastheadDb> options) : MastheadDb(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresMastheadDb(DbContextOptions<PostgresMastheadDb> options) : MastheadDb(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
