#!/usr/bin/env python3
"""Read-only collector for `vpcpath import aws`: runs the AWS CLI's describe/get/list calls for
the current profile's account in the Regions asked, and writes their JSON in the layout the
importer (and Batfish) read:  OUT/accounts/<account>/<region>/<Key>.json  (and .../global/ for
Route 53). Where the CLI's output names nothing (`items`) or not its parent (a record set, a
stage), the output is wrapped under a key of its own (docs/import.md).

Usage: scripts/collect-aws.py [--endpoint-url URL] OUT REGION [REGION ...]
  --endpoint-url URL  send every call to URL instead of AWS's endpoints (an emulator such as
                      moto's, on http://127.0.0.1:5000); the AWS CLI's own AWS_ENDPOINT_URL
                      does the same.
Needs the AWS CLI and the permissions in docs/import.md. Each account is collected into a
temporary folder beside OUT and moved to OUT/accounts/<account> only once every call has
answered (replacing that account's earlier dump, if any; other accounts' folders are left as
they are). When a call fails, the CLI's own message and the call are printed, the temporary
folder is removed, OUT is left unchanged, and the collector exits 1 (but for the Direct Connect
calls, which an emulator may not answer: those are said on stderr and left out). Never writes secrets: VPN connections without their customer gateway
configuration (the tunnels' pre-shared keys), Lambda functions without their code or
environment (the CLI receives them; they are dropped before anything is written)."""
import json
import os
import shutil
import subprocess
import sys
import tempfile


ENDPOINT = []


class Failed(Exception):
    """An AWS CLI call that failed: the call and the CLI's own message."""


def aws(*args, region=None):
    cmd = ["aws", *args, "--output", "json", *ENDPOINT]
    if region:
        cmd += ["--region", region]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True)
    except FileNotFoundError:
        raise Failed("the AWS CLI (`aws`) is not on PATH: install it (https://aws.amazon.com/cli/)")
    if done.returncode != 0:
        message = done.stderr.strip() or f"exit status {done.returncode}, nothing on stderr"
        raise Failed(f"`{' '.join(cmd)}` failed:\n{message}")
    try:
        return json.loads(done.stdout) if done.stdout.strip() else {}
    except json.JSONDecodeError as e:
        raise Failed(f"`{' '.join(cmd)}` printed something that is not JSON ({e})")


def write(path, key, value):
    with open(path, "w") as f:
        json.dump({key: value}, f, indent=1, sort_keys=True)


