using System.ComponentModel.DataAnnotations;

namespace Masthead.Infrastructure.Email;

/// <summary>How mail leaves the site, bound from the <c>Email</c> configuration section.</summary>
public sealed class EmailOptions
{
    public const string SectionName = "Email";

    /// <summary>The SMTP server. Empty: email is not configured and mail stays queued in the outbox.</summary>
    public string? SmtpHost { get; set; }

    [Range(1, 65535)]
    public int SmtpPort { get; set; } = 587;

    /// <summary>Upgrade the connection with STARTTLS (required when true); false sends in the clear, for a local server.</summary>
    public bool UseTls { get; set; } = true;

    /// <summary>Signs in to the SMTP server when set.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>The sender's address; required when <see cref="SmtpHost"/> is set.</summary>
    [EmailAddress, MaxLength(254)]
    public string? FromAddress { get; set; }

    /// <summary>The sender's display name; the paper's name when empty.</summary>
    [MaxLength(200)]
    public string? FromName { get; set; }

    /// <summary>
    /// How often each instance looks anyway for mail nobody told it about: mail queued by a process that does not send
    /// (the command line, an instance without SMTP settings). Mail an instance queues itself goes as soon as it is
    /// committed, and a retry when it falls due, whatever this says.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts at one message before it is left in the outbox, unsent, with its last error.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>How long one SMTP operation (connect, sign in, send) may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(SmtpHost);
}
