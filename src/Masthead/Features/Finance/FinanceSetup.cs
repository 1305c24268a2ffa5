namespace Masthead.Features.Finance;

/// <summary>The Finance desk: its pages live under /finance (policy "finance"); the bank import is shared with the command line.</summary>
public static class FinanceSetup
{
    public static IHostApplicationBuilder AddFinance(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<BankImport>();
        return builder;
    }
}
