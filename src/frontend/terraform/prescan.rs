//! Before parsing a `.tf` file: blank the bodies of blocks the model never reads (an S3
//! bucket, a Lambda function, any data source but the few evaluated), so the parser skips
//! whitespace instead of building trees for them. The text keeps its length and its line
//! breaks, so every offset and line of what is parsed is the file's own. A text the scanner
//! is not sure of is left whole and parsed as written.

/// Whether the model reads a resource of this type (see `resources::read`).
#[must_use]
pub fn is_modelled_resource(kind: &str) -> bool {
    matches!(
        kind,
        "aws_sqs_queue"
            | "aws_sqs_queue_policy"
            | "aws_iam_role_policy"
            | "aws_iam_user_policy"
            | "aws_iam_group_policy"
            | "aws_iam_policy"
            | "aws_iam_role_policy_attachment"
            | "aws_iam_user_policy_attachment"
            | "aws_iam_group_policy_attachment"
            | "aws_iam_policy_attachment"
            | "aws_iam_role"
            | "aws_vpc_endpoint"
            | "aws_vpc_endpoint_policy"
            | "aws_security_group"
            | "aws_security_group_rule"
            | "aws_vpc_security_group_ingress_rule"
            | "aws_iam_access_key"
            | "aws_kms_key"
            | "aws_kms_alias"
    )
}

/// Whether the evaluator reads a data source of this type (see `data_source`).
#[must_use]
pub fn is_evaluated_data_source(kind: &str) -> bool {
    matches!(
        kind,
        "aws_iam_policy_document" | "aws_caller_identity" | "aws_partition" | "aws_region"
    )
}

/// The text with unmodelled blocks' bodies blanked, or `None` when nothing is blanked (or the
/// scanner cannot follow the text: it is then parsed as written).
#[must_use]
pub fn blank_unread_blocks(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut blanked: Option<Vec<u8>> = None;
    let mut at = 0;
    loop {
        at = skip_space_and_comments(bytes, at)?;
        if at >= bytes.len() {
            break;
        }
        let (ident, after_ident) = identifier(bytes, at)?;
        let mut labels: Vec<&str> = Vec::new();
        let mut next = skip_inline_space(bytes, after_ident);
        // Labels up to the block's `{`; an `=` means a top-level argument: not a
        // configuration file this scanner knows, so it stops.
        loop {
            match bytes.get(next)? {
                b'{' => break,
                b'"' => {
                    let end = string_end(bytes, next + 1)?;
                    labels.push(text.get(next + 1..end)?);
                    next = skip_inline_space(bytes, end + 1);
                }
                c if c.is_ascii_alphabetic() || *c == b'_' => {
                    let (label, end) = identifier(bytes, next)?;
                    labels.push(label);
                    next = skip_inline_space(bytes, end);
                }
                _ => return None,
            }
        }
        let open = next;
        let close = matching_brace(bytes, open)?;
        let unread = match (ident, labels.as_slice()) {
            ("resource", [kind, _]) => !is_modelled_resource(kind),
            ("data", [kind, _]) => !is_evaluated_data_source(kind),
            _ => false,
        };
        if unread {
            let out = blanked.get_or_insert_with(|| bytes.to_vec());
            for byte in &mut out[open + 1..close] {
                if *byte != b'\n' {
                    *byte = b' ';
                }
            }
        }
        at = close + 1;
    }
    // Only ASCII bytes of whole blocks were replaced by spaces: still UTF-8.
    blanked.and_then(|bytes| String::from_utf8(bytes).ok())
}

fn identifier(bytes: &[u8], at: usize) -> Option<(&str, usize)> {
    let start = at;
    let mut end = at;
    while end < bytes.len()
        && (bytes[end].is_ascii_alphanumeric() || matches!(bytes[end], b'_' | b'-'))
    {
        end += 1;
    }
    if end == start {
        return None;
    }
    std::str::from_utf8(&bytes[start..end])
        .ok()
        .map(|ident| (ident, end))
}

fn skip_inline_space(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len() && matches!(bytes[at], b' ' | b'\t' | b'\r') {
        at += 1;
    }
    at
}