def collect(out, region, account):
    d = os.path.join(out, "accounts", account, region)
    os.makedirs(d, exist_ok=True)
    print(f"collecting {account} {region} into {d}", file=sys.stderr)

    def ec2(call, key, *args):
        data = aws("ec2", call, *args, region=region).get(key, [])
        write(os.path.join(d, f"{key}.json"), key, data)
        return data

    vpcs = ec2("describe-vpcs", "Vpcs")
    for call, key in [
        ("describe-subnets", "Subnets"), ("describe-route-tables", "RouteTables"),
        ("describe-internet-gateways", "InternetGateways"), ("describe-nat-gateways", "NatGateways"),
        ("describe-vpc-endpoints", "VpcEndpoints"), ("describe-security-groups", "SecurityGroups"),
        ("describe-network-acls", "NetworkAcls"), ("describe-network-interfaces", "NetworkInterfaces"),
        ("describe-instances", "Reservations"), ("describe-vpc-peering-connections", "VpcPeeringConnections"),
        ("describe-prefix-lists", "PrefixLists"), ("describe-dhcp-options", "DhcpOptions"),
        ("describe-transit-gateways", "TransitGateways"),
        ("describe-transit-gateway-attachments", "TransitGatewayAttachments"),
        ("describe-transit-gateway-vpc-attachments", "TransitGatewayVpcAttachments"),
        ("describe-transit-gateway-peering-attachments", "TransitGatewayPeeringAttachments"),
        ("describe-vpn-gateways", "VpnGateways"), ("describe-customer-gateways", "CustomerGateways"),
    ]:
        ec2(call, key)
    # Managed prefix lists (AWS's and the account's own) and their entries: what a route or a
    # rule naming one stands for. describe-managed-prefix-lists prints them under PrefixLists,
    # the key describe-prefix-lists uses too: written under a key of their own.
    lists = aws("ec2", "describe-managed-prefix-lists", region=region).get("PrefixLists", [])
    write(os.path.join(d, "ManagedPrefixLists.json"), "ManagedPrefixLists", lists)
    write(os.path.join(d, "ManagedPrefixListEntries.json"), "ManagedPrefixListEntries", [
        {"PrefixListId": p["PrefixListId"],
         "Entries": aws("ec2", "get-managed-prefix-list-entries", "--prefix-list-id", p["PrefixListId"], region=region).get("Entries", [])}
        for p in lists])
    tables = ec2("describe-transit-gateway-route-tables", "TransitGatewayRouteTables")
    # Without CustomerGatewayConfiguration: it holds the tunnels' pre-shared keys.
    keep = ("VpnConnectionId", "State", "Type", "CustomerGatewayId", "VpnGatewayId", "TransitGatewayId", "Routes")
    vpns = aws("ec2", "describe-vpn-connections", region=region).get("VpnConnections", [])
    write(os.path.join(d, "VpnConnections.json"), "VpnConnections", [{k: v[k] for k in keep if k in v} for v in vpns])
    attrs = []
    for v in vpcs:
        a = {"VpcId": v["VpcId"]}
        for attribute in ("enableDnsSupport", "enableDnsHostnames"):
            a.update(aws("ec2", "describe-vpc-attribute", "--vpc-id", v["VpcId"], "--attribute", attribute, region=region))
        attrs.append(a)
    write(os.path.join(d, "VpcAttributes.json"), "VpcAttributes", attrs)
    props, statics, references = [], [], []
    for t in tables:
        rt = t["TransitGatewayRouteTableId"]
        p = aws("ec2", "get-transit-gateway-route-table-propagations", "--transit-gateway-route-table-id", rt, region=region)
        props.append({"TransitGatewayRouteTableId": rt, **p})
        s = aws("ec2", "search-transit-gateway-routes", "--transit-gateway-route-table-id", rt,
                "--filters", "Name=type,Values=static", region=region)
        statics.append({"TransitGatewayRouteTableId": rt, **s})
        # A prefix list reference's routes are listed as propagated: the references themselves
        # (each names its table) say which list, and to which attachment or a blackhole.
        references += aws("ec2", "get-transit-gateway-prefix-list-references", "--transit-gateway-route-table-id", rt,
                          region=region).get("TransitGatewayPrefixListReferences", [])
    write(os.path.join(d, "TransitGatewayPropagations.json"), "TransitGatewayPropagations", props)
    write(os.path.join(d, "TransitGatewayStaticRoutes.json"), "TransitGatewayStaticRoutes", statics)
    write(os.path.join(d, "TransitGatewayPrefixListReferences.json"), "TransitGatewayPrefixListReferences", references)

    # Load balancers (ELBv2), their listeners, target groups, targets' health and attributes,
    # each list of a load balancer's or target group's wrapped with its ARN (as Batfish's
    # snapshots write them); Classic Load Balancers are listed to be named in a note.
    lbs = aws("elbv2", "describe-load-balancers", region=region).get("LoadBalancers", [])
    write(os.path.join(d, "LoadBalancers.json"), "LoadBalancers", lbs)
    write(os.path.join(d, "LoadBalancerListeners.json"), "LoadBalancerListeners", [
        {"LoadBalancerArn": b["LoadBalancerArn"],
         "Listeners": aws("elbv2", "describe-listeners", "--load-balancer-arn", b["LoadBalancerArn"], region=region).get("Listeners", [])}
        for b in lbs])
    write(os.path.join(d, "LoadBalancerAttributes.json"), "LoadBalancerAttributes", [
        {"LoadBalancerArn": b["LoadBalancerArn"],
         "Attributes": aws("elbv2", "describe-load-balancer-attributes", "--load-balancer-arn", b["LoadBalancerArn"], region=region).get("Attributes", [])}
        for b in lbs])
    groups = aws("elbv2", "describe-target-groups", region=region).get("TargetGroups", [])
    write(os.path.join(d, "TargetGroups.json"), "TargetGroups", groups)
    write(os.path.join(d, "LoadBalancerTargetHealth.json"), "LoadBalancerTargetHealth", [
        {"TargetGroupArn": g["TargetGroupArn"],
         "TargetHealthDescriptions": aws("elbv2", "describe-target-health", "--target-group-arn", g["TargetGroupArn"], region=region).get("TargetHealthDescriptions", [])}
        for g in groups])
    write(os.path.join(d, "TargetGroupAttributes.json"), "TargetGroupAttributes", [
        {"TargetGroupArn": g["TargetGroupArn"],
         "Attributes": aws("elbv2", "describe-target-group-attributes", "--target-group-arn", g["TargetGroupArn"], region=region).get("Attributes", [])}
        for g in groups])
    classic = aws("elb", "describe-load-balancers", region=region).get("LoadBalancerDescriptions", [])
    write(os.path.join(d, "LoadBalancerDescriptions.json"), "LoadBalancerDescriptions", classic)

    apis = aws("apigateway", "get-rest-apis", region=region).get("items", [])
    write(os.path.join(d, "RestApis.json"), "RestApis", apis)
    write(os.path.join(d, "RestApiStages.json"), "RestApiStages", [
        {"restApiId": a["id"], "item": aws("apigateway", "get-stages", "--rest-api-id", a["id"], region=region).get("item", [])}
        for a in apis])
    domains = aws("apigateway", "get-domain-names", region=region).get("items", [])
    write(os.path.join(d, "DomainNames.json"), "DomainNames", domains)
    write(os.path.join(d, "BasePathMappings.json"), "BasePathMappings", [
        {"domainName": x["domainName"],
         "items": aws("apigateway", "get-base-path-mappings", "--domain-name", x["domainName"], region=region).get("items", [])}
        for x in domains])
    apis2 = aws("apigatewayv2", "get-apis", region=region).get("Items", [])
    write(os.path.join(d, "Apis.json"), "Apis", apis2)
    for call, key in (("get-stages", "ApiStages"), ("get-routes", "ApiRoutes")):
        write(os.path.join(d, f"{key}.json"), key, [
            {"ApiId": a["ApiId"], "Items": aws("apigatewayv2", call, "--api-id", a["ApiId"], region=region).get("Items", [])}
            for a in apis2])
    endpoints = aws("route53resolver", "list-resolver-endpoints", region=region).get("ResolverEndpoints", [])
    write(os.path.join(d, "ResolverEndpoints.json"), "ResolverEndpoints", endpoints)
    write(os.path.join(d, "ResolverEndpointIpAddresses.json"), "ResolverEndpointIpAddresses", [
        {"ResolverEndpointId": e["Id"],
         "IpAddresses": aws("route53resolver", "list-resolver-endpoint-ip-addresses", "--resolver-endpoint-id", e["Id"], region=region).get("IpAddresses", [])}
        for e in endpoints])
    for call, key in (("list-resolver-rules", "ResolverRules"), ("list-resolver-rule-associations", "ResolverRuleAssociations")):
        write(os.path.join(d, f"{key}.json"), key, aws("route53resolver", call, region=region).get(key, []))
    collect_direct_connect(d, region)
    functions = aws("lambda", "list-functions", region=region).get("Functions", [])
    write(os.path.join(d, "Functions.json"), "Functions",
          [{"FunctionName": f["FunctionName"], "VpcConfig": f.get("VpcConfig", {})} for f in functions])


