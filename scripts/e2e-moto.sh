#!/usr/bin/env bash
# End to end against an emulated account: moto's AWS emulator on loopback, the real AWS CLI
# creates the reported case (a VPC whose execute-api endpoint has private DNS, an instance, a
# public REST API), scripts/collect-aws.py collects it, `vpcpath import aws` imports it, and
# `vpcpath test` checks that the instance's call to the public API is answered 403.
# Nothing reaches the network. Usage: VPCPATH=path/to/vpcpath scripts/e2e-moto.sh
set -euo pipefail
cd "$(dirname "$0")/.."
vpcpath=${VPCPATH:-target/debug/vpcpath}
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
moto_server -H 127.0.0.1 -p "$port" > "$work/moto.log" 2>&1 &
moto=$!
trap 'kill $moto 2>/dev/null; rm -rf "$work"' EXIT
export AWS_ENDPOINT_URL="http://127.0.0.1:$port" AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing \
  AWS_DEFAULT_REGION=us-east-1 AWS_PAGER="" AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
for _ in $(seq 50); do aws sts get-caller-identity > /dev/null 2>&1 && break; sleep 0.2; done
q() { aws "$@" --output text; }
vpc=$(q ec2 create-vpc --cidr-block 10.7.0.0/16 --query Vpc.VpcId)
aws ec2 modify-vpc-attribute --vpc-id "$vpc" --enable-dns-hostnames '{"Value":true}'
subnet=$(q ec2 create-subnet --vpc-id "$vpc" --cidr-block 10.7.1.0/24 --availability-zone us-east-1a --query Subnet.SubnetId)
instance=$(q ec2 run-instances --image-id ami-12c6146b --subnet-id "$subnet" --count 1 --query 'Instances[0].InstanceId')
# The endpoint's own group admits HTTPS from the VPC, as the reported case's does. (moto lists
# the VPC's default group without the rule that admits its own members, which AWS lists.)
sg=$(q ec2 create-security-group --group-name endpoint --description endpoint --vpc-id "$vpc" --query GroupId)
aws ec2 authorize-security-group-ingress --group-id "$sg" --protocol tcp --port 443 --cidr 10.7.0.0/16 > /dev/null
q ec2 create-vpc-endpoint --vpc-id "$vpc" --vpc-endpoint-type Interface --service-name com.amazonaws.us-east-1.execute-api \
  --subnet-ids "$subnet" --security-group-ids "$sg" --private-dns-enabled --query VpcEndpoint.VpcEndpointId > /dev/null
api=$(q apigateway create-rest-api --name orders --endpoint-configuration types=REGIONAL --query id)
root=$(q apigateway get-resources --rest-api-id "$api" --query 'items[0].id')
aws apigateway put-method --rest-api-id "$api" --resource-id "$root" --http-method GET --authorization-type NONE > /dev/null
aws apigateway put-integration --rest-api-id "$api" --resource-id "$root" --http-method GET --type MOCK > /dev/null
aws apigateway create-deployment --rest-api-id "$api" --stage-name prod > /dev/null
# The collector is pointed at the emulator by its own option (AWS_ENDPOINT_URL would do too).
env -u AWS_ENDPOINT_URL python3 scripts/collect-aws.py --endpoint-url "http://127.0.0.1:$port" "$work/dump" us-east-1
# Collected again, the account's folder is replaced whole, and no temporary folder is left.
env -u AWS_ENDPOINT_URL python3 scripts/collect-aws.py --endpoint-url "http://127.0.0.1:$port" "$work/dump" us-east-1
test "$(ls "$work/dump/accounts" | wc -l)" -eq 1 || { echo "e2e-moto.sh: expected one account folder" >&2; exit 1; }
if ls -a "$work" | grep -q collecting; then echo "e2e-moto.sh: a temporary folder was left in $work" >&2; exit 1; fi
"$vpcpath" import aws "$work/dump" --output "$work/network.yaml"
cat > "$work/requests.yaml" <<YAML
scenario: the reported case, collected from an emulated account
region: us-east-1
network: network.yaml
requests:
  - name: the public API's default URL from the VPC
    from: $instance
    url: https://$api.execute-api.us-east-1.amazonaws.com/prod/
    expect: { status: 403 }
YAML
"$vpcpath" test "$work/requests.yaml"
