namespace Masthead.IntegrationTests.Infrastructure;

/// <summary>Waits for background work a test cannot call directly, polling the data for at most a few seconds.</summary>
public static class Eventually
{
    public static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done, int seconds = 10)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            if (DateTime.UtcNow > until) Assert.Fail($"Still not done after {seconds} s; last value: {value}");
            await Task.Delay(50);
        }
    }
}
