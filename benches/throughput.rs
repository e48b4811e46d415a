//! Front-end throughput and rule-evaluation time on generated inputs (`cargo bench --bench
//! throughput`). Figures are recorded in benches/README.md; nothing here is a test.

// Sizes are reported in MB as floating point; precision loss past 2^52 bytes is irrelevant.
#![allow(clippy::cast_precision_loss)]

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use sqsguard::frontend::cloudformation::{self, Syntax};
use sqsguard::frontend::terraform;
use sqsguard::model::Truth;
use sqsguard::model::fields::for_each_subject;
use sqsguard::rules::matcher;
use sqsguard::source::SourceFile;
use sqsguard::{RuleSet, Selection};

/// Median of `runs` timings of `work`.
fn median(runs: usize, mut work: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

/// A CloudFormation template with `groups` × 4 resources: a key, a queue, a queue policy with
/// two statements, and a role with an inline policy.
fn template_yaml(groups: usize) -> String {
    let mut text = String::from("AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n");
    for i in 0..groups {
        let _ = write!(
            text,
            "  Key{i}:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: {rot}\n\
             \x20 Queue{i}:\n    Type: AWS::SQS::Queue\n    Properties:\n      KmsMasterKeyId: !Ref Key{i}\n\
             \x20 Policy{i}:\n    Type: AWS::SQS::QueuePolicy\n    Properties:\n      Queues: [!Ref Queue{i}]\n\
             \x20     PolicyDocument:\n        Statement:\n\
             \x20         - Effect: Allow\n            Principal: \"*\"\n            Action: [sqs:SendMessage, sqs:ReceiveMessage]\n\
             \x20           Resource: !GetAtt Queue{i}.Arn\n            Condition: {{ArnEquals: {{aws:SourceArn: !Sub \"arn:${{AWS::Partition}}:sns:${{AWS::Region}}:${{AWS::AccountId}}:t{i}\"}}}}\n\
             \x20         - Effect: Deny\n            Principal: \"*\"\n            Action: sqs:*\n            Resource: !GetAtt Queue{i}.Arn\n\
             \x20           Condition: {{Bool: {{aws:SecureTransport: \"false\"}}}}\n\
             \x20 Role{i}:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {{}}\n      Policies:\n\
             \x20       - PolicyName: p\n          PolicyDocument:\n            Statement:\n\
             \x20             - Effect: Allow\n                Action: [sqs:*]\n                Resource: \"*\"\n",
            rot = if i % 2 == 0 { "true" } else { "false" },
        );
    }
    text
}

/// The same shapes in Terraform: `groups` × 4 resources plus a policy document data source.
fn module_tf(groups: usize) -> String {
    let mut text = String::new();
    for i in 0..groups {
        let _ = write!(
            text,
            "resource \"aws_kms_key\" \"k{i}\" {{\n  enable_key_rotation = {rot}\n}}\n\n\
             resource \"aws_sqs_queue\" \"q{i}\" {{\n  name              = \"q{i}\"\n  kms_master_key_id = aws_kms_key.k{i}.arn\n}}\n\n\
             data \"aws_iam_policy_document\" \"d{i}\" {{\n  statement {{\n    effect    = \"Deny\"\n    actions   = [\"sqs:*\"]\n\
             \x20   resources = [aws_sqs_queue.q{i}.arn]\n    principals {{\n      type        = \"*\"\n      identifiers = [\"*\"]\n    }}\n\
             \x20   condition {{\n      test     = \"Bool\"\n      variable = \"aws:SecureTransport\"\n      values   = [\"false\"]\n    }}\n  }}\n}}\n\n\
             resource \"aws_sqs_queue_policy\" \"p{i}\" {{\n  queue_url = aws_sqs_queue.q{i}.id\n  policy    = data.aws_iam_policy_document.d{i}.json\n}}\n\n\
             resource \"aws_iam_role_policy\" \"r{i}\" {{\n  role = \"r\"\n  policy = jsonencode({{\n    Statement = [{{ Effect = \"Allow\", Action = [\"sqs:*\"], Resource = \"*\" }}]\n  }})\n}}\n\n",
            rot = if i % 2 == 0 { "true" } else { "false" },
        );
    }
    text
}

fn main() {
    let mb = |bytes: usize, time: Duration| bytes as f64 / 1e6 / time.as_secs_f64();

    let yaml = SourceFile::new("t.yaml".into(), template_yaml(1250));
    let yaml_time = median(5, || {
        let _ = cloudformation::load_model(&yaml, 0, Syntax::Yaml);
    });
    let model = cloudformation::load_model(&yaml, 0, Syntax::Yaml)
        .ok()
        .flatten()
        .unwrap_or_default();
    println!(
        "CloudFormation YAML, 5,000 resources ({:.1} MB): parse + normalise {:.0} ms ({:.1} MB/s)",
        yaml.text.len() as f64 / 1e6,
        yaml_time.as_secs_f64() * 1e3,
        mb(yaml.text.len(), yaml_time)
    );

    // The same template as JSON, through the JSON reader.
    let json_text = {
        let root = cloudformation::yaml::parse(&yaml.text).ok().flatten();
        root.map(|node| to_json(&node)).unwrap_or_default()
    };
    let json = SourceFile::new("t.json".into(), json_text);
    let json_time = median(5, || {
        let _ = cloudformation::load_model(&json, 0, Syntax::Json);
    });
    println!(
        "CloudFormation JSON, 5,000 resources ({:.1} MB): parse + normalise {:.0} ms ({:.1} MB/s)",
        json.text.len() as f64 / 1e6,
        json_time.as_secs_f64() * 1e3,
        mb(json.text.len(), json_time)
    );

    let tf = SourceFile::new("main.tf".into(), module_tf(1250));
    let tf_time = median(5, || {
        let _ = terraform::load(std::slice::from_ref(&tf));
    });
    println!(
        "Terraform, 6,250 blocks ({:.1} MB): parse + evaluate {:.0} ms ({:.1} MB/s)",
        tf.text.len() as f64 / 1e6,
        tf_time.as_secs_f64() * 1e3,
        mb(tf.text.len(), tf_time)
    );

    // Rule evaluation alone, every rule on, over the CloudFormation model.
    let rule_set = RuleSet::builtin().unwrap_or_else(|error| panic!("{error}"));
    let all = rule_set
        .select(&Selection {
            select: Some(vec!["ALL".into()]),
            ..Selection::default()
        })
        .unwrap_or_default();
    let resources = model.queues.len()
        + model.kms_keys.len()
        + model.queue_policies.len()
        + model.identity_policies.len();
    let mut hits = 0;
    let rules_time = median(11, || {
        hits = 0;
        for rule in &all {
            for_each_subject(&model, rule.collection, |subject| {
                if matcher::evaluate(&rule.condition, subject, &model) == Truth::True {
                    hits += 1;
                }
            });
        }
    });
    println!(
        "Rules: all {} rules over {} resources ({} statements): {:.2} ms, {} matches",
        all.len(),
        resources,
        model.statements().count(),
        rules_time.as_secs_f64() * 1e3,
        hits
    );
}

/// A tree as JSON text (intrinsics stay in their long form).
fn to_json(node: &sqsguard::frontend::tree::Node) -> String {
    use sqsguard::frontend::tree::NodeKind;
    match &node.kind {
        NodeKind::Null => "null".into(),
        NodeKind::Bool(value) => value.to_string(),
        NodeKind::Number(value) => value.to_string(),
        NodeKind::Str(text) => serde_json::to_string(text).unwrap_or_default(),
        NodeKind::Sym(value) => serde_json::to_string(&value.to_string()).unwrap_or_default(),
        NodeKind::Seq(items) => format!(
            "[{}]",
            items.iter().map(to_json).collect::<Vec<_>>().join(",")
        ),
        NodeKind::Map(entries) => format!(
            "{{{}}}",
            entries
                .iter()
                .map(|entry| format!(
                    "{}:{}",
                    serde_json::to_string(&entry.key).unwrap_or_default(),
                    to_json(&entry.value)
                ))
                .collect::<Vec<_>>()
                .join(",")
        ),
    }
}
