//! AWS managed policies that grant SQS access, with their published content, so that
//! attaching one by ARN is evaluated like a written policy.

use crate::model::Location;
use crate::model::policy::{Effect, Items, PolicyDocument, PolicyValue, Statement};
use crate::model::symbolic::{PartRef, Symbolic};

/// Name → actions granted on `Resource: "*"`.
const MANAGED: &[(&str, &[&str])] = &[
    ("AmazonSQSFullAccess", &["sqs:*"]),
    (
        "AmazonSQSReadOnlyAccess",
        &[
            "sqs:GetQueueAttributes",
            "sqs:GetQueueUrl",
            "sqs:ListDeadLetterSourceQueues",
            "sqs:ListQueues",
            "sqs:ListMessageMoveTasks",
            "sqs:ListQueueTags",
        ],
    ),
    (
        "AWSLambdaSQSQueueExecutionRole",
        &[
            "sqs:ReceiveMessage",
            "sqs:DeleteMessage",
            "sqs:GetQueueAttributes",
            "logs:CreateLogGroup",
            "logs:CreateLogStream",
            "logs:PutLogEvents",
        ],
    ),
];

/// The managed policy an ARN names (`arn:aws:iam::aws:policy/AmazonSQSFullAccess`, also with
/// `${AWS::Partition}` or a `service-role/` path), or a bare name (`AmazonSQSFullAccess`, as
/// SAM `Policies` accept), when it is one we know.
#[must_use]
pub fn name_of(arn: &Symbolic) -> Option<&'static str> {
    let Some(PartRef::Text(last)) = arn.last_part() else {
        return None;
    };
    let bare_name = arn.as_text().is_some_and(|text| !text.contains([':', '/']));
    if !bare_name && !last.contains(":iam::aws:policy/") && arn.as_text().is_some() {
        return None;
    }
    let name = last.rsplit('/').next()?;
    MANAGED
        .iter()
        .find(|(known, _)| *known == name)
        .map(|(known, _)| *known)
}

/// The document of a known managed policy, every part located at the ARN that attaches it.
#[must_use]
pub fn document(name: &str, at: Location) -> Option<PolicyDocument> {
    let (_, actions) = MANAGED.iter().find(|(known, _)| *known == name)?;
    let value = |text: &str| PolicyValue {
        value: Symbolic::text(text),
        at,
    };
    Some(PolicyDocument {
        statements: vec![Statement {
            sid: Some(name.to_string()),
            effect: Some(Effect::Allow),
            principals: None,
            actions: Some(Items {
                negated: false,
                values: actions.iter().map(|action| value(action)).collect(),
                unknown: false,
                at,
            }),
            resources: Some(Items {
                negated: false,
                values: vec![value("*")],
                unknown: false,
                at,
            }),
            conditions: None,
            at,
        }],
        unknown_statements: false,
        at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::symbolic::Part;

    #[test]
    fn known_managed_policies_are_recognised_by_arn() {
        let full = Symbolic::text("arn:aws:iam::aws:policy/AmazonSQSFullAccess");
        assert_eq!(name_of(&full), Some("AmazonSQSFullAccess"));
        let mut partitioned = Symbolic::text("arn:");
        partitioned.push(Part::Pseudo("AWS::Partition".into()));
        partitioned.push(Part::Text(
            ":iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole".into(),
        ));
        assert_eq!(
            name_of(&partitioned),
            Some("AWSLambdaSQSQueueExecutionRole")
        );
        assert_eq!(
            name_of(&Symbolic::text(
                "arn:aws:iam::111122223333:policy/AmazonSQSFullAccess"
            )),
            None
        );
        assert_eq!(
            name_of(&Symbolic::text("arn:aws:iam::aws:policy/ReadOnlyAccess")),
            None
        );
    }

    #[test]
    fn a_bare_name_is_recognised_but_not_a_partial_path() {
        assert_eq!(
            name_of(&Symbolic::text("AmazonSQSFullAccess")),
            Some("AmazonSQSFullAccess")
        );
        assert_eq!(name_of(&Symbolic::text("AmazonSQSFullAccessV2")), None);
        assert_eq!(
            name_of(&Symbolic::text("AWSLambdaBasicExecutionRole")),
            None
        );
        assert_eq!(name_of(&Symbolic::text("policy/AmazonSQSFullAccess")), None);
    }
}
