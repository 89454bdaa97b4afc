"""Prepares a moto S3 server for tests/deploy.rs: an IAM user allowed everything in S3, its
access key, and a bucket. The server is started with INITIAL_NO_AUTH_ACTION_COUNT=4, so these
four requests are the last it takes without checking signatures: every later request must be
signed with the key printed here (the key id and the secret, on one line)."""

import json
import sys

import boto3

url, bucket = sys.argv[1], sys.argv[2]
unchecked = dict(
    endpoint_url=url,
    region_name="us-east-1",
    aws_access_key_id="bootstrap",
    aws_secret_access_key="bootstrap",
)
iam = boto3.client("iam", **unchecked)
iam.create_user(UserName="deployer")
iam.put_user_policy(
    UserName="deployer",
    PolicyName="s3",
    PolicyDocument=json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}],
        }
    ),
)
key = iam.create_access_key(UserName="deployer")["AccessKey"]
boto3.client("s3", **unchecked).create_bucket(Bucket=bucket)
print(key["AccessKeyId"], key["SecretAccessKey"])
