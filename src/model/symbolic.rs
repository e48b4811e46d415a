//! Strings that are partly symbolic: an ARN built from `${AWS::AccountId}`, a policy resource
//! `aws_sqs_queue.q.arn`, a name with an unresolved variable in it. Rules reason about their
//! shape (an ARN whose account is the deploying account is an account principal, never a
//! wildcard) without pretending to know the text.

use std::collections::HashSet;
use std::fmt;
use std::sync::Arc;

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

impl Part {
    /// The part, borrowed.
    #[must_use]
    pub fn as_part_ref(&self) -> PartRef<'_> {
        match self {
            Part::Text(text) => PartRef::Text(text),
            Part::Pseudo(name) => PartRef::Pseudo(name),
            Part::Ref { address, attribute } => PartRef::Ref { address, attribute },
            Part::Unknown => PartRef::Unknown,
        }
    }
}

/// One part of a [`Symbolic`] string, borrowed from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartRef<'a> {
    Text(&'a str),
    Pseudo(&'a str),
    Ref {
        address: &'a str,
        attribute: &'a str,
    },
    Unknown,
}

impl PartRef<'_> {
    #[must_use]
    pub fn to_part(self) -> Part {
        match self {
            PartRef::Text(text) => Part::Text(text.to_string()),
            PartRef::Pseudo(name) => Part::Pseudo(name.to_string()),
            PartRef::Ref { address, attribute } => Part::Ref {
                address: address.to_string(),
                attribute: attribute.to_string(),
            },
            PartRef::Unknown => Part::Unknown,
        }
    }
}

/// A string made of parts; plain text is one `Text` part, the empty string none.
#[derive(Clone, Default)]
pub struct Symbolic {
    repr: Repr,
}

/// Plain text is by far the most common value (a large plan holds hundreds of thousands), so
/// it is one exactly sized allocation rather than a list of parts and a string, and may be
/// shared with equal texts ([`TextInterner`]).
#[derive(Clone)]
enum Repr {
    /// Plain, non-empty text.
    Text(Arc<str>),
    /// Anything else, including text being built up part by part.
    Parts(Vec<Part>),
}

impl Default for Repr {
    fn default() -> Self {
        Repr::Parts(Vec::new())
    }
}

impl Symbolic {
    /// Plain text (the empty string has no parts).
    #[must_use]
    pub fn text(text: impl Into<String>) -> Self {
        let text: String = text.into();
        Symbolic {
            repr: if text.is_empty() {
                Repr::default()
            } else {
                Repr::Text(text.into())
            },
        }
    }

    /// Plain text shared with other values.
    #[must_use]
    pub fn shared(text: Arc<str>) -> Self {
        Symbolic {
            repr: if text.is_empty() {
                Repr::default()
            } else {
                Repr::Text(text)
            },
        }
    }

    #[must_use]
    pub fn unknown() -> Self {
        Symbolic::from(Part::Unknown)
    }

    #[must_use]
    pub fn reference(address: impl Into<String>, attribute: impl Into<String>) -> Self {
        Symbolic::from(Part::Ref {
            address: address.into(),
            attribute: attribute.into(),
        })
    }

    /// A CloudFormation pseudo parameter alone: `AWS::AccountId`.
    #[must_use]
    pub fn pseudo(name: impl Into<String>) -> Self {
        Symbolic::from(Part::Pseudo(name.into()))
    }

    /// Append a part, merging adjacent text.
    pub fn push(&mut self, part: Part) {
        if let Part::Text(more) = &part
            && more.is_empty()
        {
            return;
        }
        if let Repr::Text(text) = &self.repr {
            self.repr = Repr::Parts(vec![Part::Text(text.to_string())]);
        }
        let Repr::Parts(parts) = &mut self.repr else {
            return;
        };
        match (parts.last_mut(), part) {
            (Some(Part::Text(last)), Part::Text(more)) => last.push_str(&more),
            (_, part) => parts.push(part),
        }
    }

    /// Append every part of another string.
    pub fn extend(&mut self, other: Symbolic) {
        match other.repr {
            Repr::Text(text) => self.push(Part::Text(text.to_string())),
            Repr::Parts(parts) => {
                for part in parts {
                    self.push(part);
                }
            }
        }
    }

