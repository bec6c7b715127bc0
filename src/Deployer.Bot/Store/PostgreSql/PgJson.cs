using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Deployer.Bot.Store.PostgreSql;

/// <summary>Domain records to and from jsonb, with the same JSON settings LiteDB's payloads use.</summary>
internal static class PgJson
{
    public static NpgsqlParameter Parameter<T>(T value) =>
        new() { Value = JsonSerializer.Serialize(value, StoreJson.Options), NpgsqlDbType = NpgsqlDbType.Jsonb };

    public static T Read<T>(NpgsqlDataReader reader, int ordinal) =>
        JsonSerializer.Deserialize<T>(reader.GetString(ordinal), StoreJson.Options)
        ?? throw new InvalidDataException($"unreadable {typeof(T).Name} document");

    public static NpgsqlParameter Value(object? value) => new() { Value = value ?? DBNull.Value };

    /// <summary>Runs <paramref name="sql"/> and maps every row.</summary>
    public static async Task<List<T>> ListAsync<T>(NpgsqlDataSource dataSource, string sql, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken, params object?[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter as NpgsqlParameter ?? Value(parameter));
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    public static async Task<int> ExecuteAsync(NpgsqlDataSource dataSource, string sql, CancellationToken cancellationToken, params object?[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter as NpgsqlParameter ?? Value(parameter));
        }

        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
