using Microsoft.Extensions.Options;

namespace Masthead.IntegrationTests.Infrastructure;

public static class StartFailure
{
    /// <summary>Starts the app expecting it to refuse, and returns what its settings check said.</summary>
    public static async Task<string> OfAsync(MastheadApp app)
    {
        try
        {
            var failure = await Assert.ThrowsAnyAsync<Exception>(app.InitializeAsync);
            for (Exception? e = failure; e is not null; e = e.InnerException)
            {
                if (e is OptionsValidationException invalid) return invalid.Message;
            }
            Assert.Fail($"The app failed to start, but not on its settings: {failure}");
            return "";
        }
        finally
        {
            try { await app.DisposeAsync(); } catch (Exception) { /* it never started */ }
        }
    }
}
