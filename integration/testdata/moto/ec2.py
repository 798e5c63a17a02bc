"""boto3 against an EC2 endpoint (moto's server or ec2sim): the second
opinion the integration tests compare vpnsql with.

  ec2.py seed URL          create a gateway pair and a connection in each region; print their ids
  ec2.py walk URL [ID...]  describe every connection (or those ids) in each region; print them
"""
import json
import sys

import boto3
from botocore.exceptions import ClientError

REGIONS = ["us-east-1", "eu-west-1"]


def client(url, region):
    return boto3.client("ec2", endpoint_url=url, region_name=region,
                        aws_access_key_id="AKIDINTEGRATION", aws_secret_access_key="secret")


def seed(url):
    out = {}
    for i, region in enumerate(REGIONS):
        ec2 = client(url, region)
        cgw = ec2.create_customer_gateway(BgpAsn=65000 + i, PublicIp="198.51.100.%d" % (10 + i), Type="ipsec.1")
        vgw = ec2.create_vpn_gateway(Type="ipsec.1")
        cgw_id = cgw["CustomerGateway"]["CustomerGatewayId"]
        vgw_id = vgw["VpnGateway"]["VpnGatewayId"]
        v = ec2.create_vpn_connection(
            CustomerGatewayId=cgw_id, VpnGatewayId=vgw_id, Type="ipsec.1", Options={"StaticRoutesOnly": True},
            TagSpecifications=[{"ResourceType": "vpn-connection", "Tags": [{"Key": "Name", "Value": "second-" + region}]}])
        # A spare pair for the write scenario.
        cgw2 = ec2.create_customer_gateway(BgpAsn=65100 + i, PublicIp="198.51.100.%d" % (50 + i), Type="ipsec.1")
        vgw2 = ec2.create_vpn_gateway(Type="ipsec.1")
        out[region] = {"vpn": v["VpnConnection"]["VpnConnectionId"],
                       "cgw": cgw2["CustomerGateway"]["CustomerGatewayId"], "vgw": vgw2["VpnGateway"]["VpnGatewayId"]}
    print(json.dumps(out))


def walk(url, ids):
    rows = []
    for region in REGIONS:
        ec2 = client(url, region)
        kw = {"VpnConnectionIds": ids} if ids else {}
        try:
            conns = ec2.describe_vpn_connections(**kw)["VpnConnections"]
        except ClientError as e:
            if e.response["Error"]["Code"] == "InvalidVpnConnectionID.NotFound":
                continue
            raise
        for c in conns:
            tags = {t["Key"]: t["Value"] for t in c.get("Tags", [])}
            rows.append({"region": region, "id": c["VpnConnectionId"], "state": c["State"],
                         "cgw": c.get("CustomerGatewayId", ""), "name": tags.get("Name", "")})
    rows.sort(key=lambda r: (r["region"], r["id"]))
    print(json.dumps(rows))


if __name__ == "__main__":
    if sys.argv[1] == "seed":
        seed(sys.argv[2])
    else:
        walk(sys.argv[2], sys.argv[3:])
