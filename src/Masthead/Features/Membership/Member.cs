using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Masthead.Features.Membership;

public enum MemberKind
{
    Person = 0,
    /// <summary>A trade union, a branch, a club, another society: it holds shares in its own name.</summary>
    Organisation = 1,
}

public enum CessationReason
{
    Resignation = 1,
    Death = 2,
    Expulsion = 3,
}

/// <summary>What a member gave their email address for (the Act asks the register to say).</summary>
[Flags]
public enum NoticePurposes
{
    None = 0,
    /// <summary>Notices of general meetings and ballots.</summary>
    Meetings = 1,
    /// <summary>The annual accounts and reports.</summary>
    Accounts = 2,
    /// <summary>Anything else the society sends its members.</summary>
    Other = 4,
}

/// <summary>
/// One entry in the register of members: who, where, and since when. Holdings are not stored here: they are
/// the sum of the member's <see cref="ShareEntry"/> rows, so the register can be read as at any date.
/// </summary>
public sealed class Member
{
    public const int NameMax = 200;
    public const int AddressMax = 500;

    public int Id { get; set; }

    /// <summary>Given by the committee's approval, in order; never reused.</summary>
    public int Number { get; set; }
    public MemberKind Kind { get; set; }

    /// <summary>A registered society (co-operative or community benefit) is not bound by the cap on holdings.</summary>
    public bool IsRegisteredSociety { get; set; }

    /// <summary>Full name, or the organisation's name.</summary>
    public required string Name { get; set; }

    /// <summary>The postal address, one line per line, without the postcode.</summary>
    public required string Address { get; set; }
    public required string Postcode { get; set; }

    /// <summary>The electronic address the member gave for notices; normalised (trimmed, lower-case).</summary>
    public string? Email { get; set; }
    public NoticePurposes EmailPurposes { get; set; }

    public DateOnly AdmittedOn { get; set; }
    public DateOnly? CeasedOn { get; set; }
    public CessationReason? CeasedReason { get; set; }

    public DateTime CreatedAt { get; set; }

    public bool IsMemberOn(DateOnly date) => AdmittedOn <= date && (CeasedOn is null || CeasedOn > date);

    internal sealed class Configuration : IEntityTypeConfiguration<Member>
    {
        public void Configure(EntityTypeBuilder<Member> b)
        {
            b.HasIndex(m => m.Number).IsUnique();
            b.HasIndex(m => m.Email);
            b.HasIndex(m => m.Name);
            b.Property(m => m.Name).HasMaxLength(NameMax);
            b.Property(m => m.Address).HasMaxLength(AddressMax);
            b.Property(m => m.Postcode).HasMaxLength(12);
            b.Property(m => m.Email).HasMaxLength(254);
        }
    }
}

/// <summary>Property of a member the society holds other than shares: a loan to the society, a deposit (s.30(1)(c)).</summary>
public sealed class MemberProperty
{
    public int Id { get; set; }
    public int MemberId { get; set; }
    public required string Description { get; set; }
    public long AmountPence { get; set; }
    public DateOnly From { get; set; }
    public DateOnly? Until { get; set; }
    public required string RecordedBy { get; set; }
    public DateTime RecordedAt { get; set; }

    internal sealed class Configuration : IEntityTypeConfiguration<MemberProperty>
    {
        public void Configure(EntityTypeBuilder<MemberProperty> b)
        {
            b.HasIndex(p => p.MemberId);
            b.Property(p => p.Description).HasMaxLength(300);
            b.Property(p => p.RecordedBy).HasMaxLength(256);
            b.HasOne<Member>().WithMany().HasForeignKey(p => p.MemberId).OnDelete(DeleteBehavior.Restrict);
        }
    }
}

/// <summary>A person the member nominates to receive their shares on death, recorded with its date. The latest counts.</summary>
public sealed class DeathNomination
{
    public int Id { get; set; }
    public int MemberId { get; set; }
    public required string NomineeName { get; set; }
    public required string NomineeAddress { get; set; }
    public string? Relationship { get; set; }
    public DateOnly NominatedOn { get; set; }
    public DateTime RecordedAt { get; set; }
    public required string RecordedBy { get; set; }

    internal sealed class Configuration : IEntityTypeConfiguration<DeathNomination>
    {
        public void Configure(EntityTypeBuilder<DeathNomination> b)
        {
            b.HasIndex(n => n.MemberId);
            b.Property(n => n.NomineeName).HasMaxLength(Member.NameMax);
            b.Property(n => n.NomineeAddress).HasMaxLength(Member.AddressMax);
            b.Property(n => n.Relationship).HasMaxLength(100);
            b.Property(n => n.RecordedBy).HasMaxLength(256);
            b.HasOne<Member>().WithMany().HasForeignKey(n => n.MemberId).OnDelete(DeleteBehavior.Restrict);
        }
    }
}

/// <summary>Every change to a member's entry other than shares — address, email, property — with who, when and what it was.</summary>
public sealed class MemberChange
{
    public long Id { get; set; }
    public int MemberId { get; set; }
    public DateTime At { get; set; }
    public required string By { get; set; }
    public required string What { get; set; }

    internal sealed class Configuration : IEntityTypeConfiguration<MemberChange>
    {
        public void Configure(EntityTypeBuilder<MemberChange> b)
        {
            b.HasIndex(c => c.MemberId);
            b.Property(c => c.By).HasMaxLength(256);
            b.Property(c => c.What).HasMaxLength(2000);
            b.HasOne<Member>().WithMany().HasForeignKey(c => c.MemberId).OnDelete(DeleteBehavior.Restrict);
        }
    }
}

/// <summary>The society's officers (s.30(1)(e)): who holds which office, since when and until when.</summary>
public sealed class Officer
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Office { get; set; }
    public int? MemberId { get; set; }
    public DateOnly TookOfficeOn { get; set; }
    public DateOnly? LeftOfficeOn { get; set; }
    public required string RecordedBy { get; set; }
    public DateTime RecordedAt { get; set; }

    internal sealed class Configuration : IEntityTypeConfiguration<Officer>
    {
        public void Configure(EntityTypeBuilder<Officer> b)
        {
            b.Property(o => o.Name).HasMaxLength(Member.NameMax);
            b.Property(o => o.Office).HasMaxLength(100);
            b.Property(o => o.RecordedBy).HasMaxLength(256);
            b.HasOne<Member>().WithMany().HasForeignKey(o => o.MemberId).OnDelete(DeleteBehavior.Restrict);
        }
    }
}
