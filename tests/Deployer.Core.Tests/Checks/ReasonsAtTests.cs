using Deployer.Core.Checks;

namespace Deployer.Core.Tests.Checks;

public sealed class ReasonsAtTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 21, 49, 45, TimeSpan.Zero);

    [Theory]
    [InlineData(60, "21:50:45 UTC")]
    [InlineData(-30, "21:49:15 UTC")]
    [InlineData(15, "21:50 UTC")]
    [InlineData(7200, "23:49 UTC")]
    public void Shows_seconds_within_the_hour_where_minutes_would_mislead(int seconds, string expected) =>
        Assert.Equal(expected, Reasons.At(Now.AddSeconds(seconds), Now));
}
