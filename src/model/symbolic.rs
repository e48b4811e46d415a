//! Strings that are partly symbolic: an ARN built from `${AWS::AccountId}`, a policy resource
//! `aws_sqs_queue.q.arn`, a name with an unresolved variable in it. Rules reason about their
//! shape (an ARN whose account is the deploying account is an account principal, never a
//! wildcard) without pretending to know the text.

use std::fmt;

/// One part of a [`Symbolic`] string.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Part {
    Text(String),
    /// A CloudFormation pseudo parameter (`AWS::AccountId`, `AWS::Region`, `AWS::Partition`…).
    Pseudo(String),
    /// An attribute of a resource of the scanned code: `aws_sqs_queue.q` `arn`, `Resources.Q` `Arn`.
    Ref {
        address: String,
        attribute: String,
    },
    /// Not statically knowable.
    Unknown,
}

/// A string made of parts; plain text is one `Text` part.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Symbolic {
    pub parts: Vec<Part>,
}

impl Symbolic {
    /// Plain text (the empty string has no parts).
    #[must_use]
    pub fn text(text: impl Into<String>) -> Self {
        let text = text.into();
        Symbolic {
            parts: if text.is_empty() {
                Vec::new()
            } else {
                vec![Part::Text(text)]
            },
        }
    }

    #[must_use]
    pub fn unknown() -> Self {
        Symbolic {
            parts: vec![Part::Unknown],
        }
    }

    #[must_use]
    pub fn reference(address: impl Into<String>, attribute: impl Into<String>) -> Self {
        Symbolic {
            parts: vec![Part::Ref {
                address: address.into(),
                attribute: attribute.into(),
            }],
        }
    }

    /// Append a part, merging adjacent text.
    pub fn push(&mut self, part: Part) {
        match (self.parts.last_mut(), part) {
            (Some(Part::Text(last)), Part::Text(more)) => last.push_str(&more),
            (_, Part::Text(more)) if more.is_empty() => {}
            (_, part) => self.parts.push(part),
        }
    }

    /// Append every part of another string.
    pub fn extend(&mut self, other: Symbolic) {
        for part in other.parts {
            self.push(part);
        }
    }

    /// The text, when every part is text.
    #[must_use]
    pub fn as_text(&self) -> Option<&str> {
        match self.parts.as_slice() {
            [] => Some(""),
            [Part::Text(text)] => Some(text),
            _ => None,
        }
    }

    /// Whether some part is not statically knowable.
    #[must_use]
    pub fn has_unknown(&self) -> bool {
        self.parts.contains(&Part::Unknown)
    }

    /// Exactly one reference to a resource, and nothing else.
    #[must_use]
    pub fn as_reference(&self) -> Option<(&str, &str)> {
        match self.parts.as_slice() {
            [Part::Ref { address, attribute }] => Some((address, attribute)),
            _ => None,
        }
    }

    /// Addresses of every resource the string refers to.
    pub fn references(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|part| match part {
            Part::Ref { address, .. } => Some(address.as_str()),
            _ => None,
        })
    }
}

impl fmt::Display for Symbolic {
    /// `arn:aws:iam::${AWS::AccountId}:root`, `${aws_sqs_queue.q.arn}`, `${?}` for unknowns.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for part in &self.parts {
            match part {
                Part::Text(text) => f.write_str(text)?,
                Part::Pseudo(name) => write!(f, "${{{name}}}")?,
                Part::Ref { address, attribute } => write!(f, "${{{address}.{attribute}}}")?,
                Part::Unknown => f.write_str("${?}")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_merges_and_displays() {
        let mut value = Symbolic::text("arn:aws:iam::");
        value.push(Part::Pseudo("AWS::AccountId".into()));
        value.push(Part::Text(":".into()));
        value.push(Part::Text("root".into()));
        assert_eq!(value.parts.len(), 3);
        assert_eq!(value.to_string(), "arn:aws:iam::${AWS::AccountId}:root");
        assert_eq!(value.as_text(), None);
        assert_eq!(Symbolic::text("x").as_text(), Some("x"));
        assert!(!value.has_unknown());
        assert!(Symbolic::unknown().has_unknown());
    }
}
