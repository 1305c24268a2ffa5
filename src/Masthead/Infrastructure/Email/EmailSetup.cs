namespace Masthead.Infrastructure.Email;

public static class EmailSetup
{
    public static IHostApplicationBuilder AddEmail(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => !o.IsConfigured || !string.IsNullOrWhiteSpace(o.FromAddress),
                "Email:FromAddress is required when Email:SmtpHost is set.")
            .Validate(o => o.PollInterval > TimeSpan.Zero, "Email:PollInterval must be positive.")
            .Validate(o => o.Timeout > TimeSpan.Zero && o.Timeout * 3 < OutboxSender.LockTime,
                // Connecting, signing in and sending must all fit inside the claim on a message.
                "Email:Timeout must be positive and under a third of the two minutes a message is claimed for.")
            .ValidateOnStart();
        // Registered wherever mail may be queued (the command line too), so every save that queues mail can say so.
        builder.Services.AddSingleton<Wakeup<OutboxSender>>();
        builder.Services.AddSingleton<OutboxQueued>();
        return builder;
    }

    /// <summary>Sends the outbox's mail from this instance (alongside any others).</summary>
    public static IHostApplicationBuilder AddEmailWorkers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<OutboxSender>();
        builder.Services.AddHostedService(s => s.GetRequiredService<OutboxSender>());
        return builder;
    }
}
