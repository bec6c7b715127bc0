using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Deployer.Bot.Startup;

/// <summary>
/// Checks, before the host starts, what would otherwise fail inside it: every validated option and the HTTP address.
/// The host logs a failed start with its whole stack trace; failing here first leaves only <see cref="StartupGuard"/>'s
/// one line per problem.
/// </summary>
public static class StartupPreflight
{
    public static void Check(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Services.GetService<IStartupValidator>()?.Validate();
        foreach (var endpoint in Endpoints(app.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            EnsureFree(endpoint);
        }
    }

    /// <summary>The IP endpoints named by an <c>Urls</c> value (<c>http://127.0.0.1:5080;http://localhost:5081</c>); port 0 and odd hosts skipped.</summary>
    public static IEnumerable<IPEndPoint> Endpoints(string? urls)
    {
        foreach (var url in (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var normalized = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
            if (!Uri.TryCreate(normalized, UriKind.Absolute, out var uri) || uri.Port <= 0)
            {
                continue;
            }

            var address = uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
                : IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) ? ip : null;
            if (address is not null)
            {
                yield return new IPEndPoint(address, uri.Port);
            }
        }
    }

    private static void EnsureFree(IPEndPoint endpoint)
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(endpoint);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new IOException($"Failed to bind to address http://{endpoint}: address already in use.", ex);
        }
    }
}
