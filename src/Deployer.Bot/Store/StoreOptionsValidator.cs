using Deployer.Bot.Store.PostgreSql;
using Microsoft.Extensions.Options;

namespace Deployer.Bot.Store;

/// <summary>PostgreSQL needs a readable connection string, named by key and environment variable when it is missing or bad.</summary>
internal sealed class StoreOptionsValidator : IValidateOptions<StoreOptions>
{
    public ValidateOptionsResult Validate(string? name, StoreOptions options)
    {
        if (options.Provider != StoreProvider.PostgreSql)
        {
            return ValidateOptionsResult.Success;
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail(
                "Store:ConnectionString is required when Store:Provider is PostgreSql; set the environment variable Store__ConnectionString");
        }

        return PostgreSqlConnectionString.TryNormalize(options.ConnectionString, out _, out var error)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Store:ConnectionString is not a PostgreSQL connection string ({error}); set the environment variable Store__ConnectionString");
    }
}
