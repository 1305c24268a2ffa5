using Masthead.Infrastructure.Email;

namespace Masthead.Tests.Email;

public sealed class OutboxBackoffTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(7, 64)]
    [InlineData(8, 128)]
    public void Each_failure_doubles_the_wait_from_one_minute(int attempts, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), OutboxSender.Backoff(attempts));

    [Theory]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(1000)]
    public void The_wait_never_exceeds_four_hours(int attempts) =>
        Assert.Equal(TimeSpan.FromHours(4), OutboxSender.Backoff(attempts));

    [Fact]
    public void With_the_default_attempts_a_message_is_tried_for_about_two_hours_before_it_is_given_up()
    {
        var options = new EmailOptions();
        var total = Enumerable.Range(1, options.MaxAttempts - 1).Select(OutboxSender.Backoff).Aggregate(TimeSpan.Zero, (a, b) => a + b);
        Assert.Equal(TimeSpan.FromMinutes(127), total);
    }
}
