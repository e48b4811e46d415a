//! IAM action patterns against the SQS action list and its admin/producer/consumer/read classes.

/// The SQS actions and their class. Batch forms are not IAM actions (the single action
/// authorises them) but people write them, so they are matched too.
pub const SQS_ACTIONS: &[(&str, ActionClass)] = &[
    ("CreateQueue", ActionClass::Admin),
    ("DeleteQueue", ActionClass::Admin),
    ("SetQueueAttributes", ActionClass::Admin),
    ("AddPermission", ActionClass::Admin),
    ("RemovePermission", ActionClass::Admin),
    ("TagQueue", ActionClass::Admin),
    ("UntagQueue", ActionClass::Admin),
    ("PurgeQueue", ActionClass::Admin),
    ("StartMessageMoveTask", ActionClass::Admin),
    ("CancelMessageMoveTask", ActionClass::Admin),
    ("SendMessage", ActionClass::Producer),
    ("SendMessageBatch", ActionClass::Producer),
    ("ReceiveMessage", ActionClass::Consumer),
    ("DeleteMessage", ActionClass::Consumer),
    ("DeleteMessageBatch", ActionClass::Consumer),
    ("ChangeMessageVisibility", ActionClass::Consumer),
    ("ChangeMessageVisibilityBatch", ActionClass::Consumer),
    ("GetQueueAttributes", ActionClass::Read),
    ("GetQueueUrl", ActionClass::Read),
    ("ListQueues", ActionClass::Read),
    ("ListQueueTags", ActionClass::Read),
    ("ListDeadLetterSourceQueues", ActionClass::Read),
    ("ListMessageMoveTasks", ActionClass::Read),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ActionClass {
    Admin,
    Producer,
    Consumer,
    Read,
}

impl ActionClass {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            ActionClass::Admin => "admin",
            ActionClass::Producer => "producer",
            ActionClass::Consumer => "consumer",
            ActionClass::Read => "read",
        }
    }
}

/// A set of SQS actions, one bit per entry of [`SQS_ACTIONS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct SqsActions(u32);

impl SqsActions {
    pub const ALL: SqsActions = SqsActions((1 << SQS_ACTIONS.len()) - 1);

    #[must_use]
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    #[must_use]
    pub fn union(self, other: SqsActions) -> SqsActions {
        SqsActions(self.0 | other.0)
    }

    #[must_use]
    pub fn complement(self) -> SqsActions {
        SqsActions(!self.0 & SqsActions::ALL.0)
    }

    /// The actions in the set, as `sqs:Name`.
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        SQS_ACTIONS
            .iter()
            .enumerate()
            .filter(move |(bit, _)| self.0 & (1 << bit) != 0)
            .map(|(_, (name, _))| *name)
    }

    #[must_use]
    pub fn classes(self) -> Vec<ActionClass> {
        let mut classes: Vec<ActionClass> = SQS_ACTIONS
            .iter()
            .enumerate()
            .filter(|(bit, _)| self.0 & (1 << bit) != 0)
            .map(|(_, (_, class))| *class)
            .collect();
        classes.sort();
        classes.dedup();
        classes
    }
}

/// Case-insensitive (ASCII) IAM wildcard match: `*` any run, `?` one character.
#[must_use]
pub fn wildcard_match(pattern: &str, text: &str) -> bool {
    let (pattern, text) = (pattern.as_bytes(), text.as_bytes());
    let (mut p, mut t) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while t < text.len() {
        if p < pattern.len()
            && (pattern[p] == b'?' || pattern[p].eq_ignore_ascii_case(&text[t]))
            && pattern[p] != b'*'
        {
            p += 1;
            t += 1;
        } else if p < pattern.len() && pattern[p] == b'*' {
            star = Some(p);
            mark = t;
            p += 1;
        } else if let Some(star_at) = star {
            p = star_at + 1;
            mark += 1;
            t = mark;
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&c| c == b'*')
}

/// What one action pattern (`sqs:Send*`, `*`, `s3:GetObject`) matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PatternMatch {
    /// `*` or `sqs:*` (every SQS action, and future ones).
    pub full_wildcard: bool,
    pub sqs: SqsActions,
}

#[must_use]
pub fn match_pattern(pattern: &str) -> PatternMatch {
    let trimmed = pattern.trim();
    let full_wildcard = trimmed == "*" || trimmed.eq_ignore_ascii_case("sqs:*");
    // `sqs:Name` patterns: match the service, then the name (no allocation per action).
    let mut bits = 0u32;
    for (bit, (name, _)) in SQS_ACTIONS.iter().enumerate() {
        let matched = match trimmed.split_once(':') {
            Some((service, name_pattern)) => {
                wildcard_match(service, "sqs") && wildcard_match(name_pattern, name)
            }
            // No `:` (`*`, `*Message`): the pattern spans service and name.
            None => wildcard_match(trimmed, &format!("sqs:{name}")),
        };
        if matched {
            bits |= 1 << bit;
        }
    }
    PatternMatch {
        full_wildcard,
        sqs: SqsActions(bits),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_are_case_insensitive() {
        assert!(wildcard_match("sqs:send*", "sqs:SendMessageBatch"));
        assert!(wildcard_match("SQS:?endMessage", "sqs:SendMessage"));
        assert!(!wildcard_match("sqs:Send", "sqs:SendMessage"));
        assert!(wildcard_match("*", "s3:GetObject"));
        assert!(wildcard_match(
            "sqs:*Message*",
            "sqs:ChangeMessageVisibility"
        ));
    }

    #[test]
    fn patterns_expand_to_sqs_actions_and_classes() {
        let send = match_pattern("sqs:Send*");
        assert!(!send.full_wildcard);
        assert_eq!(
            send.sqs.names().collect::<Vec<_>>(),
            ["SendMessage", "SendMessageBatch"]
        );
        assert_eq!(send.sqs.classes(), [ActionClass::Producer]);
        let all = match_pattern("SQS:*");
        assert!(all.full_wildcard);
        assert_eq!(all.sqs, SqsActions::ALL);
        assert!(match_pattern("*").full_wildcard);
        assert_eq!(match_pattern("*").sqs, SqsActions::ALL);
        assert_eq!(
            match_pattern("*Message").sqs.classes(),
            [ActionClass::Producer, ActionClass::Consumer]
        );
        assert!(match_pattern("s3:*").sqs.is_empty());
        let mixed = match_pattern("sqs:*Message").sqs;
        assert_eq!(
            mixed.classes(),
            [ActionClass::Producer, ActionClass::Consumer]
        );
        assert_eq!(match_pattern("sqs:Get*").sqs.classes(), [ActionClass::Read]);
    }
}
