using Masthead.Infrastructure;
using Masthead.Infrastructure.Payments;

namespace Masthead.Features.Donations;

public sealed class DonationsFeature : Feature
{
    public const string CheckoutRateLimit = "checkout";

    public override void AddServices(IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ReceiptComposer>();
        builder.Services.AddScoped<DonationRecorder>();
        builder.Services.AddScoped<IPaymentHandler, GiftPayments>();
        // A person starts a handful of checkouts; a script starting hundreds is refused.
        builder.Services.AddPostsPerAddress(CheckoutRateLimit, _ => (20, TimeSpan.FromMinutes(10)));
    }
}
