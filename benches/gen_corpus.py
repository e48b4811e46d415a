#!/usr/bin/env python3
"""Generate a synthetic monorepo for sqsguard's speed and memory benchmarks.

Deterministic (seeded): the same arguments always give the same tree. The mix imitates an
infrastructure monorepo: Terraform modules (a minority with SQS queues and KMS keys),
CloudFormation templates in YAML and JSON, Kubernetes manifests, package.json files,
workflows, docs and code.

usage: gen_corpus.py OUT_DIR [--files 26000] [--mb 300]
"""
import argparse
import json
import os
import random

TF_FILLER = '''
resource "aws_s3_bucket" "b{i}" {{
  bucket = "bucket-{i}-${{var.env}}"
  tags = {{
    Team  = "platform"
    Index = "{i}"
  }}
}}

resource "aws_iam_role" "r{i}" {{
  name               = "role-{i}"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}}
'''

TF_SQS = '''
resource "aws_kms_key" "k{i}" {{
  description         = "queue key {i}"
  enable_key_rotation = {rotation}
}}

resource "aws_sqs_queue" "q{i}" {{
  name                    = "queue-{i}"
  sqs_managed_sse_enabled = {sse}
  kms_master_key_id       = {kms}
}}
'''

CFN_FILLER = '''  Bucket{i}:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "bucket-{i}-${{AWS::Region}}"
      Tags:
        - Key: Team
          Value: platform
'''

CFN_SQS = '''  Key{i}:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: {rotation}
  Queue{i}:
    Type: AWS::SQS::Queue
    Properties:
      SqsManagedSseEnabled: {sse}
      KmsMasterKeyId: {kms}
'''

K8S = '''apiVersion: apps/v1
kind: Deployment
metadata:
  name: svc-{i}
  labels: {{app: svc-{i}}}
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: app
          image: registry.example.com/svc-{i}:1.0.{i}
          env:
            - {{name: QUEUE_URL, value: "https://sqs.us-east-1.amazonaws.com/111122223333/q-{i}"}}
'''


def pad(chunk_fn, target_bytes, rng):
    parts, size, i = [], 0, 0
    while size < target_bytes:
        text = chunk_fn(i, rng)
        parts.append(text)
        size += len(text)
        i += 1
    return "".join(parts)


def tf_file(target, rng, with_sqs):
    body = pad(lambda i, r: TF_FILLER.format(i=i), target, rng)
    if with_sqs:
        for i in range(3):
            body += TF_SQS.format(
                i=i,
                rotation=rng.choice(["true", "false"]),
                sse=rng.choice(["true", "false"]),
                kms=rng.choice(['"alias/aws/sqs"', f"aws_kms_key.k{i}.arn", "null"]),
            )
    return body


def cfn_yaml(target, rng, with_sqs):
    body = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n'
    body += pad(lambda i, r: CFN_FILLER.format(i=i), target, rng)
    if with_sqs:
        for i in range(3):
            body += CFN_SQS.format(
                i=i,
                rotation=rng.choice(["true", "false"]),
                sse=rng.choice(["true", "false"]),
                kms=rng.choice(["alias/aws/sqs", f"!Ref Key{i}", '""']),
            )
    return body


def cfn_json(target, rng, with_sqs):
    resources = {}
    i = 0
    while len(json.dumps(resources)) < target:
        resources[f"Bucket{i}"] = {
            "Type": "AWS::S3::Bucket",
            "Properties": {"BucketName": {"Fn::Sub": f"bucket-{i}-${{AWS::Region}}"}},
        }
        i += 1
    if with_sqs:
        resources["Queue0"] = {
            "Type": "AWS::SQS::Queue",
            "Properties": {"SqsManagedSseEnabled": rng.choice([True, False])},
        }
    return json.dumps({"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources}, indent=2)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--files", type=int, default=26000)
    parser.add_argument("--mb", type=int, default=300)
    args = parser.parse_args()
    rng = random.Random(20261129)
    average = args.mb * 1024 * 1024 // args.files
    kinds = (
        [("tf", 0.45), ("cfn_yaml", 0.12), ("cfn_json", 0.05), ("k8s", 0.13),
         ("package", 0.08), ("workflow", 0.04), ("md", 0.06), ("py", 0.07)]
    )
    written = 0
    module = 0
    while written < args.files:
        team = f"team-{module % 40:02d}"
        module_dir = os.path.join(args.out, team, f"service-{module:05d}")
        os.makedirs(module_dir, exist_ok=True)
        for _ in range(rng.randint(3, 8)):
            if written >= args.files:
                break
            roll, kind = rng.random(), "py"
            for name, weight in kinds:
                if roll < weight:
                    kind = name
                    break
                roll -= weight
            target = int(average * rng.uniform(0.3, 1.7))
            with_sqs = rng.random() < 0.08
            if kind == "tf":
                path, text = f"{rng.choice(['main', 'iam', 'storage', 'network'])}-{written}.tf", tf_file(target, rng, with_sqs)
            elif kind == "cfn_yaml":
                path, text = f"template-{written}.yaml", cfn_yaml(target, rng, with_sqs)
            elif kind == "cfn_json":
                path, text = f"stack-{written}.template.json", cfn_json(target, rng, with_sqs)
            elif kind == "k8s":
                path, text = f"deploy-{written}.yaml", pad(lambda i, r: K8S.format(i=i) + "---\n", target, rng)
            elif kind == "package":
                path, text = f"package-{written}.json", json.dumps({"name": f"svc-{written}", "dependencies": {f"dep{i}": f"^{i}.0.0" for i in range(target // 24)}}, indent=2)
            elif kind == "workflow":
                path, text = os.path.join(".github", "workflows", f"ci-{written}.yml"), pad(lambda i, r: f"  job{i}:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test-{i}\n", target, rng)
            elif kind == "md":
                path, text = f"README-{written}.md", pad(lambda i, r: f"Section {i}: the service sends messages to a queue.\n", target, rng)
            else:
                path, text = f"handler_{written}.py", pad(lambda i, r: f"def handler_{i}(event, context):\n    return event['Records'][{i % 3}]\n\n", target, rng)
            full = os.path.join(module_dir, path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "w") as handle:
                handle.write(text)
            written += 1
        module += 1


if __name__ == "__main__":
    main()
