#!/usr/bin/env python3
"""Writes a synthetic AWS CLI dump (Batfish's aws_configs layout) of an organisation, for
measuring `vpcpath import aws` at scale: N VPCs, each with S subnets, a route table per subnet,
two security groups, a network ACL and an instance per subnet, all attached to one transit
gateway. Deterministic.  Usage: scripts/gen-aws-dump.py OUT [VPCS] [SUBNETS]"""
import json
import os
import sys

out = sys.argv[1]
vpcs = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
subnets = int(sys.argv[3]) if len(sys.argv) > 3 else 10
if vpcs > 12288 or subnets > 16:
    sys.exit("at most 12,288 VPCs of at most 16 subnets")
region, account = "us-east-1", "111122223333"
d = os.path.join(out, "accounts", account, region)
os.makedirs(d, exist_ok=True)
V, S, R, G, A, I, VA, P = [], [], [], [], [], [], [], []
for v in range(vpcs):
    vid = f"vpc-{v:017x}"
    # A /20 each: 10.0.0.0/8 for the first 4,096 VPCs, then 11.0.0.0/8 and 12.0.0.0/8.
    net = f"{10 + v // 4096}.{v % 4096 // 16}"
    base = f"{net}.{(v % 16) * 16}"
    V.append({"VpcId": vid, "CidrBlock": f"{base}.0/20", "OwnerId": account, "IsDefault": False,
              "CidrBlockAssociationSet": [{"CidrBlock": f"{base}.0/20", "CidrBlockState": {"State": "associated"}}]})
    sgs = [f"sg-{v:015x}01", f"sg-{v:015x}02"]
    for k, g in enumerate(sgs):
        G.append({"GroupId": g, "GroupName": "default" if k == 0 else "app", "VpcId": vid, "OwnerId": account,
                  "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "10.0.0.0/8"}], "UserIdGroupPairs": [{"GroupId": g}]}],
                  "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]})
    acl = {"NetworkAclId": f"acl-{v:017x}", "VpcId": vid, "IsDefault": True, "Associations": [], "Entries": [
        {"RuleNumber": 100, "Protocol": "-1", "RuleAction": "allow", "Egress": e, "CidrBlock": "0.0.0.0/0"} for e in (True, False)]}
    for s in range(subnets):
        sid = f"subnet-{v:013x}{s:04x}"
        third = (v % 16) * 16 + s
        S.append({"SubnetId": sid, "VpcId": vid, "CidrBlock": f"{net}.{third}.0/24", "AvailabilityZone": f"{region}{'abc'[s % 3]}"})
        R.append({"RouteTableId": f"rtb-{v:013x}{s:04x}", "VpcId": vid,
                  "Associations": [{"Main": s == 0, "SubnetId": sid}],
                  "Routes": [{"DestinationCidrBlock": f"{base}.0/20", "GatewayId": "local", "State": "active"},
                             {"DestinationCidrBlock": "0.0.0.0/0", "TransitGatewayId": "tgw-0000000000000001", "State": "active"}]})
        acl["Associations"].append({"SubnetId": sid, "NetworkAclId": acl["NetworkAclId"]})
        I.append({"InstanceId": f"i-{v:013x}{s:04x}", "SubnetId": sid, "VpcId": vid, "PrivateIpAddress": f"{net}.{third}.10",
                  "State": {"Name": "running"}, "SecurityGroups": [{"GroupId": sgs[1]}]})
    A.append(acl)
    att = f"tgw-attach-{v:017x}"
    VA.append({"TransitGatewayAttachmentId": att, "TransitGatewayId": "tgw-0000000000000001", "VpcId": vid,
               "SubnetIds": [f"subnet-{v:013x}{s:04x}" for s in range(min(3, subnets))], "State": "available"})
    P.append({"TransitGatewayAttachmentId": att, "ResourceId": vid, "ResourceType": "vpc", "State": "enabled"})
files = {
    "Vpcs": V, "Subnets": S, "RouteTables": R, "SecurityGroups": G, "NetworkAcls": A,
    "Reservations": [{"Instances": I}],
    "TransitGateways": [{"TransitGatewayId": "tgw-0000000000000001", "State": "available", "OwnerId": account}],
    "TransitGatewayVpcAttachments": VA,
    "TransitGatewayAttachments": [{"TransitGatewayAttachmentId": x["TransitGatewayAttachmentId"], "TransitGatewayId": "tgw-0000000000000001",
                                   "ResourceId": x["VpcId"], "ResourceType": "vpc", "State": "available",
                                   "Association": {"TransitGatewayRouteTableId": "tgw-rtb-0000000000000001", "State": "associated"}} for x in VA],
    "TransitGatewayRouteTables": [{"TransitGatewayRouteTableId": "tgw-rtb-0000000000000001", "TransitGatewayId": "tgw-0000000000000001"}],
    "TransitGatewayPropagations": [{"TransitGatewayRouteTableId": "tgw-rtb-0000000000000001", "TransitGatewayRouteTablePropagations": P}],
}
for k, v in files.items():
    with open(os.path.join(d, f"{k}.json"), "w") as f:
        json.dump({k: v}, f, indent=1)
