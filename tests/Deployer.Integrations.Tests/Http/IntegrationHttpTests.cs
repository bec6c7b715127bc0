using System.Net;
using Deployer.Integrations.Http;

namespace Deployer.Integrations.Tests.Http;

public sealed class IntegrationHttpTests
{
    [Theory]
    [InlineData("""{"id":"rate_limit","message":"Slow down"}""", "rate_limit", "Slow down")]
    [InlineData("""{"message":"Bad credentials"}""", null, "Bad credentials")]
    [InlineData("""{"error":{"message":"Unauthorized","code":2006}}""", null, "Unauthorized")]
    [InlineData("\"bad matcher\"", null, "bad matcher")]
    [InlineData("upstream connect error", null, "upstream connect error")]
    [InlineData("<html><body>502</body></html>", null, null)]
    [InlineData("", null, null)]
    public void Error_bodies_of_every_system_give_their_id_and_message(string body, string? id, string? message)
    {
        Assert.Equal((id, message), IntegrationHttp.ParseErrorBody(body));
    }

    [Fact]
    public void Long_error_bodies_are_shortened_to_one_line()
    {
        var (_, message) = IntegrationHttp.ParseErrorBody(new string('x', 150) + "\n" + new string('y', 150));

        Assert.Equal(201, message!.Length);
        Assert.DoesNotContain('\n', message);
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, "", "HTTP 503 Service Unavailable")] // a status line without a phrase
    [InlineData(HttpStatusCode.TooManyRequests, "", "HTTP 429 Too Many Requests")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "Back Soon", "HTTP 503 Back Soon")] // the server's own phrase wins
    public async Task Errors_name_the_status_with_its_reason_phrase(HttpStatusCode status, string phrase, string expected)
    {
        using var response = new HttpResponseMessage(status) { ReasonPhrase = phrase, Content = new StringContent("") };

        var error = await IntegrationHttp.ErrorAsync(response, "Heroku", CancellationToken.None);

        Assert.Equal($"Heroku: {expected}", error.Message);
    }

    [Theory]
    [InlineData(300, "300ms")]
    [InlineData(5000, "5s")]
    [InlineData(1500, "1.5s")]
    [InlineData(1_800_000, "30m")]
    public void Durations_read_short(int milliseconds, string expected)
    {
        Assert.Equal(expected, IntegrationHttp.Format(TimeSpan.FromMilliseconds(milliseconds)));
    }
}