    /// Its parts, in order.
    #[must_use]
    pub fn parts(&self) -> Parts<'_> {
        match &self.repr {
            Repr::Text(text) => Parts {
                text: Some(text),
                rest: [].iter(),
            },
            Repr::Parts(parts) => Parts {
                text: None,
                rest: parts.iter(),
            },
        }
    }

    #[must_use]
    pub fn first_part(&self) -> Option<PartRef<'_>> {
        self.parts().next()
    }

    #[must_use]
    pub fn last_part(&self) -> Option<PartRef<'_>> {
        self.parts().next_back()
    }

    #[must_use]
    pub fn part_count(&self) -> usize {
        self.parts().len()
    }

    /// The text, when every part is text.
    #[must_use]
    pub fn as_text(&self) -> Option<&str> {
        match &self.repr {
            Repr::Text(text) => Some(text),
            Repr::Parts(parts) => match parts.as_slice() {
                [] => Some(""),
                [Part::Text(text)] => Some(text),
                _ => None,
            },
        }
    }

    /// Whether some part is not statically knowable.
    #[must_use]
    pub fn has_unknown(&self) -> bool {
        self.parts().any(|part| part == PartRef::Unknown)
    }

    /// Exactly one reference to a resource, and nothing else.
    #[must_use]
    pub fn as_reference(&self) -> Option<(&str, &str)> {
        match self.parts().into_single()? {
            PartRef::Ref { address, attribute } => Some((address, attribute)),
            _ => None,
        }
    }

    /// Exactly one pseudo parameter, and nothing else.
    #[must_use]
    pub fn as_pseudo(&self) -> Option<&str> {
        match self.parts().into_single()? {
            PartRef::Pseudo(name) => Some(name),
            _ => None,
        }
    }

    /// Addresses of every resource the string refers to.
    pub fn references(&self) -> impl Iterator<Item = &str> {
        self.parts().filter_map(|part| match part {
            PartRef::Ref { address, .. } => Some(address),
            _ => None,
        })
    }

    /// Give back room the parts grew into while the string was built, and store plain text as
    /// plain text.
    pub fn shrink_to_fit(&mut self) {
        if let Repr::Parts(parts) = &mut self.repr {
            if let [Part::Text(text)] = parts.as_mut_slice() {
                self.repr = Repr::Text(std::mem::take(text).into());
            } else {
                parts.shrink_to_fit();
            }
        }
    }
}

impl From<Part> for Symbolic {
    fn from(part: Part) -> Self {
        match part {
            Part::Text(text) => Symbolic::text(text),
            // Exactly one: a pushed vector would reserve room for four.
            part => Symbolic {
                repr: Repr::Parts(vec![part]),
            },
        }
    }
}

impl FromIterator<Part> for Symbolic {
    fn from_iter<I: IntoIterator<Item = Part>>(parts: I) -> Self {
        let mut symbolic = Symbolic::default();
        for part in parts {
            symbolic.push(part);
        }
        symbolic
    }
}

// Equal by parts, however they are stored.
impl PartialEq for Symbolic {
    fn eq(&self, other: &Self) -> bool {
        self.parts().eq(other.parts())
    }
}

impl Eq for Symbolic {}

impl std::hash::Hash for Symbolic {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        for part in self.parts() {
            part.hash(state);
        }
    }
}

impl fmt::Debug for Symbolic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.parts()).finish()
    }
}

/// Gives equal texts one shared allocation: a policy repeats its resource ARN in every
/// statement, and a plan repeats the same actions, keys and principals in every policy.
/// Bounded, so that a plan of unique names does not grow it without end; it lives as long as
/// one file's reading.
#[derive(Default)]
pub struct TextInterner {
    texts: HashSet<Arc<str>>,
}

impl TextInterner {
    /// Texts longer than this are rarely repeated.
    const MAX_LENGTH: usize = 256;
    /// Once this many texts are kept, only those are shared.
    const MAX_TEXTS: usize = 1 << 14;

    /// `text` as a symbolic string, shared when an equal one was seen.
    pub fn text(&mut self, text: &str) -> Symbolic {
        if let Some(shared) = self.texts.get(text) {
            return Symbolic::shared(shared.clone());
        }
        let owned: Arc<str> = Arc::from(text);
        if text.len() <= Self::MAX_LENGTH && self.texts.len() < Self::MAX_TEXTS {
            self.texts.insert(owned.clone());
        }
        Symbolic::shared(owned)
    }
}

