#!/usr/bin/env python3
"""Generate a Terraform monorepo for the Terraform front-end benchmark (benches/run_tf.sh).

Deterministic: the same arguments (and --seed) always give the same bytes. Python 3 standard
library only.

Two shapes:

  gen_tf_corpus.py OUT_DIR [--roots 320] [--seed 1] [--manifest FILE]
      A monorepo: `live/<team>/<env>/` root modules (versions.tf, providers.tf, variables.tf,
      locals.tf, main.tf, outputs.tf, terraform.tfvars and 8 to 12 files of unrelated
      infrastructure each) and shared `modules/`. About 40 % of the roots call
      `modules/service`, which calls `modules/kms` (with `count`) and `modules/sqs-queue`
      (with `for_each` over a map of queues from terraform.tfvars); 10 % declare queues
      directly (`for_each`, `count`, heredoc and `jsonencode` policies); the rest, and most
      files of every root, hold no SQS at all (VPCs, S3, IAM roles, Lambda, ECS, RDS, ...).
      Seeded problems, listed in the manifest with the rule each should trigger:
        - module-sse-off-tfvars   SSE turned off in a root's terraform.tfvars, passed through
                                  modules/service into modules/sqs-queue (SQS101)
        - module-wildcard-principal  `consumer_principals = ["*"]` as a module argument, ending
                                  in the queue policy of modules/sqs-queue (SQS201)
        - module-rotation-off-tfvars  key rotation off in terraform.tfvars, reaching the
                                  aws_kms_key of modules/kms behind the queues (SQS104)
        - root-sse-off-tfvars     a queue declared in the root, SSE off through tfvars (SQS101)
        - root-heredoc-wildcard   a heredoc queue policy allowing Principal "*" (SQS201)
      The first three need module instantiation; the last two do not.

  gen_tf_corpus.py OUT_DIR --linear N [--refs M] [--chain L]
      Linearity check: one root module (OUT_DIR/root) with N calls of modules/service (each
      call: one kms key, four queues with their dead-letter queues and policies), every call
      referenced M times from the root (policy resources, outputs) and, within chains of L
      calls, fed two outputs of the previous call (so a module re-evaluated per reference costs
      2^L instead of L). Every 10th call turns SSE off (4 queues + 4 dead-letter queues without
      encryption): with module support the scan reports SQS101 in each such call, no other.

Sizes: --roots 320 gives about 5,300 .tf files (6.5 MB); --linear 1000 about 1.1 MB of root module.
"""
import argparse
import json
import os
import random
import re

ENVS = [
    ("dev", "us-east-1"),
    ("qa", "us-east-1"),
    ("staging", "us-east-1"),
    ("perf", "us-east-2"),
    ("prod-use1", "us-east-1"),
    ("prod-usw2", "us-west-2"),
    ("prod-euw1", "eu-west-1"),
    ("sandbox", "us-east-2"),
]

TEAMS = [
    "payments", "orders", "checkout", "billing", "identity", "search", "catalog", "inventory",
    "shipping", "notifications", "analytics", "reporting", "fraud", "risk", "ledger", "pricing",
    "promotions", "recommendations", "reviews", "media", "messaging", "onboarding", "compliance",
    "audit", "platform", "observability", "data-ingest", "etl", "ml-serving", "feature-store",
    "support", "crm", "marketing", "partner-api", "mobile-bff", "web-bff", "gateway",
    "scheduler", "workflows", "exports",
]

QUEUE_WORDS = [
    "events", "commands", "retries", "ingest", "outbox", "webhooks", "notifications", "jobs",
    "exports", "imports", "audit", "callbacks", "invoices", "refunds", "updates", "alerts",
]

ACCOUNT = "111122223333"


def fill(template, **values):
    """Replace «name» placeholders (HCL is full of braces and dollars, so no str.format)."""
    def repl(match):
        return str(values[match.group(1)])
    return re.sub(r"«([a-z_0-9]+)»", repl, template)


def hcl_string_list(items):
    return "[" + ", ".join(json.dumps(item) for item in items) + "]"


def ident(text):
    return text.replace("-", "_")


# --------------------------------------------------------------------------------------------
# Shared modules
# --------------------------------------------------------------------------------------------

VERSIONS_MODULE = '''terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.40"
    }
  }
}
'''

SQS_QUEUE_MAIN = '''locals {
  fifo_suffix = var.fifo ? ".fifo" : ""
  use_kms     = var.kms_key_id != null
}

resource "aws_sqs_queue" "this" {
  name                              = "${var.name}${local.fifo_suffix}"
  fifo_queue                        = var.fifo
  content_based_deduplication       = var.fifo ? true : null
  visibility_timeout_seconds        = var.visibility_timeout_seconds
  message_retention_seconds         = var.message_retention_seconds
  receive_wait_time_seconds         = 20
  kms_master_key_id                 = var.kms_key_id
  kms_data_key_reuse_period_seconds = local.use_kms ? 300 : null
  sqs_managed_sse_enabled           = local.use_kms ? null : var.sse_enabled

  redrive_policy = var.create_dlq ? jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq[0].arn
    maxReceiveCount     = var.max_receive_count
  }) : null

  tags = var.tags
}

resource "aws_sqs_queue" "dlq" {
  count = var.create_dlq ? 1 : 0

  name                              = "${var.name}-dlq${local.fifo_suffix}"
  fifo_queue                        = var.fifo
  message_retention_seconds         = 1209600
  kms_master_key_id                 = var.kms_key_id
  kms_data_key_reuse_period_seconds = local.use_kms ? 300 : null
  sqs_managed_sse_enabled           = local.use_kms ? null : var.sse_enabled

  tags = merge(var.tags, { Role = "dead-letter" })
}

resource "aws_sqs_queue_redrive_allow_policy" "dlq" {
  count     = var.create_dlq ? 1 : 0
  queue_url = aws_sqs_queue.dlq[0].id

  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.this.arn]
  })
}

data "aws_iam_policy_document" "this" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sqs:*"]
    resources = [aws_sqs_queue.this.arn]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  statement {
    sid = "Consumers"
    actions = [
      "sqs:ReceiveMessage",
      "sqs:DeleteMessage",
      "sqs:ChangeMessageVisibility",
      "sqs:GetQueueAttributes",
    ]
    resources = [aws_sqs_queue.this.arn]

    principals {
      type        = "AWS"
      identifiers = var.consumer_principals
    }
  }

  dynamic "statement" {
    for_each = var.source_arns
    content {
      sid       = "AllowPublisher${statement.key}"
      actions   = ["sqs:SendMessage"]
      resources = [aws_sqs_queue.this.arn]

      principals {
        type        = "Service"
        identifiers = ["sns.amazonaws.com", "events.amazonaws.com"]
      }

      condition {
        test     = "ArnEquals"
        variable = "aws:SourceArn"
        values   = [statement.value]
      }
    }
  }
}

resource "aws_sqs_queue_policy" "this" {
  queue_url = aws_sqs_queue.this.id
  policy    = data.aws_iam_policy_document.this.json
}

data "aws_iam_policy_document" "dlq" {
  count = var.create_dlq ? 1 : 0

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sqs:*"]
    resources = [aws_sqs_queue.dlq[0].arn]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_sqs_queue_policy" "dlq" {
  count     = var.create_dlq ? 1 : 0
  queue_url = aws_sqs_queue.dlq[0].id
  policy    = data.aws_iam_policy_document.dlq[0].json
}
'''

SQS_QUEUE_VARIABLES = '''variable "name" {
  description = "Queue name, without the .fifo suffix."
  type        = string
}

variable "fifo" {
  description = "Create a FIFO queue."
  type        = bool
  default     = false
}

variable "visibility_timeout_seconds" {
  type    = number
  default = 30
}

variable "message_retention_seconds" {
  type    = number
  default = 345600
}

variable "create_dlq" {
  description = "Create a dead-letter queue and a redrive policy."
  type        = bool
  default     = true
}

variable "max_receive_count" {
  type    = number
  default = 5
}

variable "kms_key_id" {
  description = "KMS key for SSE-KMS; null uses SSE-SQS."
  type        = string
  default     = null
}

variable "sse_enabled" {
  description = "SSE-SQS when no KMS key is given."
  type        = bool
  default     = true
}

variable "consumer_principals" {
  description = "IAM principals allowed to consume."
  type        = list(string)
  default     = []
}

variable "source_arns" {
  description = "SNS topics and EventBridge rules allowed to send."
  type        = list(string)
  default     = []
}

variable "tags" {
  type    = map(string)
  default = {}
}
'''