def collect_direct_connect(d, region):
    """Direct Connect gateways (global: every Region lists them, the importer keeps one), their
    associations, and the Region's virtual interfaces. An endpoint that does not answer these
    calls (an emulator without Direct Connect) leaves them out, said on stderr."""
    try:
        gateways = aws("directconnect", "describe-direct-connect-gateways", region=region).get("directConnectGateways", [])
        associations = []
        for g in gateways:
            associations += aws("directconnect", "describe-direct-connect-gateway-associations",
                                "--direct-connect-gateway-id", g["directConnectGatewayId"],
                                region=region).get("directConnectGatewayAssociations", [])
        interfaces = aws("directconnect", "describe-virtual-interfaces", region=region).get("virtualInterfaces", [])
    except Failed as e:
        print(f"Direct Connect not collected in {region}: {e}", file=sys.stderr)
        return
    # The Direct Connect CLI spells its fields in camelCase; the dump spells them as Batfish's
    # snapshots and the EC2 CLI do (`DirectConnectGatewayId`).
    write(os.path.join(d, "DirectConnectGateways.json"), "DirectConnectGateways", pascal(gateways))
    write(os.path.join(d, "DirectConnectGatewayAssociations.json"), "DirectConnectGatewayAssociations", pascal(associations))
    write(os.path.join(d, "VirtualInterfaces.json"), "VirtualInterfaces", pascal(interfaces))


