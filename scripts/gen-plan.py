#!/usr/bin/env python3
"""Writes a synthetic `terraform show -json` plan of N spoke VPCs on a transit gateway, for
measuring `vpcpath import terraform` and `vpcpath review` at scale. It scales the refreshed
plan of tests/fixtures/terraform-refreshed/tgw-spokes (Terraform 1.11, hashicorp/aws 5.100,
made against moto): spoke "a" of that plan (no-op) is the template of every spoke, each with
its own ids, a /20 (10.0.0.0/8, then 11.0.0.0/8 and 12.0.0.0/8) and two /24s; the plan takes
the route to the transit gateway out of every tenth spoke's route table (an update). The
resources keep every attribute, the resource changes their before, after and sensitivity, as
Terraform writes them.
Deterministic.  Usage: scripts/gen-plan.py OUT.json [VPCS]"""
import copy
import ipaddress
import json
import os
import re
import sys

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
if n > 12288:
    sys.exit("at most 12,288 VPCs (a /20 each of 10/8, 11/8 and 12/8)")
here = os.path.dirname(os.path.abspath(__file__))
src = os.path.join(here, "..", "tests", "fixtures", "terraform-refreshed", "tgw-spokes", "plan.json")
plan = json.load(open(src))
SHARED = {"tgw-37c76228ad2bf28f2", "tgw-rtb-0346ca7dcee6f4f98"}
ID = re.compile(r"\b((?:tgw-attach|rtbassoc|subnet|vpc|rtb|sg|i|eni|vol|acl|dopt)-)([0-9a-f]{17})\b")
CIDR = {"a": "10.30", "c": "10.32"}


def spoke_of(address):
    m = re.search(r'\["([abc])(-us-east-1[ab])?"\]', address)
    return m.group(1) if m else None


def renamer(t, i):
    name = f"s{i:05d}"
    base = ipaddress.ip_address((10 << 24) + i * 4096)
    o = str(base).split(".")
    ids = {}

    def new_id(m):
        old = m.group(0)
        if old in SHARED:
            return old
        if old not in ids:
            ids[old] = f"{m.group(1)}{len(ids):04x}{i:013x}"
        return ids[old]

    def rename(text):
        text = ID.sub(new_id, text)
        p = CIDR[t]
        text = text.replace(f"{p}.0.0/16", f"{o[0]}.{o[1]}.{o[2]}.0/20")
        for k in (1, 2):
            text = text.replace(f"{p}.{k}.", f"{o[0]}.{o[1]}.{int(o[2]) + k}.")
            text = text.replace(f"ip-{p.replace('.', '-')}-{k}-", f"ip-{o[0]}-{o[1]}-{int(o[2]) + k}-")
        text = text.replace(f'[\\"{t}\\"]', f'[\\"{name}\\"]').replace(f'[\\"{t}-us-east-1', f'[\\"{name}-us-east-1')
        text = text.replace(f'"index": "{t}"', f'"index": "{name}"').replace(f'"{t}-us-east-1', f'"{name}-us-east-1')
        text = text.replace(f'spoke-{t}"', f'spoke-{name}"').replace(f'app-{t}"', f'app-{name}"')
        return text

    return rename


def scale(resources, planned):
    by = {"a": [], "c": []}
    rest = []
    for r in resources:
        s = spoke_of(r["address"])
        if s is None:
            rest.append(r)
        elif s in by:
            by[s].append(json.dumps(r))
    out = list(rest)
    for i in range(n):
        rename = renamer("a", i)
        for x in by["a"]:
            r = json.loads(rename(x))
            if planned and i % 10 == 9 and r["type"] == "aws_route_table":
                if "change" in r:
                    r["change"]["actions"] = ["update"]
                    r["change"]["after"]["route"] = []
                    r["change"]["after_sensitive"]["route"] = []
                else:
                    r["values"]["route"] = []
                    r["sensitive_values"]["route"] = []
            out.append(r)
    return out


pv = plan["planned_values"]["root_module"]
pv["resources"] = scale(pv["resources"], True)
ps = plan["prior_state"]["values"]["root_module"]
ps["resources"] = scale(ps["resources"], False)
plan["resource_changes"] = scale(plan["resource_changes"], True)
plan["variables"]["spokes"]["value"] = {
    f"s{i:05d}": {"azs": ["us-east-1a", "us-east-1b"],
                  "cidr": str(ipaddress.ip_network(((10 << 24) + i * 4096, 20)))}
    for i in range(n)}
json.dump(plan, open(out, "w"), indent=None)