SQS_QUEUE_OUTPUTS = '''output "arn" {
  value = aws_sqs_queue.this.arn
}

output "url" {
  value = aws_sqs_queue.this.id
}

output "name" {
  value = aws_sqs_queue.this.name
}

output "dlq_arn" {
  value = try(aws_sqs_queue.dlq[0].arn, null)
}

output "dlq_url" {
  value = try(aws_sqs_queue.dlq[0].id, null)
}
'''

KMS_MAIN = '''data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "key" {
  statement {
    sid       = "RootAccount"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }

  dynamic "statement" {
    for_each = length(var.admin_principals) > 0 ? [var.admin_principals] : []
    content {
      sid = "KeyAdministrators"
      actions = [
        "kms:Describe*",
        "kms:Enable*",
        "kms:List*",
        "kms:Put*",
        "kms:Update*",
        "kms:Revoke*",
        "kms:Disable*",
        "kms:Get*",
        "kms:ScheduleKeyDeletion",
        "kms:CancelKeyDeletion",
      ]
      resources = ["*"]

      principals {
        type        = "AWS"
        identifiers = statement.value
      }
    }
  }

  statement {
    sid       = "AllowServices"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = var.service_principals
    }

    condition {
      test     = "StringEquals"
      variable = "kms:CallerAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_kms_key" "this" {
  description             = var.description
  enable_key_rotation     = var.enable_key_rotation
  deletion_window_in_days = var.deletion_window_in_days
  policy                  = data.aws_iam_policy_document.key.json
  tags                    = var.tags
}

resource "aws_kms_alias" "this" {
  name          = var.alias
  target_key_id = aws_kms_key.this.key_id
}
'''

KMS_VARIABLES = '''variable "alias" {
  type = string
}

variable "description" {
  type    = string
  default = "Managed by Terraform"
}

variable "enable_key_rotation" {
  type    = bool
  default = true
}

variable "deletion_window_in_days" {
  type    = number
  default = 30
}

variable "admin_principals" {
  type    = list(string)
  default = []
}

variable "service_principals" {
  type    = list(string)
  default = ["sqs.amazonaws.com"]
}

variable "tags" {
  type    = map(string)
  default = {}
}
'''

KMS_OUTPUTS = '''output "key_arn" {
  value = aws_kms_key.this.arn
}

output "key_id" {
  value = aws_kms_key.this.key_id
}

output "alias_arn" {
  value = aws_kms_alias.this.arn
}
'''

SERVICE_MAIN = '''locals {
  name_prefix = "${var.team}-${var.environment}-${var.name}"
  tags        = merge(var.tags, { Service = var.name, ManagedBy = "terraform" })
  kms_key_arn = var.create_kms_key ? module.kms[0].key_arn : var.kms_key_arn
}

module "kms" {
  source = "../kms"
  count  = var.create_kms_key ? 1 : 0

  alias               = "alias/${local.name_prefix}"
  description         = "Queues of ${local.name_prefix}"
  enable_key_rotation = var.kms_key_rotation
  admin_principals    = var.kms_admin_principals
  service_principals  = ["sqs.amazonaws.com", "sns.amazonaws.com"]
  tags                = local.tags
}

module "queue" {
  source   = "../sqs-queue"
  for_each = var.queues

  name                       = "${local.name_prefix}-${each.key}"
  fifo                       = each.value.fifo
  visibility_timeout_seconds = each.value.visibility_timeout_seconds
  message_retention_seconds  = each.value.message_retention_seconds
  max_receive_count          = each.value.max_receive_count
  sse_enabled                = var.sse_enabled
  kms_key_id                 = local.kms_key_arn
  consumer_principals        = var.consumer_principals
  source_arns                = var.source_arns
  tags                       = merge(local.tags, { Queue = each.key })
}
'''

SERVICE_IAM = '''data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com", "ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "consumer" {
  count = var.create_consumer_role ? 1 : 0

  name               = "${local.name_prefix}-consumer"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  tags               = local.tags
}

data "aws_iam_policy_document" "consumer" {
  statement {
    sid = "Consume"
    actions = [
      "sqs:ReceiveMessage",
      "sqs:DeleteMessage",
      "sqs:ChangeMessageVisibility",
      "sqs:GetQueueAttributes",
    ]
    resources = [for queue in module.queue : queue.arn]
  }

  dynamic "statement" {
    for_each = local.kms_key_arn == null ? [] : [local.kms_key_arn]
    content {
      sid       = "Decrypt"
      actions   = ["kms:Decrypt"]
      resources = [statement.value]
    }
  }
}

resource "aws_iam_role_policy" "consumer" {
  count = var.create_consumer_role ? 1 : 0

  name   = "consume"
  role   = aws_iam_role.consumer[0].id
  policy = data.aws_iam_policy_document.consumer.json
}
'''

SERVICE_VARIABLES = '''variable "name" {
  type = string
}

variable "team" {
  type = string
}

variable "environment" {
  type = string
}

variable "queues" {
  description = "Queues of the service, by short name."
  type = map(object({
    fifo                       = optional(bool, false)
    visibility_timeout_seconds = optional(number, 30)
    message_retention_seconds  = optional(number, 345600)
    max_receive_count          = optional(number, 5)
  }))
}

variable "create_kms_key" {
  type    = bool
  default = true
}

variable "kms_key_arn" {
  description = "An existing key, when create_kms_key is false."
  type        = string
  default     = null
}

variable "kms_key_rotation" {
  type    = bool
  default = true
}

variable "kms_admin_principals" {
  type    = list(string)
  default = []
}

variable "sse_enabled" {
  type    = bool
  default = true
}

variable "consumer_principals" {
  type    = list(string)
  default = []
}

variable "source_arns" {
  type    = list(string)
  default = []
}

variable "create_consumer_role" {
  type    = bool
  default = true
}

variable "tags" {
  type    = map(string)
  default = {}
}
'''

SERVICE_OUTPUTS = '''output "queue_arns" {
  value = { for name, queue in module.queue : name => queue.arn }
}

output "queue_urls" {
  value = { for name, queue in module.queue : name => queue.url }
}

output "dlq_arns" {
  value = { for name, queue in module.queue : name => queue.dlq_arn }
}

output "kms_key_arn" {
  value = local.kms_key_arn
}

output "consumer_role_arn" {
  value = try(aws_iam_role.consumer[0].arn, null)
}
'''

# Unrelated shared modules (as real monorepos have them).

VPC_MODULE = {
    "main.tf": '''data "aws_availability_zones" "available" {
  state = "available"
}

locals {
  azs = slice(data.aws_availability_zones.available.names, 0, var.az_count)
}

resource "aws_vpc" "this" {
  cidr_block           = var.cidr_block
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags                 = merge(var.tags, { Name = var.name })
}

resource "aws_subnet" "private" {
  count             = length(local.azs)
  vpc_id            = aws_vpc.this.id
  cidr_block        = cidrsubnet(var.cidr_block, 4, count.index)
  availability_zone = local.azs[count.index]
  tags              = merge(var.tags, { Name = "${var.name}-private-${local.azs[count.index]}", Tier = "private" })
}

resource "aws_subnet" "public" {
  count                   = length(local.azs)
  vpc_id                  = aws_vpc.this.id
  cidr_block              = cidrsubnet(var.cidr_block, 4, count.index + 8)
  availability_zone       = local.azs[count.index]
  map_public_ip_on_launch = false
  tags                    = merge(var.tags, { Name = "${var.name}-public-${local.azs[count.index]}", Tier = "public" })
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id
  tags   = merge(var.tags, { Name = var.name })
}

resource "aws_eip" "nat" {
  count  = var.single_nat_gateway ? 1 : length(local.azs)
  domain = "vpc"
  tags   = var.tags
}

resource "aws_nat_gateway" "this" {
  count         = var.single_nat_gateway ? 1 : length(local.azs)
  allocation_id = aws_eip.nat[count.index].id
  subnet_id     = aws_subnet.public[count.index].id
  tags          = var.tags
}

resource "aws_route_table" "private" {
  count  = length(local.azs)
  vpc_id = aws_vpc.this.id

  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.this[var.single_nat_gateway ? 0 : count.index].id
  }

  tags = var.tags
}

resource "aws_route_table_association" "private" {
  count          = length(local.azs)
  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private[count.index].id
}

resource "aws_flow_log" "this" {
  vpc_id               = aws_vpc.this.id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = var.flow_log_bucket_arn
}
''',
    "variables.tf": '''variable "name" {
  type = string
}

variable "cidr_block" {
  type = string
}

variable "az_count" {
  type    = number
  default = 3
}

variable "single_nat_gateway" {
  type    = bool
  default = false
}

variable "flow_log_bucket_arn" {
  type = string
}

variable "tags" {
  type    = map(string)
  default = {}
}
''',
    "outputs.tf": '''output "vpc_id" {
  value = aws_vpc.this.id
}

output "private_subnet_ids" {
  value = aws_subnet.private[*].id
}

output "public_subnet_ids" {
  value = aws_subnet.public[*].id
}
''',
}

