#!/usr/bin/env python3
"""Generate a large Terraform plan (`terraform show -json` output) for sqsguard's plan benchmark.

Deterministic: the same arguments always give the same file. Every queue is one resource change
(a queue being created: its planned values with tags and an inline policy as a JSON string as
Terraform renders it, ARN, id and URL unknown until apply); every twentieth queue's policy is
public and every seventh disables SSE-SQS, so the scan has findings to report. The default, one
line of about 50 MB, is the benchmark in benches/README.md. With `--full` (use fewer queues:
files over 64 MiB are not scanned), the plan also carries what real plans carry besides
`resource_changes`: `planned_values`, `prior_state` and `configuration` (each repeating every
queue), resources of another provider, and updates (`before` and `after`) instead of creates.

usage: gen_plan.py OUT_FILE [--queues 46305] [--full] [--pretty]
"""
import argparse
import json

ACCOUNT, REGION = "111122223333", "eu-west-1"


def queue(i):
    name = f"queue-{i:06d}"
    arn = f"arn:aws:sqs:{REGION}:{ACCOUNT}:{name}"
    url = f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/{name}"
    statements = [
        {"Action": ["sqs:SendMessage", "sqs:GetQueueUrl"], "Effect": "Allow",
         "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:role/producer-{i % 97}"}, "Resource": arn,
         "Sid": "Producers"},
        {"Action": "sqs:*", "Condition": {"Bool": {"aws:SecureTransport": "false"}},
         "Effect": "Deny", "Principal": {"AWS": "*"}, "Resource": arn, "Sid": "DenyInsecureTransport"},
    ]
    if i % 20 == 0:
        statements.append({"Action": "sqs:SendMessage", "Effect": "Allow", "Principal": "*",
                           "Resource": arn, "Sid": "Public"})
    policy = json.dumps({"Statement": statements, "Version": "2012-10-17"}, separators=(",", ":"))
    values = {
        "fifo_queue": False, "kms_data_key_reuse_period_seconds": 300, "kms_master_key_id": None,
        "max_message_size": 262144, "message_retention_seconds": 345600, "name": name,
        "policy": policy, "sqs_managed_sse_enabled": i % 7 != 0,
        "tags": {"Team": f"team-{i % 13}", "Service": f"service-{i % 211}"},
        "visibility_timeout_seconds": 30,
    }
    deployed = dict(values, arn=arn, id=url, url=url, kms_master_key_id="")
    return name, values, deployed


UNKNOWN = {"arn": True, "id": True, "tags_all": True, "url": True}


def change(address, kind, before, after, unknown):
    return {
        "address": address, "mode": "managed", "type": kind, "name": address.split(".")[-1],
        "provider_name": "registry.terraform.io/hashicorp/aws",
        "change": {"actions": ["update"] if before else ["create"], "before": before,
                   "after": after, "after_unknown": unknown,
                   "before_sensitive": {"tags": {}} if before else False,
                   "after_sensitive": {"tags": {}}},
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--queues", type=int, default=46305)
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--pretty", action="store_true")
    args = parser.parse_args()

    changes, planned, prior, configured = [], [], [], []
    for i in range(args.queues):
        name, created, deployed = queue(i)
        address = f"aws_sqs_queue.q{i}"
        if args.full:
            before = dict(deployed, visibility_timeout_seconds=60)
            after = deployed
            changes.append(change(address, "aws_sqs_queue", before, after, {}))
        else:
            after = created
            changes.append(change(address, "aws_sqs_queue", None, after, UNKNOWN))
        if args.full:
            entry = {"address": address, "mode": "managed", "type": "aws_sqs_queue",
                     "name": f"q{i}", "provider_name": "registry.terraform.io/hashicorp/aws",
                     "schema_version": 0, "values": after, "sensitive_values": {}}
            planned.append(entry)
            prior.append(dict(entry, values=before))
            configured.append({"address": address, "mode": "managed", "type": "aws_sqs_queue",
                               "name": f"q{i}", "provider_config_key": "aws",
                               "expressions": {"name": {"constant_value": name},
                                               "policy": {"references": ["data.aws_iam_policy_document.q.json"]}},
                               "schema_version": 0})
            if i % 10 == 0:
                other = f"google_pubsub_topic.t{i}"
                changes.append({"address": other, "mode": "managed", "type": "google_pubsub_topic",
                                "name": f"t{i}", "provider_name": "registry.terraform.io/hashicorp/google",
                                "change": {"actions": ["create"], "before": None,
                                           "after": {"name": f"topic-{i}", "labels": {"team": "x"}},
                                           "after_unknown": {"id": True}}})
    plan = {"format_version": "1.2", "terraform_version": "1.9.5"}
    if args.full:
        plan["planned_values"] = {"root_module": {"resources": planned}}
    plan["resource_changes"] = changes
    if args.full:
        plan["prior_state"] = {"format_version": "1.0", "terraform_version": "1.9.5",
                               "values": {"root_module": {"resources": prior}}}
        plan["configuration"] = {"provider_config": {"aws": {"name": "aws"}},
                                 "root_module": {"resources": configured}}
    plan.update({"timestamp": "2026-11-30T09:12:44Z", "applyable": True, "complete": True,
                 "errored": False})
    with open(args.out, "w") as out:
        if args.pretty:
            json.dump(plan, out, indent=2)
        else:
            json.dump(plan, out, separators=(",", ":"))


if __name__ == "__main__":
    main()
