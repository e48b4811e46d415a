//! Source text and positions: the byte spans every front-end records and the line/column
//! conversions every report needs.

use std::borrow::Cow;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// A half-open byte range `[start, end)` into one source file's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    #[must_use]
    pub fn new(start: usize, end: usize) -> Self {
        // Files are capped well below 4 GiB by the walker, so offsets fit in u32.
        let clamp = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        Span {
            start: clamp(start),
            end: clamp(end.max(start)),
        }
    }

    #[must_use]
    pub fn from_range(range: std::ops::Range<usize>) -> Self {
        Span::new(range.start, range.end)
    }

    /// The byte range, for slicing the text.
    #[must_use]
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The smallest span covering both.
    #[must_use]
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// A 1-based line and a 1-based column counted in UTF-16 code units (SARIF's default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// Start and end positions of a span; the end is exclusive, as in SARIF's `endColumn`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Region {
    pub start: Position,
    pub end: Position,
}

/// Byte offsets of line starts, for offset → line/column conversion.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<u32>,
}

impl LineIndex {
    #[must_use]
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0u32];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| u32::try_from(i + 1).unwrap_or(u32::MAX)),
        );
        LineIndex { starts }
    }

    /// 0-based line number holding `offset`.
    #[must_use]
    pub fn line_of(&self, offset: u32) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next.saturating_sub(1),
        }
    }

    /// Byte offset where 0-based `line` starts.
    #[must_use]
    pub fn line_start(&self, line: usize) -> u32 {
        self.starts.get(line).copied().unwrap_or(0)
    }
}

/// One file read from disk: its path as it should be shown, its text and its line index.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as shown to users: relative to the working directory when under it.
    pub path: PathBuf,
    pub text: String,
    /// Built on first use: most files never need a position.
    lines: std::sync::OnceLock<LineIndex>,
    /// Whether the text is all ASCII (columns are then byte differences: constant time even
    /// on a one-line minified file).
    ascii: std::sync::OnceLock<bool>,
    /// Set when the text was let go once read (a large plan): see [`SourceFile::detach`].
    detached: Option<Detached>,
}

/// Where a let-go text can be read back from.
#[derive(Debug)]
struct Detached {
    len: usize,
    file: std::sync::Mutex<std::fs::File>,
}

impl SourceFile {
    #[must_use]
    pub fn new(path: PathBuf, text: String) -> Self {
        SourceFile {
            path,
            text,
            lines: std::sync::OnceLock::new(),
            ascii: std::sync::OnceLock::new(),
            detached: None,
        }
    }

    /// A file whose ASCII `text` is let go as soon as it is made: positions are kept (its
    /// line index), and [`SourceFile::read`] reads text back from `file`, which holds `text`
    /// from its first byte. A large plan is read this way so that its text and its model are
    /// never in memory together.
    #[must_use]
    pub fn detached(path: PathBuf, text: &str, file: std::fs::File) -> Self {
        let source = SourceFile::new(path, String::new());
        let _ = source.lines.set(LineIndex::new(text));
        let _ = source.ascii.set(true);
        SourceFile {
            detached: Some(Detached {
                len: text.len(),
                file: std::sync::Mutex::new(file),
            }),
            ..source
        }
    }

    /// Whether the text was let go ([`SourceFile::detached`]): `text`, `line_text` and
    /// `slice` are then empty, and [`SourceFile::read`] is the way to the text.
    #[must_use]
    pub fn is_detached(&self) -> bool {
        self.detached.is_some()
    }

    fn len(&self) -> usize {
        self.detached
            .as_ref()
            .map_or(self.text.len(), |detached| detached.len)
    }

