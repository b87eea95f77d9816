//! The content changes of a `didChange`, applied to a buffer.
//!
//! The protocol applies them one after the other, each to the text the previous one left.
//! Done literally, each change indexes the whole text and moves all of it: a "replace all" of
//! 2,000 places in a 5 MB document took 12 s. Editors send such edits from the end of the
//! document to its start, so that no change moves the text of the next; a run of such changes
//! is applied at once, with one index of the text before them and one copy of it.

use std::iter::Peekable;

use lsp_types::{Position, Range, TextDocumentContentChangeEvent};

use super::position::{Encoding, Lines};

/// Applies `changes` to `text` in order, as the protocol says.
pub fn apply(text: &mut String, changes: Vec<TextDocumentContentChangeEvent>, encoding: Encoding) {
    let mut changes = changes.into_iter().peekable();
    while let Some(change) = changes.next() {
        let Some(range) = change.range else {
            *text = change.text;
            continue;
        };
        let lines = Lines::new(text, encoding);
        let first = region(&lines, range);
        // A later change stands where it did before this one if it ends at or before where this
        // one starts, and that start is an exact place in the text (not past the end of its
        // line, where this change can have added text), and not just after a `\r`, where a `\n`
        // that this change brings next to it would join it into one line break.
        let mut floor = range.start;
        let mut exact = stands(text, &lines, first.0, floor);
        let mut run = vec![(first, change.text)];
        while exact && let Some((range, new)) = next_before(&mut changes, floor) {
            let next = region(&lines, range);
            exact = stands(text, &lines, next.0, range.start);
            run.push((next, new));
            floor = range.start;
        }
        let mut spliced = String::with_capacity(text.len());
        let mut at = 0;
        for ((start, end), new) in run.iter().rev() {
            spliced.push_str(&text[at..*start]);
            spliced.push_str(new);
            at = *end;
        }
        spliced.push_str(&text[at..]);
        *text = spliced;
    }
}

/// Whether the byte offset `start` is the place `position` names and no change starting there
/// can move what comes before it (see `apply`).
fn stands(text: &str, lines: &Lines, start: usize, position: Position) -> bool {
    lines.position(start as u32) == position && !text[..start].ends_with('\r')
}

/// The bytes a range replaces: from its start to its end, or nothing if it ends before it
/// starts.
fn region(lines: &Lines, range: Range) -> (usize, usize) {
    let start = lines.offset(range.start) as usize;
    (start, (lines.offset(range.end) as usize).max(start))
}

/// The next change, if it has a range that lies wholly at or before `floor`.
fn next_before(
    changes: &mut Peekable<impl Iterator<Item = TextDocumentContentChangeEvent>>,
    floor: Position,
) -> Option<(Range, String)> {
    let range = changes.peek()?.range.filter(|r| r.start.max(r.end) <= floor)?;
    changes.next().map(|change| (range, change.text))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn change(start: (u32, u32), end: (u32, u32), text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(start.0, start.1), Position::new(end.0, end.1))),
            range_length: None,
            text: text.into(),
        }
    }

    fn applied(text: &str, changes: Vec<TextDocumentContentChangeEvent>) -> String {
        let mut text = text.to_string();
        apply(&mut text, changes, Encoding::Utf16);
        text
    }

    #[test]
    fn a_run_from_the_end_is_applied_at_once_and_others_in_order() {
        let text = "one\ntwo\nthree\n";
        // Every line's first word replaced, last line first.
        let all = vec![
            change((2, 0), (2, 5), "3"),
            change((1, 0), (1, 3), "2"),
            change((0, 0), (0, 3), "1"),
        ];
        assert_eq!(applied(text, all), "1\n2\n3\n");
        // Two insertions at one place: the second goes before the first.
        assert_eq!(
            applied(text, vec![change((0, 0), (0, 0), "a"), change((0, 0), (0, 0), "b")]),
            "baone\ntwo\nthree\n"
        );
        // In document order, each change sees the text the one before left.
        let forward = vec![change((0, 0), (1, 0), ""), change((0, 0), (0, 3), "2")];
        assert_eq!(applied(text, forward), "2\nthree\n");
        // Past the end of a line: the next change, on that line, sees the text added there.
        let past = vec![change((0, 9), (0, 9), "!"), change((0, 4), (0, 4), "?")];
        assert_eq!(applied(text, past), "one!?\ntwo\nthree\n");
        // A whole-text change replaces everything before it.
        let whole = TextDocumentContentChangeEvent {
            range: None,
            range_length: None,
            text: "new\n".into(),
        };
        assert_eq!(
            applied(
                text,
                vec![change((0, 0), (0, 3), "x"), whole, change((0, 0), (0, 0), "a")]
            ),
            "anew\n"
        );
    }

    const PIECES: &[&str] = &["a", "é", "𝄞", "\r", "\n", "\r\n", ""];

    fn changes() -> impl Strategy<Value = Vec<TextDocumentContentChangeEvent>> {
        let position = (0..5u32, 0..6u32);
        let one = (position.clone(), position, prop::sample::select(PIECES))
            .prop_map(|(start, end, text)| change(start, end, text));
        prop::collection::vec(one, 0..8)
    }

    #[test]
    fn a_line_feed_after_a_lone_carriage_return_joins_it() {
        // The first change makes line 4's `\r` end line 3 as `\r\n`: line 4 starts one later.
        let text = "\r\r\n\n\r\r\r\n\r";
        let changes = vec![change((4, 0), (0, 0), "\n"), change((4, 0), (0, 0), "a")];
        assert_eq!(applied(text, changes), "\r\r\n\n\r\na\r\r\n\r");
    }

    proptest! {
        /// Applying the changes of a `didChange` together gives what applying them one at a time
        /// gives, runs from the end of the text and backwards ranges included.
        #[test]
        fn together_is_one_at_a_time(
            pieces in prop::collection::vec(prop::sample::select(PIECES), 0..20),
            mut changes in changes(),
            from_the_end in any::<bool>(),
        ) {
            let text: String = pieces.concat();
            if from_the_end {
                changes.sort_by_key(|c| std::cmp::Reverse(c.range.map(|r| r.start)));
            }
            let mut one_at_a_time = text.clone();
            for change in changes.clone() {
                apply(&mut one_at_a_time, vec![change], Encoding::Utf16);
            }
            prop_assert_eq!(applied(&text, changes), one_at_a_time);
        }
    }
}
