namespace Deployer.Bot.Tests.Support;

/// <summary>Test classes in this collection share one <see cref="PostgresServer"/> (each test still gets its own database).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