    /// The text a span covers, read back from the file when the text was let go (empty if
    /// that read fails: only excerpts and fingerprints are made of it).
    #[must_use]
    pub fn read(&self, span: Span) -> Cow<'_, str> {
        let Some(detached) = &self.detached else {
            return Cow::Borrowed(self.slice(span));
        };
        let start = self.clamp(span.start);
        let end = self.clamp(span.end).max(start);
        let mut bytes = vec![0; end - start];
        let read = detached.file.lock().is_ok_and(|mut file| {
            file.seek(SeekFrom::Start(start as u64)).is_ok() && file.read_exact(&mut bytes).is_ok()
        });
        if !read {
            return Cow::Borrowed("");
        }
        Cow::Owned(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// Byte offsets of where 1-based `line` starts and ends, without its line terminator.
    #[must_use]
    pub fn line_bounds(&self, line: u32) -> (usize, usize) {
        let index = (line as usize).saturating_sub(1);
        let lines = self.lines();
        let len = self.len();
        let start = (lines.line_start(index) as usize).min(len);
        let mut end = if index + 1 < lines.starts.len() {
            lines.line_start(index + 1) as usize
        } else {
            len
        }
        .clamp(start, len);
        while end > start && matches!(self.read(Span::new(end - 1, end)).as_ref(), "\n" | "\r") {
            end -= 1;
        }
        (start, end)
    }

    fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.text))
    }

    /// Whether the whole text is ASCII (computed once).
    #[must_use]
    pub fn is_ascii(&self) -> bool {
        *self.ascii.get_or_init(|| self.text.is_ascii())
    }

    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Clamp an offset into the text and back onto a character boundary.
    fn clamp(&self, offset: u32) -> usize {
        let mut at = (offset as usize).min(self.len());
        // A let-go text is ASCII: every offset is a boundary.
        while self.detached.is_none() && !self.text.is_char_boundary(at) {
            at -= 1;
        }
        at
    }

    #[must_use]
    pub fn position(&self, offset: u32) -> Position {
        let at = self.clamp(offset);
        let lines = self.lines();
        let line = lines.line_of(u32::try_from(at).unwrap_or(u32::MAX));
        let start = lines.line_start(line) as usize;
        let column = if self.is_ascii() {
            at.saturating_sub(start)
        } else {
            self.text[start.min(at)..at].encode_utf16().count()
        };
        Position {
            line: u32::try_from(line + 1).unwrap_or(u32::MAX),
            column: u32::try_from(column + 1).unwrap_or(u32::MAX),
        }
    }

    #[must_use]
    pub fn region(&self, span: Span) -> Region {
        Region {
            start: self.position(span.start),
            end: self.position(span.end),
        }
    }

    /// The text of the 1-based `line`, without its line terminator (empty for a let-go
    /// text).
    #[must_use]
    pub fn line_text(&self, line: u32) -> &str {
        let (start, end) = self.line_bounds(line);
        self.text.get(start..end).unwrap_or("")
    }

    /// The source text a span covers (empty when the span is out of range, or the text was
    /// let go: see [`SourceFile::read`]).
    #[must_use]
    pub fn slice(&self, span: Span) -> &str {
        let start = self.clamp(span.start);
        let end = self.clamp(span.end).max(start);
        self.text.get(start..end).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_utf16_units() {
        let file = SourceFile::new("t".into(), "ab\ncé𝄞x\n".into());
        assert_eq!(file.position(0), Position { line: 1, column: 1 });
        assert_eq!(file.position(3), Position { line: 2, column: 1 });
        // "c" (1) + "é" (1 unit, 2 bytes) + "𝄞" (2 units, 4 bytes) → "x" at column 5.
        let x = u32::try_from(file.text.find('x').unwrap()).unwrap();
        assert_eq!(file.position(x), Position { line: 2, column: 5 });
        assert_eq!(file.line_text(2), "cé𝄞x");
    }

    #[test]
    fn a_let_go_text_keeps_its_positions_lines_and_text() {
        let text = "{\"a\": 1,\r\r\n \"b\": [2]}\n";
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.json");
        std::fs::write(&path, text).unwrap();
        let whole = SourceFile::new(path.clone(), text.into());
        let detached =
            SourceFile::detached(path.clone(), text, std::fs::File::open(&path).unwrap());
        assert!(detached.is_detached() && detached.text.is_empty());
        assert_eq!(whole.line_text(1), "{\"a\": 1,");
        for line in 1..=3 {
            assert_eq!(
                detached.line_bounds(line),
                whole.line_bounds(line),
                "line {line}"
            );
        }
        for offset in [0, 5, 12, 20, 22, 99] {
            assert_eq!(detached.position(offset), whole.position(offset));
        }
        let span = Span::new(13, 19);
        assert_eq!(detached.read(span), whole.slice(span));
        assert_eq!(detached.slice(span), "");
    }

    #[test]
    fn offsets_inside_a_character_or_past_the_end_are_clamped() {
        let file = SourceFile::new("t".into(), "é".into());
        assert_eq!(file.position(1), Position { line: 1, column: 1 });
        assert_eq!(file.position(99), Position { line: 1, column: 2 });
    }
}
