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
    let mut ranges = Vec::new();
    for_each_secret(text.as_bytes(), |range| {
        ranges.push(range);
        true
    });
    ranges
}

/// Whether a text holds a credential-shaped substring (the prefilter's question: it stops
/// at the first).
#[must_use]
pub fn has_secret_shape(bytes: &[u8]) -> bool {
    let mut found = false;
    for_each_secret(bytes, |_| {
        found = true;
        false
    });
    found
}

/// Secret characters, by byte: a table, because this runs over every byte of every file.
static SECRET_CHAR: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        #[allow(clippy::cast_possible_truncation)] // `byte` < 256
        let b = byte as u8;
        table[byte] = b.is_ascii_alphanumeric() || b == b'/' || b == b'+';
        byte += 1;
    }
    table
};

/// The shortest credential shape: an access key id.
const MIN_RUN: usize = 20;

/// Call `found` with each credential-shaped range, in order, while it returns `true`.
fn for_each_secret(bytes: &[u8], mut found: impl FnMut(std::ops::Range<usize>) -> bool) {
    let secret = |at: usize| SECRET_CHAR[usize::from(bytes[at])];
    // Neither shape is shorter than an access key id (20), so only runs that cover the byte
    // 19 places on can matter: probe there and skip 20 bytes when it is not a secret
    // character. `at` is always at the file's start or just after a non-secret byte.
    let mut at = 0;
    while at + MIN_RUN <= bytes.len() {
        let probe = at + MIN_RUN - 1;
        if !secret(probe) {
            at = probe + 1;
            continue;
        }
        let mut start = probe;
        while start > at && secret(start - 1) {
            start -= 1;
        }
        let mut end = probe + 1;
        while end < bytes.len() && secret(end) {
            end += 1;
        }
        at = end;
        let run = &bytes[start..at];
        if run.len() < MIN_RUN {
            continue;
        }
        // A secret key stands alone as a value: not inside a path or an ARN-like `a:b:c`.
        let standalone = start
            .checked_sub(1)
            .is_none_or(|before| !matches!(bytes[before], b':' | b'.' | b'-' | b'_'))
            && bytes
                .get(at)
                .is_none_or(|after| !matches!(after, b':' | b'.' | b'-' | b'_'));
        if standalone && looks_like_secret_key(run) {
            if !found(start..at) {
                return;
            }
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
                if !found(start + offset..start + offset + 20) {
                    return;
                }
                offset += 20;
            } else {
                offset += 1;
            }
        }
    }
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

    /// The plain scan the skipping one must agree with: every maximal run, in order.
    fn reference(bytes: &[u8]) -> Vec<std::ops::Range<usize>> {
        let mut ranges = Vec::new();
        let mut at = 0;
        while at < bytes.len() {
            if !SECRET_CHAR[usize::from(bytes[at])] {
                at += 1;
                continue;
            }
            let start = at;
            while at < bytes.len() && SECRET_CHAR[usize::from(bytes[at])] {
                at += 1;
            }
            let run = &bytes[start..at];
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

    #[test]
    fn the_skipping_scan_finds_what_a_plain_scan_finds() {
        let pieces: [&[u8]; 8] = [
            b"AKIAIOSFODNN7EXAMPLE",
            b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            b"a",
            b"Z9",
            b" ",
            b"-",
            b":",
            b"ASIA0000000000000000X",
        ];
        // A deterministic walk over concatenations: keys at the start, the end, next to
        // separators and inside longer runs.
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..2_000 {
            let mut text = Vec::new();
            for _ in 0..(seed % 12) {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                text.extend_from_slice(pieces[usize::try_from(seed >> 61).unwrap()]);
            }
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            assert_eq!(
                secret_ranges(std::str::from_utf8(&text).unwrap()),
                reference(&text),
                "{}",
                String::from_utf8_lossy(&text)
            );
            assert_eq!(has_secret_shape(&text), !reference(&text).is_empty());
        }
    }

    #[test]
    fn ordinary_text_and_git_shas_are_untouched() {
        let line =
            "source = \"git::https://x/y?ref=cc15171d03a9635784bea6aa6d456556d5cce739\" AKIAshort";
        assert_eq!(redact(line), line);
    }
}
