using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Deployer.Bot.Dashboard;

/// <summary>
/// The optional <c>Dashboard:Token</c> gate: with no token configured the pages are open (they listen on loopback by
/// default); with one, a request needs <c>Authorization: Bearer</c>, the cookie, or <c>?token=</c>, which sets the
/// cookie and redirects to the same address without the token (so it does not stay in the address bar or history).
/// </summary>
internal sealed class DashboardAccess(IOptions<DashboardOptions> options) : IEndpointFilter
{
    public const string Cookie = "deployer_dashboard";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var token = options.Value.Token;
        if (string.IsNullOrEmpty(token))
        {
            return await next(context);
        }

        var http = context.HttpContext;
        var request = http.Request;
        if (request.Query.TryGetValue("token", out var fromQuery) && Matches(fromQuery.ToString(), token))
        {
            http.Response.Cookies.Append(Cookie, token, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = request.IsHttps,
                Path = "/",
            });
            if (request.Path.StartsWithSegments("/events"))
            {
                return await next(context);
            }

            var rest = request.Query.Where(q => q.Key != "token").Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}");
            var query = string.Join('&', rest);
            return Results.Redirect(request.PathBase + request.Path + (query.Length == 0 ? "" : "?" + query));
        }

        var bearer = request.Headers.Authorization.ToString();
        if ((bearer.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && Matches(bearer[7..].Trim(), token))
            || (request.Cookies.TryGetValue(Cookie, out var cookie) && Matches(cookie, token)))
        {
            return await next(context);
        }

        return Results.Text(
            "This dashboard needs its token: open it once with ?token=<Dashboard:Token> (a cookie keeps you in), or send Authorization: Bearer <token>.\n",
            "text/plain; charset=utf-8", Encoding.UTF8, StatusCodes.Status401Unauthorized);
    }

    private static bool Matches(string? given, string expected) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
}
