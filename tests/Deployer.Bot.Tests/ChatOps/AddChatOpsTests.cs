using Deployer.Bot.ChatOps;
using Deployer.Core.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;

namespace Deployer.Bot.Tests.ChatOps;

public sealed class AddChatOpsTests
{
    [Fact]
    public void A_second_call_adds_nothing_so_the_hold_store_is_wrapped_once()
    {
        var services = new ServiceCollection();
        var store = Substitute.For<IHoldStore>();
        services.AddSingleton(store);
        var configuration = new ConfigurationBuilder().Build();

        services.AddChatOps(configuration);
        var once = services.Select(d => (d.ServiceType, d.ImplementationType)).ToList();
        var holdStoreFactory = services.Single(d => d.ServiceType == typeof(IHoldStore)).ImplementationFactory;
        services.AddChatOps(configuration);

        Assert.Equal(once, services.Select(d => (d.ServiceType, d.ImplementationType)).ToList());
        Assert.NotNull(holdStoreFactory);
        Assert.Same(holdStoreFactory, services.Single(d => d.ServiceType == typeof(IHoldStore)).ImplementationFactory);
    }
}
