using System.Net.Http.Json;
using System.Text.Json;

namespace Deployer.Bot.Tests.Support;

/// <summary>Reads the bot's JSON answers as documents.</summary>
internal static class ApiJson
{
    public static async Task<JsonElement> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static IEnumerable<JsonElement> Items(this JsonElement array) => array.EnumerateArray();

    public static string? Str(this JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