S3_MODULE = {
    "main.tf": '''resource "aws_s3_bucket" "this" {
  bucket        = var.name
  force_destroy = var.force_destroy
  tags          = var.tags
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id

  versioning_configuration {
    status = var.versioning ? "Enabled" : "Suspended"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket                  = aws_s3_bucket.this.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  dynamic "rule" {
    for_each = var.lifecycle_rules
    content {
      id     = rule.key
      status = "Enabled"

      filter {
        prefix = rule.value.prefix
      }

      expiration {
        days = rule.value.expiration_days
      }
    }
  }
}
''',
    "variables.tf": '''variable "name" {
  type = string
}

variable "force_destroy" {
  type    = bool
  default = false
}

variable "versioning" {
  type    = bool
  default = true
}

variable "lifecycle_rules" {
  type = map(object({
    prefix          = string
    expiration_days = number
  }))
  default = {}
}

variable "tags" {
  type    = map(string)
  default = {}
}
''',
    "outputs.tf": '''output "bucket" {
  value = aws_s3_bucket.this.bucket
}

output "arn" {
  value = aws_s3_bucket.this.arn
}
''',
}

LAMBDA_MODULE = {
    "main.tf": '''data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "this" {
  name               = "${var.function_name}-exec"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy_attachment" "basic" {
  role       = aws_iam_role.this.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/lambda/${var.function_name}"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

resource "aws_lambda_function" "this" {
  function_name = var.function_name
  role          = aws_iam_role.this.arn
  handler       = var.handler
  runtime       = var.runtime
  s3_bucket     = var.artifact_bucket
  s3_key        = var.artifact_key
  memory_size   = var.memory_size
  timeout       = var.timeout

  environment {
    variables = var.environment
  }

  tracing_config {
    mode = "Active"
  }

  depends_on = [aws_cloudwatch_log_group.this]
  tags       = var.tags
}
''',
    "variables.tf": '''variable "function_name" {
  type = string
}

variable "handler" {
  type    = string
  default = "app.handler"
}

variable "runtime" {
  type    = string
  default = "python3.12"
}

variable "artifact_bucket" {
  type = string
}

variable "artifact_key" {
  type = string
}

variable "memory_size" {
  type    = number
  default = 256
}

variable "timeout" {
  type    = number
  default = 30
}

variable "log_retention_days" {
  type    = number
  default = 30
}

variable "environment" {
  type    = map(string)
  default = {}
}

variable "tags" {
  type    = map(string)
  default = {}
}
''',
    "outputs.tf": '''output "function_arn" {
  value = aws_lambda_function.this.arn
}

output "role_name" {
  value = aws_iam_role.this.name
}

output "role_arn" {
  value = aws_iam_role.this.arn
}
''',
}

ECS_MODULE = {
    "main.tf": '''resource "aws_ecs_task_definition" "this" {
  family                   = var.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.cpu
  memory                   = var.memory
  execution_role_arn       = var.execution_role_arn
  task_role_arn            = var.task_role_arn

  container_definitions = jsonencode([
    {
      name      = var.name
      image     = var.image
      essential = true
      portMappings = [
        { containerPort = var.port, protocol = "tcp" }
      ]
      environment = [for key, value in var.environment : { name = key, value = value }]
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = "/ecs/${var.name}"
          awslogs-region        = var.region
          awslogs-stream-prefix = "app"
        }
      }
    }
  ])
}

resource "aws_ecs_service" "this" {
  name            = var.name
  cluster         = var.cluster_arn
  task_definition = aws_ecs_task_definition.this.arn
  desired_count   = var.desired_count
  launch_type     = "FARGATE"

  network_configuration {
    subnets          = var.subnet_ids
    assign_public_ip = false
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }
}
''',
    "variables.tf": '''variable "name" {
  type = string
}

variable "image" {
  type = string
}

variable "cpu" {
  type    = number
  default = 512
}

variable "memory" {
  type    = number
  default = 1024
}

variable "port" {
  type    = number
  default = 8080
}

variable "desired_count" {
  type    = number
  default = 2
}

variable "cluster_arn" {
  type = string
}

variable "subnet_ids" {
  type = list(string)
}

variable "execution_role_arn" {
  type = string
}

variable "task_role_arn" {
  type = string
}

variable "region" {
  type = string
}

variable "environment" {
  type    = map(string)
  default = {}
}
''',
    "outputs.tf": '''output "service_name" {
  value = aws_ecs_service.this.name
}
''',
}

UNRELATED_MODULES = {
    "vpc": VPC_MODULE,
    "s3-bucket": S3_MODULE,
    "lambda-function": LAMBDA_MODULE,
    "ecs-service": ECS_MODULE,
}


def write_shared_modules(out, prefix="modules"):
    files = {
        f"{prefix}/sqs-queue/main.tf": SQS_QUEUE_MAIN,
        f"{prefix}/sqs-queue/variables.tf": SQS_QUEUE_VARIABLES,
        f"{prefix}/sqs-queue/outputs.tf": SQS_QUEUE_OUTPUTS,
        f"{prefix}/sqs-queue/versions.tf": VERSIONS_MODULE,
        f"{prefix}/kms/main.tf": KMS_MAIN,
        f"{prefix}/kms/variables.tf": KMS_VARIABLES,
        f"{prefix}/kms/outputs.tf": KMS_OUTPUTS,
        f"{prefix}/kms/versions.tf": VERSIONS_MODULE,
        f"{prefix}/service/main.tf": SERVICE_MAIN,
        f"{prefix}/service/iam.tf": SERVICE_IAM,
        f"{prefix}/service/variables.tf": SERVICE_VARIABLES,
        f"{prefix}/service/outputs.tf": SERVICE_OUTPUTS,
        f"{prefix}/service/versions.tf": VERSIONS_MODULE,
    }
    return files


def unrelated_module_files(prefix="modules"):
    files = {}
    for name, module in UNRELATED_MODULES.items():
        for file_name, text in module.items():
            files[f"{prefix}/{name}/{file_name}"] = text
        files[f"{prefix}/{name}/versions.tf"] = VERSIONS_MODULE
    return files


# --------------------------------------------------------------------------------------------
# Root modules: the common files
# --------------------------------------------------------------------------------------------

def versions_tf(team, env, region):
    return fill('''terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
  }

  backend "s3" {
    bucket         = "acme-terraform-state-«region»"
    key            = "live/«team»/«env»/terraform.tfstate"
    region         = "«region»"
    dynamodb_table = "terraform-locks"
    encrypt        = true
  }
}
''', team=team, env=env, region=region)


def providers_tf(rng, team, env, region):
    account = f"{rng.randint(100000000000, 999999999999)}"
    return fill('''provider "aws" {
  region = var.region

  assume_role {
    role_arn     = "arn:aws:iam::«account»:role/terraform-deployer"
    session_name = "terraform-«team»-«env»"
  }

  default_tags {
    tags = {
      Team        = "«team»"
      Environment = "«env»"
      Repository  = "acme/infrastructure"
      CostCenter  = "cc-«cost»"
    }
  }
}

provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"
}
''', account=account, team=team, env=env, region=region, cost=rng.randint(1000, 9999))


