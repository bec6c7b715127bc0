using System.Text.Json;

namespace Deployer.Integrations.Http;

/// <summary>Serializer settings shared by the adapters: strict about nulls and required members, so a bad answer is an error.</summary>
internal static class IntegrationJson
{
    /// <summary>Heroku, GitHub, PagerDuty, Statuspage, Librato: <c>snake_case</c>.</summary>
    public static JsonSerializerOptions SnakeCase { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>Alertmanager and the command platform: <c>camelCase</c>.</summary>
    public static JsonSerializerOptions CamelCase { get; } = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };
}