/// The parts of a [`Symbolic`] string, borrowed.
#[derive(Clone)]
pub struct Parts<'a> {
    /// The text of a plain-text string, before `rest` (which is then empty).
    text: Option<&'a str>,
    rest: std::slice::Iter<'a, Part>,
}

impl<'a> Parts<'a> {
    /// The only part, when there is exactly one.
    fn into_single(mut self) -> Option<PartRef<'a>> {
        let first = self.next()?;
        self.next().is_none().then_some(first)
    }
}

impl<'a> Iterator for Parts<'a> {
    type Item = PartRef<'a>;

    fn next(&mut self) -> Option<PartRef<'a>> {
        match self.text.take() {
            Some(text) => Some(PartRef::Text(text)),
            None => self.rest.next().map(Part::as_part_ref),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let len = usize::from(self.text.is_some()) + self.rest.len();
        (len, Some(len))
    }
}

impl DoubleEndedIterator for Parts<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.rest
            .next_back()
            .map(Part::as_part_ref)
            .or_else(|| self.text.take().map(PartRef::Text))
    }
}

impl ExactSizeIterator for Parts<'_> {}

impl fmt::Display for Symbolic {
    /// `arn:aws:iam::${AWS::AccountId}:root`, `${aws_sqs_queue.q.arn}`, `${?}` for unknowns.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for part in self.parts() {
            match part {
                PartRef::Text(text) => f.write_str(text)?,
                PartRef::Pseudo(name) => write!(f, "${{{name}}}")?,
                PartRef::Ref { address, attribute } => write!(f, "${{{address}.{attribute}}}")?,
                PartRef::Unknown => f.write_str("${?}")?,
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
        assert_eq!(value.part_count(), 3);
        assert_eq!(value.to_string(), "arn:aws:iam::${AWS::AccountId}:root");
        assert_eq!(value.as_text(), None);
        assert_eq!(Symbolic::text("x").as_text(), Some("x"));
        assert!(!value.has_unknown());
        assert!(Symbolic::unknown().has_unknown());
    }

    #[test]
    fn equal_by_parts_however_built() {
        let mut built = Symbolic::default();
        built.push(Part::Text("arn:".into()));
        built.push(Part::Text("aws".into()));
        assert_eq!(built, Symbolic::text("arn:aws"));
        assert_eq!(built.as_text(), Some("arn:aws"));
        let mut compact = built.clone();
        compact.shrink_to_fit();
        assert_eq!(compact, built);
        assert_eq!(Symbolic::text(""), Symbolic::default());
        assert_eq!(Symbolic::text("").part_count(), 0);
        let mut grown = Symbolic::text("a");
        grown.push(Part::Pseudo("AWS::Region".into()));
        grown.push(Part::Text("b".into()));
        assert_eq!(grown.to_string(), "a${AWS::Region}b");
        assert_eq!(grown.first_part(), Some(PartRef::Text("a")));
        assert_eq!(grown.last_part(), Some(PartRef::Text("b")));
        assert_eq!(grown.parts().rev().count(), 3);
        assert_eq!(
            Symbolic::pseudo("AWS::AccountId").as_pseudo(),
            Some("AWS::AccountId")
        );
        assert_eq!(Symbolic::text("x").last_part(), Some(PartRef::Text("x")));
        assert_eq!(
            Symbolic::text("x").parts().next_back(),
            Some(PartRef::Text("x"))
        );
    }

    #[test]
    fn interned_texts_are_shared_and_bounded() {
        let mut texts = TextInterner::default();
        let first = texts.text("sqs:SendMessage");
        let second = texts.text("sqs:SendMessage");
        assert_eq!(first, second);
        let (Repr::Text(a), Repr::Text(b)) = (&first.repr, &second.repr) else {
            panic!("plain text is stored as text");
        };
        assert!(Arc::ptr_eq(a, b));
        assert_eq!(texts.text(""), Symbolic::default());
        let long = "x".repeat(TextInterner::MAX_LENGTH + 1);
        texts.text(&long);
        assert!(!texts.texts.contains(long.as_str()));
        for index in 0..TextInterner::MAX_TEXTS + 10 {
            texts.text(&index.to_string());
        }
        assert_eq!(texts.texts.len(), TextInterner::MAX_TEXTS);
    }
}