/// Past whitespace and comments; `None` inside an unterminated comment.
fn skip_space_and_comments(bytes: &[u8], mut at: usize) -> Option<usize> {
    loop {
        while at < bytes.len() && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        match (bytes.get(at), bytes.get(at + 1)) {
            (Some(b'#'), _) | (Some(b'/'), Some(b'/')) => {
                while at < bytes.len() && bytes[at] != b'\n' {
                    at += 1;
                }
            }
            (Some(b'/'), Some(b'*')) => {
                let end = find(bytes, at + 2, b"*/")?;
                at = end + 2;
            }
            _ => return Some(at),
        }
    }
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|window| window == needle)
        .map(|position| from + position)
}

/// The offset of the closing quote of a string whose content starts at `at`; templates'
/// `${ … }` and `%{ … }` may hold strings and braces of their own.
fn string_end(bytes: &[u8], mut at: usize) -> Option<usize> {
    while at < bytes.len() {
        match bytes[at] {
            b'"' => return Some(at),
            b'\\' => at += 2,
            b'\n' => return None,
            b'$' | b'%' if bytes.get(at + 1) == Some(&b'{') => {
                at = matching_brace(bytes, at + 1)? + 1;
            }
            _ => at += 1,
        }
    }
    None
}

/// The offset of the `}` matching the `{` at `open`, through strings, heredocs, comments and
/// nested braces.
fn matching_brace(bytes: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut at = open;
    while at < bytes.len() {
        match bytes[at] {
            b'{' => depth += 1,
            b'}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(at);
                }
            }
            b'"' => at = string_end(bytes, at + 1)?,
            b'#' => {
                while at < bytes.len() && bytes[at] != b'\n' {
                    at += 1;
                }
                continue;
            }
            b'/' if bytes.get(at + 1) == Some(&b'/') => {
                while at < bytes.len() && bytes[at] != b'\n' {
                    at += 1;
                }
                continue;
            }
            b'/' if bytes.get(at + 1) == Some(&b'*') => at = find(bytes, at + 2, b"*/")? + 1,
            b'<' if bytes.get(at + 1) == Some(&b'<') => at = heredoc_end(bytes, at + 2)?,
            _ => {}
        }
        at += 1;
    }
    None
}

/// After `<<`: the offset of the last byte of the heredoc's closing marker.
fn heredoc_end(bytes: &[u8], mut at: usize) -> Option<usize> {
    if bytes.get(at) == Some(&b'-') {
        at += 1;
    }
    let (marker, after) = identifier(bytes, at)?;
    let mut line_start = find(bytes, after, b"\n")? + 1;
    loop {
        let line_end = find(bytes, line_start, b"\n").unwrap_or(bytes.len());
        let line = std::str::from_utf8(&bytes[line_start..line_end]).ok()?;
        if line.trim() == marker {
            return Some(line_end.saturating_sub(1).max(line_start));
        }
        if line_end >= bytes.len() {
            return None;
        }
        line_start = line_end + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unread_bodies_are_blanked_and_offsets_kept() {
        let text = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x-${var.a}\" # }\n  policy = <<EOF\n{ \"}\": 1 }\nEOF\n}\n\nresource \"aws_sqs_queue\" \"q\" {\n  name = \"q\"\n}\ndata \"aws_ami\" \"a\" { owners = [\"x\"] }\n";
        let blanked = blank_unread_blocks(text).unwrap();
        assert_eq!(blanked.len(), text.len());
        assert_eq!(blanked.lines().count(), text.lines().count());
        assert!(!blanked.contains("bucket ="));
        assert!(!blanked.contains("owners"));
        assert!(blanked.contains("resource \"aws_s3_bucket\" \"b\" {"));
        assert!(blanked.contains("  name = \"q\""));
        let body = hcl_edit::parser::parse_body(&blanked).unwrap();
        assert_eq!(body.blocks().count(), 3);
    }

    #[test]
    fn a_text_the_scanner_cannot_follow_is_left_whole() {
        assert_eq!(
            blank_unread_blocks("resource \"aws_s3_bucket\" \"b\" {\n"),
            None
        );
        assert_eq!(blank_unread_blocks("x = 1\n"), None);
        assert_eq!(
            blank_unread_blocks("resource \"aws_sqs_queue\" \"q\" {}\n"),
            None,
            "nothing to blank"
        );
    }
}
