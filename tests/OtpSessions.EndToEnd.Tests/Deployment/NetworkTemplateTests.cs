using System.Text.Json.Nodes;
using Xunit;

namespace OtpSessions.EndToEnd.Tests.Deployment;

/// <summary>
/// The optional private networking of infra/main.bicep (parameter <c>vnetEnabled</c>, off by default) as compiled: the
/// network module only when it is on, the function app joining its delegated subnet, storage reached through private
/// endpoints (blob, queue, table) with their private DNS zones, and the storage account's public endpoint disabled.
/// </summary>
public sealed class NetworkTemplateTests
{
    [Fact]
    public async Task Vnet_is_off_by_default_and_when_on_the_app_joins_a_subnet_delegated_to_flex_consumption()
    {
        var main = await ArmTemplate.MainAsync();

        var parameter = main["parameters"]!["vnetEnabled"]!;
        Assert.Equal("bool", (string?)parameter["type"]);
        Assert.False((bool)parameter["defaultValue"]!);
        var network = Module(main, "network");
        Assert.Equal("[parameters('vnetEnabled')]", (string?)network["condition"]);

        var api = Module(main, "api");
        var subnet = (string?)api["properties"]!["parameters"]!["virtualNetworkSubnetId"] ?? "";
        Assert.StartsWith("[if(parameters('vnetEnabled'), ", subnet, StringComparison.Ordinal);
        Assert.Contains("'network'", subnet, StringComparison.Ordinal);
        Assert.Contains(".outputs.appSubnetId.value", subnet, StringComparison.Ordinal);
        Assert.EndsWith("createObject('value', ''))]", subnet, StringComparison.Ordinal);
        var site = Resource(Template(api), "Microsoft.Web/sites");
        Assert.Equal("[if(empty(parameters('virtualNetworkSubnetId')), null(), parameters('virtualNetworkSubnetId'))]",
            (string?)site["properties"]!["virtualNetworkSubnetId"]);

        var virtualNetwork = Resource(Template(network), "Microsoft.Network/virtualNetworks");
        var subnets = virtualNetwork["properties"]!["subnets"]!.AsArray().Select(s => s!.AsObject()).ToList();
        var appSubnet = subnets.Single(s => (string?)s["name"] == "app");
        Assert.Equal("Microsoft.App/environments",
            (string?)Assert.Single(appSubnet["properties"]!["delegations"]!.AsArray())!["properties"]!["serviceName"]);
        Assert.Contains(subnets, s => (string?)s["name"] == "private-endpoints"
            && (string?)s["properties"]!["privateEndpointNetworkPolicies"] == "Disabled");
    }

    [Fact]
    public async Task When_on_storage_is_reached_through_private_endpoints_with_dns_zones_and_refuses_its_public_endpoint()
    {
        var main = await ArmTemplate.MainAsync();

        var network = Template(Module(main, "network"));
        Assert.Equal(["blob", "queue", "table"], network["variables"]!["storageServices"]!.AsArray().Select(s => (string)s!));
        foreach (var type in new[]
        {
            "Microsoft.Network/privateEndpoints", "Microsoft.Network/privateDnsZones",
            "Microsoft.Network/privateDnsZones/virtualNetworkLinks", "Microsoft.Network/privateEndpoints/privateDnsZoneGroups",
        })
        {
            Assert.Equal("[length(variables('storageServices'))]", (string?)Resource(network, type)["copy"]!["count"]);
        }
        var endpoint = Resource(network, "Microsoft.Network/privateEndpoints");
        var connection = Assert.Single(endpoint["properties"]!["privateLinkServiceConnections"]!.AsArray())!;
        Assert.StartsWith("[variables('storageServices')[copyIndex(",
            (string?)Assert.Single(connection["properties"]!["groupIds"]!.AsArray()), StringComparison.Ordinal);
        Assert.Contains("privatelink.", (string?)Resource(network, "Microsoft.Network/privateDnsZones")["name"], StringComparison.Ordinal);

        var storageModule = Module(main, "storage");
        Assert.Equal("[parameters('vnetEnabled')]", (string?)storageModule["properties"]!["parameters"]!["privateOnly"]!["value"]);
        var account = Resource(Template(storageModule), "Microsoft.Storage/storageAccounts");
        Assert.Equal("[if(parameters('privateOnly'), 'Disabled', 'Enabled')]", (string?)account["properties"]!["publicNetworkAccess"]);
        Assert.Equal("[if(parameters('privateOnly'), 'Deny', 'Allow')]", (string?)account["properties"]!["networkAcls"]!["defaultAction"]);
        Assert.False((bool)Template(storageModule)["parameters"]!["privateOnly"]!["defaultValue"]!);
    }

    private static JsonObject Module(JsonObject main, string name) =>
        ArmTemplate.Resources(main).Single(r => (string?)r["type"] == "Microsoft.Resources/deployments" && (string?)r["name"] == name);

    private static JsonObject Template(JsonObject module) => module["properties"]!["template"]!.AsObject();

    private static JsonObject Resource(JsonObject template, string type) =>
        ArmTemplate.Resources(template).Single(r => (string?)r["type"] == type);
}