def queues_map_hcl(queues, indent="  "):
    lines = ["{"]
    width = max(len(json.dumps(name)) for name, _ in queues)
    for name, settings in queues:
        key = json.dumps(name).ljust(width)
        if settings:
            body = ", ".join(f"{attr} = {value}" for attr, value in settings)
            lines.append(f"{indent}{key} = {{ {body} }}")
        else:
            lines.append(f"{indent}{key} = {{}}")
    lines.append("}")
    return "\n".join(lines)


def random_queues(rng, count):
    names = rng.sample(QUEUE_WORDS, count)
    queues = []
    for name in sorted(names):
        settings = []
        if rng.random() < 0.5:
            settings.append(("visibility_timeout_seconds", rng.choice([60, 120, 300, 900])))
        if rng.random() < 0.2:
            settings.append(("fifo", "true"))
        if rng.random() < 0.3:
            settings.append(("max_receive_count", rng.choice([3, 10, 20])))
        queues.append((name, settings))
    return queues


# --------------------------------------------------------------------------------------------
# Unrelated root files (the majority of every root)
# --------------------------------------------------------------------------------------------

def f_network(rng, ctx):
    second = rng.randint(0, 255)
    parts = [fill('''module "vpc" {
  source = "../../../modules/vpc"

  name                = "${local.name_prefix}-vpc"
  cidr_block          = "10.«second».0.0/16"
  az_count            = var.az_count
  single_nat_gateway  = var.single_nat_gateway
  flow_log_bucket_arn = module.logs_bucket.arn
  tags                = local.common_tags
}

resource "aws_route53_zone" "private" {
  name = "«team».«env».internal.acme.example"

  vpc {
    vpc_id = module.vpc.vpc_id
  }

  tags = local.common_tags
}
''', second=second, team=ctx["team"], env=ctx["env"])]
    if rng.random() < 0.4:
        parts.append('''
resource "aws_vpc_endpoint" "s3" {
  vpc_id            = module.vpc.vpc_id
  service_name      = "com.amazonaws.${var.region}.s3"
  vpc_endpoint_type = "Gateway"
  tags              = local.common_tags
}
''')
    if rng.random() < 0.5:
        parts.append(fill('''
resource "aws_security_group" "app" {
  name        = "${local.name_prefix}-app"
  description = "Application tasks"
  vpc_id      = module.vpc.vpc_id

  ingress {
    description = "From the load balancer"
    from_port   = 8080
    to_port     = 8080
    protocol    = "tcp"
    cidr_blocks = ["10.«second».0.0/16"]
  }

  egress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = local.common_tags
}
''', second=second))
    return "".join(parts)


def f_s3(rng, ctx):
    parts = [fill('''module "logs_bucket" {
  source = "../../../modules/s3-bucket"

  name = "${local.name_prefix}-logs"
  lifecycle_rules = {
    expire-old = { prefix = "", expiration_days = var.log_retention_days }
  }
  tags = local.common_tags
}
''')]
    for i in range(rng.randint(1, 4)):
        purpose = rng.choice(["artifacts", "exports", "uploads", "reports", "backups", "static", "raw", "curated"])
        parts.append(fill('''
module "bucket_«purpose»_«i»" {
  source = "../../../modules/s3-bucket"

  name       = "${local.name_prefix}-«purpose»-«i»"
  versioning = «versioning»
  lifecycle_rules = {
    tmp = { prefix = "tmp/", expiration_days = «days» }
  }
  tags = merge(local.common_tags, { DataClass = "«klass»" })
}

resource "aws_s3_bucket_policy" "«purpose»_«i»" {
  bucket = module.bucket_«purpose»_«i».bucket
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [module.bucket_«purpose»_«i».arn, "${module.bucket_«purpose»_«i».arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      }
    ]
  })
}
''', purpose=purpose, i=i, versioning=rng.choice(["true", "false"]), days=rng.choice([1, 7, 14, 30]),
            klass=rng.choice(["internal", "confidential", "public"])))
    return "".join(parts)


def f_iam(rng, ctx):
    parts = []
    for i in range(rng.randint(2, 5)):
        who = rng.choice(["ci", "deploy", "readonly", "batch", "etl", "support", "oncall", "reporting"])
        bucket_action = rng.choice(['"s3:GetObject", "s3:ListBucket"', '"s3:PutObject"', '"dynamodb:GetItem", "dynamodb:Query"', '"logs:CreateLogStream", "logs:PutLogEvents"'])
        parts.append(fill('''data "aws_iam_policy_document" "«who»_«i»_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::«account»:root"]
    }

    condition {
      test     = "StringEquals"
      variable = "sts:ExternalId"
      values   = ["«team»-«who»"]
    }
  }
}

resource "aws_iam_role" "«who»_«i»" {
  name                 = "${local.name_prefix}-«who»-«i»"
  assume_role_policy   = data.aws_iam_policy_document.«who»_«i»_assume.json
  max_session_duration = «duration»
  tags                 = local.common_tags
}

resource "aws_iam_role_policy" "«who»_«i»" {
  name = "«who»"
  role = aws_iam_role.«who»_«i».id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = [«actions»]
        Resource = "arn:aws:s3:::${local.name_prefix}-*"
      }
    ]
  })
}

resource "aws_iam_role_policy_attachment" "«who»_«i»_readonly" {
  role       = aws_iam_role.«who»_«i».name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

''', who=who, i=i, account=ACCOUNT, team=ctx["team"], duration=rng.choice([3600, 7200, 14400]),
            actions=bucket_action))
    return "".join(parts)


def f_lambda(rng, ctx):
    parts = []
    for i in range(rng.randint(1, 4)):
        fn = rng.choice(["resize", "notify", "sync", "cleanup", "enrich", "webhook", "digest", "rollup"])
        parts.append(fill('''module "fn_«fn»_«i»" {
  source = "../../../modules/lambda-function"

  function_name   = "${local.name_prefix}-«fn»-«i»"
  handler         = "«fn».handler"
  runtime         = "«runtime»"
  artifact_bucket = module.logs_bucket.bucket
  artifact_key    = "lambda/«fn»/${var.artifact_version}.zip"
  memory_size     = «memory»
  timeout         = «timeout»
  environment = {
    LOG_LEVEL   = var.log_level
    ENVIRONMENT = var.environment
    TABLE_NAME  = "${local.name_prefix}-«fn»"
  }
  tags = local.common_tags
}

resource "aws_cloudwatch_event_rule" "«fn»_«i»" {
  name                = "${local.name_prefix}-«fn»-«i»"
  schedule_expression = "rate(«rate» minutes)"
}

resource "aws_cloudwatch_event_target" "«fn»_«i»" {
  rule = aws_cloudwatch_event_rule.«fn»_«i».name
  arn  = module.fn_«fn»_«i».function_arn
}

resource "aws_lambda_permission" "«fn»_«i»" {
  statement_id  = "AllowEventBridge"
  action        = "lambda:InvokeFunction"
  function_name = module.fn_«fn»_«i».function_arn
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.«fn»_«i».arn
}

''', fn=fn, i=i, runtime=rng.choice(["python3.12", "nodejs20.x", "java21", "provided.al2023"]),
            memory=rng.choice([128, 256, 512, 1024]), timeout=rng.choice([10, 30, 60, 300]),
            rate=rng.choice([5, 15, 60])))
    return "".join(parts)