def pascal(value):
    """A JSON value with each object key's first letter in upper case."""
    if isinstance(value, dict):
        return {k[:1].upper() + k[1:]: pascal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [pascal(v) for v in value]
    return value


def collect_route53(out, account):
    d = os.path.join(out, "accounts", account, "global")
    os.makedirs(d, exist_ok=True)
    zones = aws("route53", "list-hosted-zones").get("HostedZones", [])
    write(os.path.join(d, "HostedZones.json"), "HostedZones", zones)
    write(os.path.join(d, "HostedZoneRecordSets.json"), "HostedZoneRecordSets", [
        {"HostedZoneId": z["Id"], "ResourceRecordSets": aws("route53", "list-resource-record-sets", "--hosted-zone-id", z["Id"]).get("ResourceRecordSets", [])}
        for z in zones])
    write(os.path.join(d, "HostedZoneVpcs.json"), "HostedZoneVpcs", [
        {"HostedZoneId": z["Id"], "VPCs": aws("route53", "get-hosted-zone", "--id", z["Id"]).get("VPCs", [])}
        for z in zones if z.get("Config", {}).get("PrivateZone")])


def main():
    args = sys.argv[1:]
    if args[:1] == ["--endpoint-url"] and len(args) > 1:
        ENDPOINT.extend(args[:2])
        args = args[2:]
    elif args[:1] and args[0].startswith("--endpoint-url="):
        ENDPOINT.extend(["--endpoint-url", args[0].split("=", 1)[1]])
        args = args[1:]
    if len(args) < 2 or args[0].startswith("-"):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    out, regions = args[0], args[1:]
    staging = None
    try:
        account = aws("sts", "get-caller-identity")["Account"]
        staging = stage(out)
        for region in regions:
            collect(staging, region, account)
        collect_route53(staging, account)
        publish(staging, out, account)
    except Failed as e:
        print(f"collect-aws.py: {e}", file=sys.stderr)
        print(f"collect-aws.py: stopped; nothing written: {out} is as it was", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print(f"collect-aws.py: interrupted; nothing written: {out} is as it was", file=sys.stderr)
        sys.exit(130)
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    print(f"done: vpcpath import aws {out} > network.yaml", file=sys.stderr)


def stage(out):
    """A temporary folder beside OUT (so that moving out of it is a rename on one file system)."""
    parent = os.path.dirname(os.path.abspath(out))
    try:
        os.makedirs(parent, exist_ok=True)
        return tempfile.mkdtemp(prefix=f".{os.path.basename(os.path.abspath(out))}.collecting-", dir=parent)
    except OSError as e:
        raise Failed(f"cannot make a temporary folder in {parent}: {e.strerror}")


def publish(staging, out, account):
    """Moves the complete account folder into OUT/accounts/<account>, replacing an earlier one."""
    done = os.path.join(staging, "accounts", account)
    target = os.path.join(out, "accounts", account)
    replaced = os.path.join(staging, "replaced")
    try:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if os.path.exists(target):
            os.rename(target, replaced)
        os.rename(done, target)
    except OSError as e:
        if os.path.exists(replaced) and not os.path.exists(target):
            os.rename(replaced, target)
        raise Failed(f"cannot move the collected account into {target}: {e.strerror}")


if __name__ == "__main__":
    main()
