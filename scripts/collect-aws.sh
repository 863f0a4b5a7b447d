#!/usr/bin/env bash
# Read-only collector for `vpcpath import aws`: writes the AWS CLI's describe-* JSON for the
# accounts' Regions asked into the layout the importer (and Batfish) read:
#   OUT/accounts/<account>/<region>/<Key>.json   (one file per call, named by its top-level key)
# Usage: scripts/collect-aws.sh OUT REGION [REGION ...]
#   Uses the credentials of the current AWS CLI profile (AWS_PROFILE); run once per account.
# It only calls describe-*/get-*/list-* APIs, needs the permissions in docs/import.md, and never
# reads secrets: VPN connections are collected without their customer gateway configuration
# (which holds the tunnels' pre-shared keys).
set -euo pipefail
out=${1:?usage: collect-aws.sh OUT REGION [REGION ...]}
shift
[ $# -gt 0 ] || { echo "usage: collect-aws.sh OUT REGION [REGION ...]" >&2; exit 2; }
account=$(aws sts get-caller-identity --query Account --output text)
for region in "$@"; do
  dir="$out/accounts/$account/$region"
  mkdir -p "$dir"
  ec2() { aws ec2 "$@" --region "$region" --output json; }
  echo "collecting $account $region into $dir" >&2
  ec2 describe-vpcs > "$dir/Vpcs.json"
  ec2 describe-subnets > "$dir/Subnets.json"
  ec2 describe-route-tables > "$dir/RouteTables.json"
  ec2 describe-internet-gateways > "$dir/InternetGateways.json"
  ec2 describe-nat-gateways > "$dir/NatGateways.json"
  ec2 describe-vpc-endpoints > "$dir/VpcEndpoints.json"
  ec2 describe-security-groups > "$dir/SecurityGroups.json"
  ec2 describe-network-acls > "$dir/NetworkAcls.json"
  ec2 describe-network-interfaces > "$dir/NetworkInterfaces.json"
  ec2 describe-instances > "$dir/Reservations.json"
  ec2 describe-vpc-peering-connections > "$dir/VpcPeeringConnections.json"
  ec2 describe-prefix-lists > "$dir/PrefixLists.json"
  ec2 describe-dhcp-options > "$dir/DhcpOptions.json"
  ec2 describe-transit-gateways > "$dir/TransitGateways.json"
  ec2 describe-transit-gateway-attachments > "$dir/TransitGatewayAttachments.json"
  ec2 describe-transit-gateway-vpc-attachments > "$dir/TransitGatewayVpcAttachments.json"
  ec2 describe-transit-gateway-route-tables > "$dir/TransitGatewayRouteTables.json"
  ec2 describe-vpn-gateways > "$dir/VpnGateways.json"
  ec2 describe-customer-gateways > "$dir/CustomerGateways.json"
  # Without CustomerGatewayConfiguration: it holds the tunnels' pre-shared keys.
  ec2 describe-vpn-connections \
    --query 'VpnConnections[].{VpnConnectionId: VpnConnectionId, State: State, Type: Type, CustomerGatewayId: CustomerGatewayId, VpnGatewayId: VpnGatewayId, TransitGatewayId: TransitGatewayId, Routes: Routes, Options: {StaticRoutesOnly: Options.StaticRoutesOnly}}' \
    | jq '{VpnConnections: .}' > "$dir/VpnConnections.json"
  # DNS attributes: one describe-vpc-attribute per VPC and attribute.
  jq -r '.Vpcs[].VpcId' "$dir/Vpcs.json" | while read -r vpc; do
    s=$(ec2 describe-vpc-attribute --vpc-id "$vpc" --attribute enableDnsSupport)
    h=$(ec2 describe-vpc-attribute --vpc-id "$vpc" --attribute enableDnsHostnames)
    jq -n --argjson s "$s" --argjson h "$h" '$s + $h'
  done | jq -s '{VpcAttributes: .}' > "$dir/VpcAttributes.json"
  # Per transit gateway route table: its propagations and static routes.
  jq -r '.TransitGatewayRouteTables[].TransitGatewayRouteTableId' "$dir/TransitGatewayRouteTables.json" | while read -r rt; do
    ec2 get-transit-gateway-route-table-propagations --transit-gateway-route-table-id "$rt" \
      | jq --arg rt "$rt" '{TransitGatewayRouteTableId: $rt} + .'
  done | jq -s '{TransitGatewayPropagations: .}' > "$dir/TransitGatewayPropagations.json"
  jq -r '.TransitGatewayRouteTables[].TransitGatewayRouteTableId' "$dir/TransitGatewayRouteTables.json" | while read -r rt; do
    ec2 search-transit-gateway-routes --transit-gateway-route-table-id "$rt" --filters Name=type,Values=static \
      | jq --arg rt "$rt" '{TransitGatewayRouteTableId: $rt} + .'
  done | jq -s '{TransitGatewayStaticRoutes: .}' > "$dir/TransitGatewayStaticRoutes.json"
  # API Gateway (REST APIs): the CLI's `items` name nothing, and stages and mappings do not
  # name their API or domain, so each output is wrapped under a key of its own.
  apigw() { aws apigateway "$@" --region "$region" --output json; }
  apigw get-rest-apis | jq '{RestApis: .items}' > "$dir/RestApis.json"
  jq -r '.RestApis[].id' "$dir/RestApis.json" | while read -r api; do
    apigw get-stages --rest-api-id "$api" | jq --arg api "$api" '{restApiId: $api, item: .item}'
  done | jq -s '{RestApiStages: .}' > "$dir/RestApiStages.json"
  apigw get-domain-names | jq '{DomainNames: .items}' > "$dir/DomainNames.json"
  jq -r '.DomainNames[].domainName' "$dir/DomainNames.json" | while read -r name; do
    apigw get-base-path-mappings --domain-name "$name" | jq --arg d "$name" '{domainName: $d, items: (.items // [])}'
  done | jq -s '{BasePathMappings: .}' > "$dir/BasePathMappings.json"
  # API Gateway v2 (HTTP and WebSocket APIs).
  apigw2() { aws apigatewayv2 "$@" --region "$region" --output json; }
  apigw2 get-apis | jq '{Apis: .Items}' > "$dir/Apis.json"
  jq -r '.Apis[].ApiId' "$dir/Apis.json" | while read -r api; do
    apigw2 get-stages --api-id "$api" | jq --arg api "$api" '{ApiId: $api, Items: .Items}'
  done | jq -s '{ApiStages: .}' > "$dir/ApiStages.json"
  jq -r '.Apis[].ApiId' "$dir/Apis.json" | while read -r api; do
    apigw2 get-routes --api-id "$api" | jq --arg api "$api" '{ApiId: $api, Items: .Items}'
  done | jq -s '{ApiRoutes: .}' > "$dir/ApiRoutes.json"
  # Route 53 Resolver.
  rr() { aws route53resolver "$@" --region "$region" --output json; }
  rr list-resolver-endpoints > "$dir/ResolverEndpoints.json"
  jq -r '.ResolverEndpoints[].Id' "$dir/ResolverEndpoints.json" | while read -r ep; do
    rr list-resolver-endpoint-ip-addresses --resolver-endpoint-id "$ep" | jq --arg ep "$ep" '{ResolverEndpointId: $ep, IpAddresses: .IpAddresses}'
  done | jq -s '{ResolverEndpointIpAddresses: .}' > "$dir/ResolverEndpointIpAddresses.json"
  rr list-resolver-rules > "$dir/ResolverRules.json"
  rr list-resolver-rule-associations > "$dir/ResolverRuleAssociations.json"
  # Lambda functions (their VPC configuration; never their code or environment).
  aws lambda list-functions --region "$region" --output json \
    --query 'Functions[].{FunctionName: FunctionName, VpcConfig: VpcConfig}' | jq '{Functions: .}' > "$dir/Functions.json"
done
# Route 53 is global: once per account.
dir="$out/accounts/$account/global"
mkdir -p "$dir"
aws route53 list-hosted-zones --output json > "$dir/HostedZones.json"
jq -r '.HostedZones[].Id' "$dir/HostedZones.json" | while read -r zone; do
  aws route53 list-resource-record-sets --hosted-zone-id "$zone" --output json | jq --arg z "$zone" '{HostedZoneId: $z} + .'
done | jq -s '{HostedZoneRecordSets: .}' > "$dir/HostedZoneRecordSets.json"
jq -r '.HostedZones[] | select(.Config.PrivateZone) | .Id' "$dir/HostedZones.json" | while read -r zone; do
  aws route53 get-hosted-zone --id "$zone" --output json | jq --arg z "$zone" '{HostedZoneId: $z, VPCs: (.VPCs // [])}'
done | jq -s '{HostedZoneVpcs: .}' > "$dir/HostedZoneVpcs.json"
echo "done: vpcpath import aws $out > network.yaml" >&2