def f_monitoring(rng, ctx):
    parts = [fill('''resource "aws_sns_topic" "alerts" {
  name = "${local.name_prefix}-alerts"
  tags = local.common_tags
}

resource "aws_sns_topic_subscription" "oncall" {
  topic_arn = aws_sns_topic.alerts.arn
  protocol  = "email"
  endpoint  = "«team»-oncall@acme.example"
}

''', team=ctx["team"])]
    for i in range(rng.randint(2, 6)):
        metric = rng.choice(["CPUUtilization", "MemoryUtilization", "5XXError", "Latency", "Errors", "Throttles"])
        parts.append(fill('''resource "aws_cloudwatch_metric_alarm" "«slug»_«i»" {
  alarm_name          = "${local.name_prefix}-«slug»-«i»"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = «periods»
  metric_name         = "«metric»"
  namespace           = "«namespace»"
  period              = 300
  statistic           = "Average"
  threshold           = «threshold»
  alarm_description   = "«metric» above «threshold» for «team» in «env»"
  alarm_actions       = [aws_sns_topic.alerts.arn]
  ok_actions          = [aws_sns_topic.alerts.arn]
  treat_missing_data  = "notBreaching"
  tags                = local.common_tags
}

''', slug=metric.lower(), i=i, metric=metric, periods=rng.randint(1, 5),
            namespace=rng.choice(["AWS/ECS", "AWS/Lambda", "AWS/ApplicationELB", "AWS/RDS"]),
            threshold=rng.choice([1, 5, 80, 90, 500]), team=ctx["team"], env=ctx["env"]))
    parts.append(fill('''resource "aws_cloudwatch_dashboard" "main" {
  dashboard_name = "${local.name_prefix}-overview"
  dashboard_body = jsonencode({
    widgets = [
      {
        type   = "metric"
        width  = 12
        height = 6
        properties = {
          title   = "«team» «env» errors"
          region  = var.region
          metrics = [["AWS/Lambda", "Errors"], ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count"]]
        }
      }
    ]
  })
}
''', team=ctx["team"], env=ctx["env"]))
    return "".join(parts)


def f_rds(rng, ctx):
    return fill('''resource "aws_db_subnet_group" "main" {
  name       = "${local.name_prefix}-db"
  subnet_ids = module.vpc.private_subnet_ids
  tags       = local.common_tags
}

resource "aws_db_parameter_group" "main" {
  name   = "${local.name_prefix}-pg16"
  family = "postgres16"

  parameter {
    name  = "log_min_duration_statement"
    value = "«slow»"
  }

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }
}

resource "aws_db_instance" "main" {
  identifier                   = "${local.name_prefix}-db"
  engine                       = "postgres"
  engine_version               = "16.3"
  instance_class               = var.db_instance_class
  allocated_storage            = «storage»
  max_allocated_storage        = «max_storage»
  storage_encrypted            = true
  db_subnet_group_name         = aws_db_subnet_group.main.name
  parameter_group_name         = aws_db_parameter_group.main.name
  multi_az                     = var.environment == "prod" ? true : false
  backup_retention_period      = «backup»
  deletion_protection          = true
  performance_insights_enabled = true
  username                     = "app"
  manage_master_user_password  = true
  skip_final_snapshot          = false
  final_snapshot_identifier    = "${local.name_prefix}-final"
  tags                         = local.common_tags
}
''', slow=rng.choice([250, 500, 1000]), storage=rng.choice([20, 50, 100]), max_storage=rng.choice([200, 500, 1000]),
        backup=rng.choice([7, 14, 35]))


def f_ecs(rng, ctx):
    parts = [fill('''resource "aws_ecs_cluster" "main" {
  name = local.name_prefix

  setting {
    name  = "containerInsights"
    value = "enabled"
  }

  tags = local.common_tags
}

data "aws_iam_policy_document" "ecs_tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "task_execution" {
  name               = "${local.name_prefix}-task-execution"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

resource "aws_iam_role_policy_attachment" "task_execution" {
  role       = aws_iam_role.task_execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

''')]
    for i in range(rng.randint(1, 3)):
        svc = rng.choice(["api", "worker", "admin", "grpc", "frontend", "scheduler"])
        parts.append(fill('''module "svc_«svc»_«i»" {
  source = "../../../modules/ecs-service"

  name               = "${local.name_prefix}-«svc»-«i»"
  image              = "«account».dkr.ecr.${var.region}.amazonaws.com/«team»/«svc»:${var.image_tag}"
  cpu                = «cpu»
  memory             = «memory»
  desired_count      = var.desired_count
  cluster_arn        = aws_ecs_cluster.main.arn
  subnet_ids         = module.vpc.private_subnet_ids
  execution_role_arn = aws_iam_role.task_execution.arn
  task_role_arn      = aws_iam_role.task_execution.arn
  region             = var.region
  environment = {
    SERVICE     = "«svc»"
    ENVIRONMENT = var.environment
  }
}

''', svc=svc, i=i, account=ACCOUNT, team=ctx["team"], cpu=rng.choice([256, 512, 1024]),
            memory=rng.choice([512, 1024, 2048])))
    return "".join(parts)


def f_dynamodb(rng, ctx):
    parts = []
    for i in range(rng.randint(1, 3)):
        table = rng.choice(["sessions", "idempotency", "locks", "profiles", "carts", "state"])
        parts.append(fill('''resource "aws_dynamodb_table" "«table»_«i»" {
  name         = "${local.name_prefix}-«table»-«i»"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"
  range_key    = "sk"

  attribute {
    name = "pk"
    type = "S"
  }

  attribute {
    name = "sk"
    type = "S"
  }

  ttl {
    attribute_name = "expires_at"
    enabled        = true
  }

  point_in_time_recovery {
    enabled = «pitr»
  }

  server_side_encryption {
    enabled = true
  }

  tags = local.common_tags
}

''', table=table, i=i, pitr=rng.choice(["true", "false"])))
    return "".join(parts)


def f_dns(rng, ctx):
    parts = [fill('''data "aws_route53_zone" "public" {
  name = "acme.example"
}

resource "aws_acm_certificate" "main" {
  domain_name       = "«team».«env».acme.example"
  validation_method = "DNS"

  subject_alternative_names = ["*.«team».«env».acme.example"]

  lifecycle {
    create_before_destroy = true
  }
}

''', team=ctx["team"], env=ctx["env"])]
    for i in range(rng.randint(1, 4)):
        host = rng.choice(["api", "www", "admin", "hooks", "status", "grpc"])
        parts.append(fill('''resource "aws_route53_record" "«host»_«i»" {
  zone_id = data.aws_route53_zone.public.zone_id
  name    = "«host»«i».«team».«env».acme.example"
  type    = "CNAME"
  ttl     = «ttl»
  records = ["«host».lb.«env».acme.example"]
}

''', host=host, i=i, team=ctx["team"], env=ctx["env"], ttl=rng.choice([60, 300, 3600])))
    return "".join(parts)


def f_secrets(rng, ctx):
    parts = []
    for i in range(rng.randint(1, 4)):
        name = rng.choice(["db", "stripe", "sendgrid", "oauth", "signing", "partner"])
        parts.append(fill('''resource "aws_secretsmanager_secret" "«name»_«i»" {
  name                    = "${local.name_prefix}/«name»-«i»"
  description             = "«name» credentials for «team»"
  recovery_window_in_days = «window»
  tags                    = local.common_tags
}

resource "aws_ssm_parameter" "«name»_«i»_arn" {
  name  = "/«team»/«env»/«name»-«i»/secret-arn"
  type  = "String"
  value = aws_secretsmanager_secret.«name»_«i».arn
}

''', name=name, i=i, team=ctx["team"], env=ctx["env"], window=rng.choice([0, 7, 30])))
    return "".join(parts)


def f_ecr(rng, ctx):
    parts = []
    for i in range(rng.randint(1, 3)):
        repo = rng.choice(["api", "worker", "jobs", "migrations", "frontend"])
        parts.append(fill('''resource "aws_ecr_repository" "«repo»_«i»" {
  name                 = "«team»/«repo»-«i»"
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }
}

resource "aws_ecr_lifecycle_policy" "«repo»_«i»" {
  repository = aws_ecr_repository.«repo»_«i».name
  policy = jsonencode({
    rules = [
      {
        rulePriority = 1
        description  = "Keep the last «keep» images"
        selection = {
          tagStatus   = "any"
          countType   = "imageCountMoreThan"
          countNumber = «keep»
        }
        action = { type = "expire" }
      }
    ]
  })
}

''', repo=repo, i=i, team=ctx["team"], keep=rng.choice([10, 30, 100])))
    return "".join(parts)


