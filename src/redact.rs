//! Secret redaction applied to every text a report shows from the scanned files: AWS access key
//! ids and secret-key-shaped strings keep their first four characters, then `…`.

use std::borrow::Cow;

/// Prefixes of AWS access key ids (long-term, temporary, and other credential kinds).
const KEY_ID_PREFIXES: &[&str] = &[
    "AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AROA", "ANPA", "ANVA", "APKA", "AIPA",
];

fn is_key_id_char(byte: u8) -> bool {
    byte.is_ascii_uppercase() || byte.is_ascii_digit()
}

fn is_secret_char(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'/' || byte == b'+'
}

/// A run of 40 secret characters mixing upper case, lower case and digits: the shape of an AWS
/// secret access key (git SHAs, all lower-case hex, are left alone).
fn looks_like_secret_key(run: &[u8]) -> bool {
    run.len() == 40
        && run.iter().any(u8::is_ascii_uppercase)
        && run.iter().any(u8::is_ascii_lowercase)
        && run.iter().any(u8::is_ascii_digit)
}

/// Byte ranges of credential-shaped substrings.
#[must_use]
pub fn secret_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = text.as_bytes();
    let mut ranges = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        if !is_secret_char(bytes[at]) {
            at += 1;
            continue;
        }
        let start = at;
        while at < bytes.len() && is_secret_char(bytes[at]) {
            at += 1;
        }
        let run = &bytes[start..at];
        // A secret key stands alone as a value: not inside a path or an ARN-like `a:b:c`.
        let standalone = start
            .checked_sub(1)
            .is_none_or(|before| !matches!(bytes[before], b':' | b'.' | b'-' | b'_'))
            && bytes
                .get(at)
                .is_none_or(|after| !matches!(after, b':' | b'.' | b'-' | b'_'));
        if standalone && looks_like_secret_key(run) {
            ranges.push(start..at);
            continue;
        }
        // Access key ids: a known prefix then 16 upper-case letters or digits, word-bounded.
        let mut offset = 0;
        while offset + 20 <= run.len() {
            let candidate = &run[offset..offset + 20];
            let prefixed = KEY_ID_PREFIXES
                .iter()
                .any(|prefix| candidate.starts_with(prefix.as_bytes()));
            let bounded = run
                .get(offset + 20)
                .is_none_or(|&next| !is_key_id_char(next))
                && (offset == 0 || !is_key_id_char(run[offset - 1]));
            if prefixed && bounded && candidate.iter().all(|&b| is_key_id_char(b)) {
                ranges.push(start + offset..start + offset + 20);
                offset += 20;
            } else {
                offset += 1;
            }
        }
    }
    ranges
}

/// `text` with every credential-shaped substring shortened to its first four characters and `…`.
#[must_use]
pub fn redact(text: &str) -> Cow<'_, str> {
    let ranges = secret_ranges(text);
    if ranges.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for range in ranges {
        out.push_str(&text[last..range.start]);
        out.push_str(&text[range.start..range.start + 4]);
        out.push('…');
        last = range.end;
    }
    out.push_str(&text[last..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_key_ids_and_secret_keys_are_redacted() {
        let line = r#"access_key = "AKIAIOSFODNN7EXAMPLE" secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY""#;
        assert_eq!(redact(line), r#"access_key = "AKIA…" secret_key = "wJal…""#);
    }

    #[test]
    fn ordinary_text_and_git_shas_are_untouched() {
        let line =
            "source = \"git::https://x/y?ref=cc15171d03a9635784bea6aa6d456556d5cce739\" AKIAshort";
        assert_eq!(redact(line), line);
    }
}
