using Deployer.Bot.ChatOps;
using Deployer.Core.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;

namespace Deployer.Bot.Tests.ChatOps;

public sealed class AddChatOpsTests
{
    [Fact]
    public void A_second_call_adds_nothing_and_the_hold_store_is_left_as_registered()
    {
        var services = new ServiceCollection();
        var store = Substitute.For<IHoldStore>();
        services.AddSingleton(store);
        var configuration = new ConfigurationBuilder().Build();

        services.AddChatOps(configuration);
        var once = services.Select(d => (d.ServiceType, d.ImplementationType)).ToList();
        services.AddChatOps(configuration);

        Assert.Equal(once, services.Select(d => (d.ServiceType, d.ImplementationType)).ToList());
        // No store decorator: announcements are queued by the store itself, with the change.
        Assert.Same(store, services.Single(d => d.ServiceType == typeof(IHoldStore)).ImplementationInstance);
        Assert.Single(services, d => d.ServiceType == typeof(IEventPublisher));
    }
}