def f_apigw(rng, ctx):
    routes = rng.sample(["GET /health", "GET /items", "POST /items", "GET /items/{id}", "DELETE /items/{id}", "POST /webhooks"], rng.randint(2, 5))
    parts = [fill('''resource "aws_apigatewayv2_api" "http" {
  name          = "${local.name_prefix}-http"
  protocol_type = "HTTP"

  cors_configuration {
    allow_origins = ["https://«team».acme.example"]
    allow_methods = ["GET", "POST", "DELETE"]
  }
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.http.id
  name        = "$default"
  auto_deploy = true

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api.arn
    format          = jsonencode({ requestId = "$context.requestId", status = "$context.status" })
  }
}

resource "aws_cloudwatch_log_group" "api" {
  name              = "/aws/apigateway/${local.name_prefix}"
  retention_in_days = var.log_retention_days
}

''', team=ctx["team"])]
    for i, route in enumerate(routes):
        parts.append(fill('''resource "aws_apigatewayv2_route" "r«i»" {
  api_id    = aws_apigatewayv2_api.http.id
  route_key = "«route»"
}

''', i=i, route=route))
    return "".join(parts)


def f_autoscaling(rng, ctx):
    return fill('''resource "aws_launch_template" "bastion" {
  name_prefix   = "${local.name_prefix}-bastion-"
  image_id      = var.bastion_ami
  instance_type = "«itype»"

  metadata_options {
    http_tokens   = "required"
    http_endpoint = "enabled"
  }

  tag_specifications {
    resource_type = "instance"
    tags          = local.common_tags
  }
}

resource "aws_autoscaling_group" "bastion" {
  name                = "${local.name_prefix}-bastion"
  min_size            = 0
  max_size            = «max»
  desired_capacity    = «desired»
  vpc_zone_identifier = module.vpc.private_subnet_ids

  launch_template {
    id      = aws_launch_template.bastion.id
    version = "$Latest"
  }
}
''', itype=rng.choice(["t3.micro", "t3.small", "t4g.small"]), max=rng.randint(1, 3), desired=rng.randint(0, 1))


UNRELATED_FILES = {
    "s3.tf": f_s3,
    "network.tf": f_network,
    "iam.tf": f_iam,
    "lambda.tf": f_lambda,
    "monitoring.tf": f_monitoring,
    "rds.tf": f_rds,
    "ecs.tf": f_ecs,
    "dynamodb.tf": f_dynamodb,
    "dns.tf": f_dns,
    "secrets.tf": f_secrets,
    "ecr.tf": f_ecr,
    "apigw.tf": f_apigw,
    "autoscaling.tf": f_autoscaling,
}
# Every root has these (others reference them: module.vpc, module.logs_bucket).
ALWAYS = ["s3.tf", "network.tf"]


# --------------------------------------------------------------------------------------------
# SQS in roots
# --------------------------------------------------------------------------------------------

def service_root(rng, ctx, seeds):
    """main.tf additions, variables, tfvars and outputs for a root that calls modules/service."""
    svc = rng.choice(["events", "orders", "jobs", "ingest", "billing", "sync"])
    queues = random_queues(rng, rng.randint(1, 4))
    ctx["service"] = svc
    consumer = '[aws_iam_role.worker.arn]'
    if "module-wildcard-principal" in seeds:
        consumer = '["*"]'
    topic = rng.random() < 0.6
    main = fill('''module "«svc»" {
  source = "../../../modules/service"

  name                 = "«svc»"
  team                 = var.team
  environment          = var.environment
  queues               = var.queues
  sse_enabled          = var.queue_sse_enabled
  create_kms_key       = var.create_kms_key
  kms_key_rotation     = var.kms_key_rotation
  kms_admin_principals = ["arn:aws:iam::«account»:role/platform-admin"]
  consumer_principals  = «consumer»
  source_arns          = «sources»
  tags                 = local.common_tags
}

data "aws_iam_policy_document" "worker_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "worker" {
  name               = "${local.name_prefix}-«svc»-worker"
  assume_role_policy = data.aws_iam_policy_document.worker_assume.json
}
''', svc=svc, account=ACCOUNT, consumer=consumer,
        sources="[aws_sns_topic.«svc»_events.arn]".replace("«svc»", svc) if topic else "[]")
    if topic:
        main += fill('''
resource "aws_sns_topic" "«svc»_events" {
  name              = "${local.name_prefix}-«svc»-events"
  kms_master_key_id = "alias/aws/sns"
}

resource "aws_sns_topic_subscription" "«svc»_events" {
  for_each = module.«svc».queue_arns

  topic_arn            = aws_sns_topic.«svc»_events.arn
  protocol             = "sqs"
  endpoint             = each.value
  raw_message_delivery = true
}
''', svc=svc)
    producer = fill('''data "aws_iam_policy_document" "«svc»_producer" {
  statement {
    sid       = "Produce"
    actions   = ["sqs:SendMessage", "sqs:GetQueueUrl"]
    resources = values(module.«svc».queue_arns)
  }

  dynamic "statement" {
    for_each = module.«svc».kms_key_arn == null ? [] : [module.«svc».kms_key_arn]
    content {
      sid       = "Encrypt"
      actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
      resources = [statement.value]
    }
  }
}

resource "aws_iam_role_policy" "«svc»_producer" {
  name   = "produce-«svc»"
  role   = aws_iam_role.worker.id
  policy = data.aws_iam_policy_document.«svc»_producer.json
}
''', svc=svc)
    variables = '''
variable "queues" {
  description = "Queues of the service (see modules/service)."
  type = map(object({
    fifo                       = optional(bool, false)
    visibility_timeout_seconds = optional(number, 30)
    message_retention_seconds  = optional(number, 345600)
    max_receive_count          = optional(number, 5)
  }))
  default = {
    events = {}
  }
}

variable "queue_sse_enabled" {
  description = "SSE-SQS for queues without a KMS key."
  type        = bool
  default     = true
}

variable "create_kms_key" {
  type    = bool
  default = true
}

variable "kms_key_rotation" {
  type    = bool
  default = true
}
'''
    tfvars = "\nqueues = " + queues_map_hcl(queues) + "\n"
    if "module-sse-off-tfvars" in seeds:
        tfvars += "\n# Legacy consumers cannot decrypt yet (INC-4711).\nqueue_sse_enabled = false\ncreate_kms_key    = false\n"
    if "module-rotation-off-tfvars" in seeds:
        tfvars += "\nkms_key_rotation = false\n"
    outputs = fill('''
output "«svc»_queue_urls" {
  value = module.«svc».queue_urls
}

output "«svc»_queue_arns" {
  value = module.«svc».queue_arns
}
''', svc=svc)
    return main, producer, variables, tfvars, outputs, [name for name, _ in queues], svc


