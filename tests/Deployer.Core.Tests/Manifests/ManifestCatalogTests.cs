using Deployer.Core.Manifests;

namespace Deployer.Core.Tests.Manifests;

public sealed class ManifestCatalogTests
{
    private static ServiceManifest Manifest(string service) => new()
    {
        Service = service,
        Stages = [new StageSpec { Name = "s", Targets = [$"{service}-1"] }],
    };

    [Fact]
    public void Find_is_case_insensitive_and_null_for_unknown_services()
    {
        var catalog = new ManifestCatalog([Manifest("billing"), Manifest("router")]);

        Assert.Equal("router", catalog.Find("ROUTER")?.Service);
        Assert.Null(catalog.Find("checkout"));
        Assert.Equal(2, catalog.All.Count);
        Assert.Empty(catalog.Errors);
    }

    [Fact]
    public void Built_from_a_load_result_it_keeps_the_errors()
    {
        var error = new ManifestError("bad.json", "$.stages", "must not be empty");

        var catalog = new ManifestCatalog(new ManifestLoadResult([Manifest("billing")], [error]));

        Assert.Equal([error], catalog.Errors);
        Assert.NotNull(catalog.Find("billing"));
    }

    [Fact]
    public void Duplicate_services_in_code_are_a_programming_error() =>
        Assert.Throws<ArgumentException>(() => new ManifestCatalog([Manifest("billing"), Manifest("Billing")]));
}
