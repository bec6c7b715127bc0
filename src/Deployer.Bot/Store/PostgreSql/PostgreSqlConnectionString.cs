using Npgsql;

namespace Deployer.Bot.Store.PostgreSql;

/// <summary>Accepts Npgsql's keyword form and the <c>postgres://user:password@host:port/database?sslmode=require</c> URL form Heroku hands out.</summary>
public static class PostgreSqlConnectionString
{
    public static bool TryNormalize(string value, out string normalized, out string error)
    {
        ArgumentNullException.ThrowIfNull(value);
        normalized = "";
        error = "";
        try
        {
            var builder = value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
                ? FromUrl(new Uri(value))
                : new NpgsqlConnectionStringBuilder(value);
            if (string.IsNullOrEmpty(builder.Host))
            {
                error = "no Host";
                return false;
            }

            normalized = builder.ConnectionString;
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or UriFormatException or FormatException or KeyNotFoundException)
        {
            error = ex.Message;
            return false;
        }
    }

    public static string Normalize(string value) =>
        TryNormalize(value, out var normalized, out var error) ? normalized : throw new ArgumentException(error, nameof(value));

    private static NpgsqlConnectionStringBuilder FromUrl(Uri url)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = url.Host,
            Port = url.IsDefaultPort || url.Port <= 0 ? 5432 : url.Port,
            Database = Uri.UnescapeDataString(url.AbsolutePath.TrimStart('/')),
        };
        var userInfo = url.UserInfo.Split(':', 2);
        if (userInfo[0].Length > 0)
        {
            builder.Username = Uri.UnescapeDataString(userInfo[0]);
        }

        if (userInfo.Length > 1)
        {
            builder.Password = Uri.UnescapeDataString(userInfo[1]);
        }

        foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            var value = kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : "";
            builder[key.Equals("sslmode", StringComparison.OrdinalIgnoreCase) ? "SSL Mode" : key] = value;
        }

        return builder;
    }
}