def legacy_root(rng, ctx, seeds):
    """queues.tf and policies.tf for a root that declares its queues itself."""
    names = sorted(rng.sample(QUEUE_WORDS, 2))
    a, b = names
    queues_tf = fill('''resource "aws_kms_key" "queues" {
  description         = "Queues of ${local.name_prefix}"
  enable_key_rotation = true
}

resource "aws_kms_alias" "queues" {
  name          = "alias/${local.name_prefix}-queues"
  target_key_id = aws_kms_key.queues.key_id
}

resource "aws_sqs_queue" "by_name" {
  for_each = local.legacy_queues

  name                       = "${local.name_prefix}-${each.key}"
  visibility_timeout_seconds = each.value.visibility_timeout_seconds
  kms_master_key_id          = aws_kms_key.queues.arn
  tags                       = merge(local.common_tags, { Queue = each.key })
}

resource "aws_sqs_queue" "shard" {
  count = var.shard_count

  name                    = "${local.name_prefix}-shard-${count.index}"
  sqs_managed_sse_enabled = true
}

resource "aws_sqs_queue" "«a»" {
  name                    = "${local.name_prefix}-«a»"
  sqs_managed_sse_enabled = var.legacy_queue_sse
}

resource "aws_sqs_queue" "«b»" {
  name              = "${local.name_prefix}-«b»"
  kms_master_key_id = aws_kms_alias.queues.arn
}
''', a=ident(a), b=ident(b))
    principal = '"*"' if "root-heredoc-wildcard" in seeds else '{ "Service": "sns.amazonaws.com" }'
    condition = "" if "root-heredoc-wildcard" in seeds else ''',
      "Condition": { "ArnEquals": { "aws:SourceArn": "${aws_sns_topic.legacy.arn}" } }'''
    policies_tf = fill('''resource "aws_sns_topic" "legacy" {
  name = "${local.name_prefix}-legacy"
}

resource "aws_sqs_queue_policy" "«a»" {
  queue_url = aws_sqs_queue.«a».id
  policy    = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "DenyInsecureTransport",
          "Effect": "Deny",
          "Principal": "*",
          "Action": "sqs:*",
          "Resource": "${aws_sqs_queue.«a».arn}",
          "Condition": { "Bool": { "aws:SecureTransport": "false" } }
        },
        {
          "Sid": "AllowPublisher",
          "Effect": "Allow",
          "Principal": «principal»,
          "Action": "sqs:SendMessage",
          "Resource": "${aws_sqs_queue.«a».arn}"«condition»
        }
      ]
    }
  EOT
}

resource "aws_sqs_queue_policy" "«b»" {
  queue_url = aws_sqs_queue.«b».id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "sqs:*"
        Resource  = aws_sqs_queue.«b».arn
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
      {
        Sid       = "Consumers"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::«account»:role/«team»-consumer" }
        Action    = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
        Resource  = aws_sqs_queue.«b».arn
      }
    ]
  })
}

data "aws_iam_policy_document" "by_name" {
  for_each = aws_sqs_queue.by_name

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sqs:*"]
    resources = [each.value.arn]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  dynamic "statement" {
    for_each = var.legacy_consumer_roles
    content {
      sid       = "Consumer${statement.key}"
      actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage"]
      resources = [each.value.arn]

      principals {
        type        = "AWS"
        identifiers = [statement.value]
      }

      condition {
        test     = "StringEquals"
        variable = "aws:PrincipalOrgID"
        values   = ["o-acme1234"]
      }
    }
  }
}

resource "aws_sqs_queue_policy" "by_name" {
  for_each  = aws_sqs_queue.by_name
  queue_url = each.value.id
  policy    = data.aws_iam_policy_document.by_name[each.key].json
}

resource "aws_sqs_queue_policy" "shard" {
  count     = var.shard_count
  queue_url = aws_sqs_queue.shard[count.index].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = "sqs:*"
      Resource  = aws_sqs_queue.shard[count.index].arn
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}
''', a=ident(a), b=ident(b), principal=principal, condition=condition, account=ACCOUNT, team=ctx["team"])
    locals_add = fill('''
  legacy_queue_defaults = {
    visibility_timeout_seconds = 30
  }
  legacy_queues = {
    for name, timeout in var.legacy_queue_timeouts : name => merge(local.legacy_queue_defaults, {
      visibility_timeout_seconds = timeout
    })
  }
''')
    variables = '''
variable "legacy_queue_sse" {
  type    = bool
  default = true
}

variable "legacy_queue_timeouts" {
  type    = map(number)
  default = {}
}

variable "legacy_consumer_roles" {
  type    = list(string)
  default = []
}

variable "shard_count" {
  type    = number
  default = 2
}
'''
    timeouts = {w: rng.choice([30, 60, 120]) for w in sorted(rng.sample(QUEUE_WORDS, 3))}
    width = max(len(json.dumps(k)) for k in timeouts)
    tfvars = "\nlegacy_queue_timeouts = {\n" + "".join(
        f"  {json.dumps(k).ljust(width)} = {v}\n" for k, v in timeouts.items()) + "}\n"
    tail = [("legacy_consumer_roles", f"[\"arn:aws:iam::{ACCOUNT}:role/{ctx['team']}-reader\"]"),
            ("shard_count", str(rng.randint(1, 4)))]
    if "root-sse-off-tfvars" in seeds:
        tail.append(("legacy_queue_sse", "false"))
    tfvars += "".join(f"{key.ljust(21)} = {value}\n" for key, value in tail)
    return queues_tf, policies_tf, locals_add, variables, tfvars, (ident(a), ident(b))


# --------------------------------------------------------------------------------------------
# One root
# --------------------------------------------------------------------------------------------

ROOT_VARIABLES = '''variable "region" {
  type = string
}

variable "team" {
  type = string
}

variable "environment" {
  type = string
}

variable "az_count" {
  type    = number
  default = 3
}

variable "single_nat_gateway" {
  type    = bool
  default = true
}

variable "log_retention_days" {
  type    = number
  default = 30
}

variable "log_level" {
  type    = string
  default = "info"
}

variable "artifact_version" {
  type    = string
  default = "latest"
}

variable "image_tag" {
  type    = string
  default = "latest"
}

variable "desired_count" {
  type    = number
  default = 2
}

variable "db_instance_class" {
  type    = string
  default = "db.t4g.medium"
}

variable "bastion_ami" {
  type    = string
  default = "ami-0123456789abcdef0"
}
'''


def root_files(rng, team, env, region, kind, seeds):
    ctx = {"team": team, "env": env}
    files = {}
    prod = env.startswith("prod")
    files["versions.tf"] = versions_tf(team, env, region)
    files["providers.tf"] = providers_tf(rng, team, env, region)
    variables = ROOT_VARIABLES
    tfvars = fill('''region      = "«region»"
team        = "«team»"
environment = "«envname»"

az_count           = «az»
single_nat_gateway = «single»
log_retention_days = «retention»
log_level          = "«level»"
desired_count      = «desired»
db_instance_class  = "«dbclass»"
''', region=region, team=team, envname="prod" if prod else env, az=3 if prod else 2,
                  single="false" if prod else "true", retention=365 if prod else 14,
                  level="warn" if prod else "debug", desired=rng.randint(2, 6) if prod else 1,
                  dbclass="db.r6g.large" if prod else "db.t4g.medium")
    locals_tf = fill('''locals {
  name_prefix = "${var.team}-${var.environment}"
  is_prod     = var.environment == "prod"

  common_tags = {
    Team        = var.team
    Environment = var.environment
    Region      = var.region
    Stack       = "live/«team»/«env»"
  }
«extra»}
''', team=team, env=env, extra="«extra»")
    locals_extra = ""
    main = '''data "aws_caller_identity" "current" {}

data "aws_region" "current" {}
'''
    outputs = '''output "vpc_id" {
  value = module.vpc.vpc_id
}

output "private_subnet_ids" {
  value = module.vpc.private_subnet_ids
}

output "logs_bucket" {
  value = module.logs_bucket.bucket
}
'''
    expected = []
    if kind == "service":
        smain, producer, svars, stfvars, souts, queue_names, svc = service_root(rng, ctx, seeds)
        main += "\n" + smain
        files["policies.tf"] = producer
        variables += svars
        tfvars += stfvars
        outputs += souts
        for seed in sorted(seeds):
            rule = {"module-sse-off-tfvars": "SQS101", "module-wildcard-principal": "SQS201",
                    "module-rotation-off-tfvars": "SQS104"}[seed]
            resources = []
            for name in queue_names:
                instance = f'module.{svc}.module.queue["{name}"]'
                if seed == "module-wildcard-principal":
                    resources.append(f"{instance}.aws_sqs_queue_policy.this")
                else:
                    resources.append(f"{instance}.aws_sqs_queue.this")
                    resources.append(f"{instance}.aws_sqs_queue.dlq[0]")
            expected.append({"seed": seed, "rule": rule, "needs_modules": True, "resources": resources})
    elif kind == "legacy":
        queues_tf, policies_tf, locals_add, lvars, ltfvars, (a, b) = legacy_root(rng, ctx, seeds)
        files["queues.tf"] = queues_tf
        files["policies.tf"] = policies_tf
        locals_extra += locals_add
        variables += lvars
        tfvars += ltfvars
        if "root-sse-off-tfvars" in seeds:
            expected.append({"seed": "root-sse-off-tfvars", "rule": "SQS101", "needs_modules": False,
                             "resources": [f"aws_sqs_queue.{a}"]})
        if "root-heredoc-wildcard" in seeds:
            expected.append({"seed": "root-heredoc-wildcard", "rule": "SQS201", "needs_modules": False,
                             "resources": [f"aws_sqs_queue_policy.{a}"]})
    files["locals.tf"] = locals_tf.replace("«extra»", locals_extra)
    files["main.tf"] = main
    files["variables.tf"] = variables
    files["outputs.tf"] = outputs
    files["terraform.tfvars"] = tfvars
    # The unrelated majority: 8 to 12 files besides the common ones.
    optional = [name for name in UNRELATED_FILES if name not in ALWAYS]
    chosen = ALWAYS + sorted(rng.sample(optional, rng.randint(6, 10)))
    for name in chosen:
        files[name] = UNRELATED_FILES[name](rng, ctx)
    return files, expected


