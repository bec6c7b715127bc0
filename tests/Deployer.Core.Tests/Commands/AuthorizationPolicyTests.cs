using Deployer.Core.Commands;
using Deployer.Core.Tests.Commands.Fakes;

namespace Deployer.Core.Tests.Commands;

public sealed class AuthorizationPolicyTests
{
    private static AuthorizationPolicy Policy(StaticGroups? groups = null) => new(
        new AuthorizationOptions { Operators = ["U_OPS", "@sre"], ForcePromoters = ["U_FORCE"], Approvers = ["@leads", "@missing"] },
        groups ?? new StaticGroups(new() { ["sre"] = ["U_SRE"], ["leads"] = ["U_LEAD"], ["router-team"] = ["U_TEAM"] }),
        CommandFixtures.Catalog);

    [Theory]
    [InlineData("U_OPS", true)]
    [InlineData("U_SRE", true)]
    [InlineData("U_OWNER", true)]
    [InlineData("U_TEAM", true)]
    [InlineData("U_NOBODY", false)]
    public async Task Operators_and_owners_may_hold(string user, bool allowed)
    {
        var permission = await Policy().CanHoldAsync(new Caller(user), CommandFixtures.Router, "hold", default);

        Assert.Equal(allowed, permission.Allowed);
        if (!allowed)
        {
            Assert.Equal("you may not hold router: only Operators and router's owners may, and you are neither", permission.Refusal);
        }
    }

    [Fact]
    public async Task Owners_may_not_hold_other_services()
    {
        var permission = await Policy().CanHoldAsync(new Caller("U_OWNER"), CommandFixtures.Api, "resume", default);

        Assert.False(permission.Allowed);
        Assert.StartsWith("you may not resume api", permission.Refusal);
    }

    [Fact]
    public async Task An_unreadable_group_grants_nothing_but_others_still_count()
    {
        var policy = Policy();

        Assert.True((await policy.CanApproveAsync(new Caller("U_LEAD"), "approve", default)).Allowed);
        Assert.False((await policy.CanApproveAsync(new Caller("U_FORCE"), "approve", default)).Allowed);
    }

    [Fact]
    public async Task Roles_list_global_roles_and_owned_services()
    {
        var roles = await Policy().GetRolesAsync(new Caller("U_TEAM"), default);

        Assert.Equal(ChatRoles.None, roles.Roles);
        Assert.Equal(["router"], roles.OwnedServices);
        Assert.False(roles.Has(ChatRoles.Operator));
    }

    [Fact]
    public async Task The_local_user_holds_every_role_without_asking_groups()
    {
        var groups = new StaticGroups([]);
        var roles = await Policy(groups).GetRolesAsync(Caller.Local, default);

        Assert.True(roles.Has(ChatRoles.All));
        Assert.True(roles.Owns("api"));
        Assert.True((await Policy(groups).CanForceAsync(Caller.Local, CommandFixtures.Router, default)).Allowed);
        Assert.Equal(0, groups.Calls);
    }

    [Fact]
    public async Task Direct_listing_is_found_without_asking_groups()
    {
        var groups = new StaticGroups([]);

        Assert.True((await Policy(groups).CanHoldAsync(new Caller("U_OPS"), CommandFixtures.Router, "hold", default)).Allowed);
        Assert.Equal(0, groups.Calls);
    }
}