def write(out, rel, text, stats):
    path = os.path.join(out, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    data = text.encode()
    with open(path, "wb") as handle:
        handle.write(data)
    stats["files"] += 1
    stats["bytes"] += len(data)
    if rel.endswith(".tf"):
        stats["tf_files"] += 1
    stats["dirs"].add(os.path.dirname(rel))


def new_stats():
    return {"files": 0, "tf_files": 0, "bytes": 0, "dirs": set()}


def generate_monorepo(out, roots, seed):
    rng = random.Random(seed)
    stats = new_stats()
    shared = {}
    shared.update(write_shared_modules(out))
    shared.update(unrelated_module_files())
    for rel in sorted(shared):
        write(out, rel, shared[rel], stats)
    pairs = []
    team_index = 0
    while len(pairs) < roots:
        base = TEAMS[team_index % len(TEAMS)]
        team = base if team_index < len(TEAMS) else f"{base}-{team_index // len(TEAMS) + 1}"
        for env, region in ENVS:
            if len(pairs) < roots:
                pairs.append((team, env, region))
        team_index += 1
    manifest = {"roots": 0, "service_roots": 0, "legacy_roots": 0, "plain_roots": 0, "seeds": []}
    service_count = 0
    legacy_count = 0
    for team, env, region in pairs:
        roll = rng.random()
        kind = "service" if roll < 0.40 else "legacy" if roll < 0.50 else "plain"
        seeds = set()
        if kind == "service":
            if service_count % 17 == 5:
                seeds.add("module-sse-off-tfvars")
            if service_count % 23 == 11:
                seeds.add("module-wildcard-principal")
            # Rotation matters only where the service creates its key (not with SSE off).
            if service_count % 29 == 3 and not seeds:
                seeds.add("module-rotation-off-tfvars")
            service_count += 1
        elif kind == "legacy":
            if legacy_count % 5 == 1:
                seeds.add("root-sse-off-tfvars")
            if legacy_count % 7 == 2:
                seeds.add("root-heredoc-wildcard")
            legacy_count += 1
        root = f"live/{team}/{env}"
        files, expected = root_files(rng, team, env, region, kind, seeds)
        for name in sorted(files):
            write(out, f"{root}/{name}", files[name], stats)
        for entry in expected:
            entry["root"] = root
            manifest["seeds"].append(entry)
        manifest["roots"] += 1
        manifest[f"{kind}_roots"] += 1
    return stats, manifest


# --------------------------------------------------------------------------------------------
# Linearity corpus
# --------------------------------------------------------------------------------------------

LINEAR_QUEUES = ["events", "commands", "retries", "outbox"]


def generate_linear(out, calls, refs, chain):
    stats = new_stats()
    shared = write_shared_modules(out)
    for rel in sorted(shared):
        write(out, rel, shared[rel], stats)
    write(out, "root/versions.tf", VERSIONS_MODULE, stats)
    write(out, "root/variables.tf", '''variable "team" {
  type    = string
  default = "linear"
}

variable "environment" {
  type    = string
  default = "bench"
}

variable "queues" {
  type = map(object({
    fifo                       = optional(bool, false)
    visibility_timeout_seconds = optional(number, 30)
    message_retention_seconds  = optional(number, 345600)
    max_receive_count          = optional(number, 5)
  }))
  default = {}
}

variable "sse_enabled" {
  type    = bool
  default = true
}
''', stats)
    write(out, "root/terraform.tfvars", "queues = " + queues_map_hcl([(q, []) for q in LINEAR_QUEUES]) + "\n", stats)
    write(out, "root/main.tf", '''data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "worker" {
  name               = "linear-worker"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}
''', stats)
    per_file = 50
    for start in range(0, calls, per_file):
        parts = []
        for i in range(start, min(calls, start + per_file)):
            name = f"svc_{i:05d}"
            prev = f"svc_{i - 1:05d}"
            sources = "[]"
            if i % chain != 0:
                sources = f'[module.{prev}.queue_arns["events"], module.{prev}.dlq_arns["events"]]'
            off = i % 10 == 9
            parts.append(fill('''module "«name»" {
  source = "../modules/service"

  name                = "«dash»"
  team                = var.team
  environment         = var.environment
  queues              = var.queues
  create_kms_key      = «kms»
  sse_enabled         = «sse»
  consumer_principals = [aws_iam_role.worker.arn]
  source_arns         = «sources»
}

''', name=name, dash=name.replace("_", "-"), kms="false" if off else "true",
                sse="false" if off else "var.sse_enabled", sources=sources))
            # M references to this call from the root: half in a producer policy, half in
            # an output.
            refs_list = []
            for k in range(refs):
                queue = LINEAR_QUEUES[k % len(LINEAR_QUEUES)]
                output = ["queue_arns", "dlq_arns", "queue_urls"][(k // len(LINEAR_QUEUES)) % 3]
                refs_list.append(f'module.{name}.{output}["{queue}"]')
            arn_refs = [k for k, r in enumerate(refs_list) if ".queue_urls[" not in r]
            in_policy = set(arn_refs[: (refs + 1) // 2])
            policy_refs = [r for k, r in enumerate(refs_list) if k in in_policy]
            output_refs = [r for k, r in enumerate(refs_list) if k not in in_policy]
            parts.append(fill('''data "aws_iam_policy_document" "«name»_producer" {
  statement {
    sid       = "Produce"
    actions   = ["sqs:SendMessage"]
    resources = [«policy_refs»]
  }
}

resource "aws_iam_role_policy" "«name»_producer" {
  name   = "produce-«dash»"
  role   = aws_iam_role.worker.id
  policy = data.aws_iam_policy_document.«name»_producer.json
}

output "«name»" {
  value = [«output_refs»]
}

''', name=name, dash=name.replace("_", "-"), policy_refs=", ".join(policy_refs),
                output_refs=", ".join(output_refs)))
        write(out, f"root/calls_{start // per_file:04d}.tf", "".join(parts), stats)
    off_calls = [f"svc_{i:05d}" for i in range(calls) if i % 10 == 9]
    manifest = {
        "calls": calls, "refs_per_call": refs, "chain": chain,
        # Each of these calls has 4 queues and 4 dead-letter queues without encryption (SQS101;
        # how many findings that makes depends on how findings at one location are merged).
        "sse_off_calls": off_calls,
    }
    return stats, manifest


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", help="output directory (emptied first when it exists)")
    parser.add_argument("--roots", type=int, default=320, help="root modules of the monorepo (8 per team)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--linear", type=int, metavar="N", help="linearity corpus with N module calls")
    parser.add_argument("--refs", type=int, default=8, metavar="M", help="references to each call (--linear)")
    parser.add_argument("--chain", type=int, default=8, metavar="L", help="calls per chain (--linear)")
    parser.add_argument("--manifest", help="write the corpus description (JSON) here")
    args = parser.parse_args()
    if os.path.exists(args.out):
        if not os.path.isdir(args.out):
            parser.error(f"{args.out} exists and is not a directory")
        # Only ever remove what this script generates.
        for top in ("live", "modules", "root"):
            target = os.path.join(args.out, top)
            if os.path.isdir(target):
                for base, dirs, names in os.walk(target, topdown=False):
                    for name in names:
                        os.remove(os.path.join(base, name))
                    for name in dirs:
                        os.rmdir(os.path.join(base, name))
                os.rmdir(target)
    if args.linear is not None:
        stats, manifest = generate_linear(args.out, args.linear, args.refs, args.chain)
    else:
        stats, manifest = generate_monorepo(args.out, args.roots, args.seed)
    manifest.update({
        "files": stats["files"], "tf_files": stats["tf_files"], "bytes": stats["bytes"],
        "module_dirs": len(stats["dirs"]),
    })
    summary = (f"{args.out}: {stats['files']} files ({stats['tf_files']} .tf), "
               f"{stats['bytes'] / 1e6:.1f} MB, {len(stats['dirs'])} module directories")
    print(summary)
    if args.manifest:
        with open(args.manifest, "w") as handle:
            json.dump(manifest, handle, indent=2, sort_keys=True)
            handle.write("\n")


if __name__ == "__main__":
    main()
