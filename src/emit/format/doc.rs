//! A layout document in the style of Wadler's "prettier printer", as Prettier implements it: text,
//! line breaks that a group takes or not depending on whether it fits the width, nesting, and
//! fills (as many items per line as fit). The formatter describes the layout once; the printer
//! decides every break from the width alone, which is what makes the output canonical.

/// One piece of a document. Text borrows from the source: tokens and comments are printed
/// exactly as written.
#[derive(Debug, Clone, PartialEq)]
pub enum Doc<'s> {
    /// Text printed as is. It may span lines (a block comment, a string literal written over
    /// several lines, a preprocessor directive with continuation lines).
    Text(&'s str),
    /// A comment at the end of a line: printed like text, but not counted when measuring whether
    /// a group fits, so that a comment never reshapes the code before it.
    Trailing(&'s str),
    /// A single space, dropped when a line break follows.
    Space,
    /// A space when its group is flat, a line break when it is broken.
    Line,
    /// Nothing when its group is flat, a line break when it is broken.
    SoftLine,
    /// Always a line break; the groups around it are broken.
    HardLine,
    /// Makes the line break that comes next, if one comes before any text, a blank line.
    Blank,
    Concat(Vec<Doc<'s>>),
    /// Its line breaks are indented this many more columns.
    Nest(usize, Vec<Doc<'s>>),
    /// Flat if it fits on the rest of the line, broken otherwise. `broken` is set when it holds a
    /// hard line break, so it cannot be flat.
    Group {
        docs: Vec<Doc<'s>>,
        broken: bool,
    },
    /// Contents and separators alternating: each separator breaks only if what follows it does
    /// not fit on the line.
    Fill(Vec<Doc<'s>>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Flat,
    Break,
}

/// What is left to print: a document, or the remaining parts of a fill.
#[derive(Clone, Copy)]
enum Cmd<'d, 's> {
    Doc(usize, Mode, &'d Doc<'s>),
    Fill(usize, Mode, &'d [Doc<'s>]),
}

/// Prints a document to text of at most `width` columns where breaks allow it. Lines carry no
/// trailing spaces; the text ends with a line break unless it is empty.
pub fn print(doc: &Doc<'_>, width: usize) -> String {
    let width = width as isize;
    let mut out = Output::default();
    let mut cmds = vec![Cmd::Doc(0, Mode::Break, doc)];
    while let Some(cmd) = cmds.pop() {
        let (indent, mode, doc) = match cmd {
            Cmd::Doc(indent, mode, doc) => (indent, mode, doc),
            Cmd::Fill(indent, mode, parts) => {
                fill(indent, mode, parts, &mut cmds, width - out.column() as isize);
                continue;
            }
        };
        match doc {
            Doc::Text(text) | Doc::Trailing(text) => out.text(text),
            Doc::Space => out.space(),
            Doc::Line if mode == Mode::Flat => out.space(),
            Doc::Line | Doc::SoftLine if mode == Mode::Break => out.newline(indent),
            Doc::SoftLine | Doc::Line => {}
            Doc::HardLine => out.newline(indent),
            Doc::Blank => out.blank = true,
            Doc::Concat(docs) => push(&mut cmds, indent, mode, docs),
            Doc::Nest(more, docs) => push(&mut cmds, indent + more, mode, docs),
            Doc::Group { docs, broken } => {
                let room = width - out.column() as isize;
                let flat = !broken && (mode == Mode::Flat || fits(flat(docs), &cmds, room, false));
                push(&mut cmds, indent, if flat { Mode::Flat } else { Mode::Break }, docs);
            }
            Doc::Fill(parts) => cmds.push(Cmd::Fill(indent, mode, parts)),
        }
    }
    out.finish()
}

/// Documents to measure flat, as a stack for [`fits`].
fn flat<'d, 's>(docs: &'d [Doc<'s>]) -> Vec<Cmd<'d, 's>> {
    docs.iter().rev().map(|d| Cmd::Doc(0, Mode::Flat, d)).collect()
}

fn push<'d, 's>(cmds: &mut Vec<Cmd<'d, 's>>, indent: usize, mode: Mode, docs: &'d [Doc<'s>]) {
    cmds.extend(docs.iter().rev().map(|d| Cmd::Doc(indent, mode, d)));
}

/// One step of a fill, as Prettier does it: the first content flat if it fits, and the separator
/// after it flat if the next content fits too. Only the last content is measured together with
/// what follows the fill (a closing brace, a comma).
fn fill<'d, 's>(indent: usize, mode: Mode, parts: &'d [Doc<'s>], cmds: &mut Vec<Cmd<'d, 's>>, room: isize) {
    let Some(content) = parts.first() else { return };
    let last = parts.len() <= 1;
    let rest: &[Cmd] = if last { cmds } else { &[] };
    let content_fits = fits(flat(&parts[..1]), rest, room, !last);
    let content_mode = if content_fits { Mode::Flat } else { Mode::Break };
    let (Some(separator), Some(_)) = (parts.get(1), parts.get(2)) else {
        cmds.push(Cmd::Doc(indent, content_mode, content));
        return;
    };
    let last_pair = parts.len() <= 3;
    let rest: &[Cmd] = if last_pair { cmds } else { &[] };
    let pair_fits = fits(flat(&parts[..3]), rest, room, !last_pair);
    cmds.push(Cmd::Fill(indent, mode, &parts[2..]));
    let separator_mode = if pair_fits { Mode::Flat } else { Mode::Break };
    cmds.push(Cmd::Doc(indent, separator_mode, separator));
    cmds.push(Cmd::Doc(indent, content_mode, content));
}

/// Whether `next` (a stack: the last item comes first) fits in `room` columns, followed by what
/// `rest` prints up to its next line break. With `must_be_flat`, a group that is broken anyway does
/// not fit.
fn fits<'d, 's>(mut next: Vec<Cmd<'d, 's>>, rest: &[Cmd<'d, 's>], mut room: isize, must_be_flat: bool) -> bool {
    let mut rest_index = rest.len();
    while room >= 0 {
        let cmd = match next.pop() {
            Some(cmd) => cmd,
            None if rest_index == 0 => return true,
            None => {
                rest_index -= 1;
                rest[rest_index]
            }
        };
        let (mode, doc) = match cmd {
            Cmd::Doc(_, mode, doc) => (mode, doc),
            Cmd::Fill(_, mode, parts) => {
                push(&mut next, 0, mode, parts);
                continue;
            }
        };
        match doc {
            Doc::Text(text) => match text.split_once('\n') {
                Some((first, _)) => return mode == Mode::Break && room >= width(first) as isize,
                None => room -= width(text) as isize,
            },
            Doc::Trailing(text) if text.contains('\n') => return mode == Mode::Break,
            Doc::Trailing(_) | Doc::Blank => {}
            Doc::Space => room -= 1,
            Doc::Line if mode == Mode::Flat => room -= 1,
            Doc::SoftLine if mode == Mode::Flat => {}
            Doc::Line | Doc::SoftLine | Doc::HardLine => return true,
            Doc::Concat(docs) | Doc::Nest(_, docs) | Doc::Fill(docs) => push(&mut next, 0, mode, docs),
            Doc::Group { docs, broken } => {
                if must_be_flat && *broken {
                    return false;
                }
                push(&mut next, 0, if *broken { Mode::Break } else { mode }, docs);
            }
        }
    }
    false
}

/// Columns taken by text: one per character.
fn width(text: &str) -> usize {
    text.chars().count()
}

/// The text being written. Spaces and line breaks are held back until text follows, so that no
/// line ends in spaces and consecutive breaks merge into one (or one blank line).
#[derive(Default)]
struct Output {
    text: String,
    column: usize,
    /// A line break is due, with this indentation.
    newline: Option<usize>,
    space: bool,
    blank: bool,
}

impl Output {
    /// The column at which the next text would start.
    fn column(&self) -> usize {
        match self.newline {
            Some(indent) => indent,
            None => self.column + usize::from(self.space),
        }
    }

    fn space(&mut self) {
        if self.newline.is_none() {
            self.space = true;
        }
    }

    fn newline(&mut self, indent: usize) {
        self.newline = Some(indent);
        self.space = false;
    }

    fn text(&mut self, text: &str) {
        if let Some(indent) = self.newline.take() {
            if !self.text.is_empty() {
                self.text.push('\n');
                if self.blank {
                    self.text.push('\n');
                }
                self.text.extend(std::iter::repeat_n(' ', indent));
                self.column = indent;
            }
        } else if self.space {
            self.text.push(' ');
            self.column += 1;
        }
        self.space = false;
        self.blank = false;
        self.text.push_str(text);
        match text.rsplit_once('\n') {
            Some((_, last)) => self.column = width(last),
            None => self.column += width(text),
        }
    }

    fn finish(mut self) -> String {
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(docs: Vec<Doc<'static>>) -> Doc<'static> {
        Doc::Group { docs, broken: false }
    }

    #[test]
    fn a_group_breaks_only_when_it_does_not_fit() {
        let doc = group(vec![
            Doc::Text("f("),
            Doc::Nest(4, vec![Doc::SoftLine, Doc::Text("aaaa,"), Doc::Line, Doc::Text("bbbb")]),
            Doc::Text(")"),
        ]);
        assert_eq!(print(&doc, 20), "f(aaaa, bbbb)\n");
        assert_eq!(print(&doc, 10), "f(\n    aaaa,\n    bbbb)\n");
    }

    #[test]
    fn a_fill_puts_as_many_items_on_a_line_as_fit() {
        let doc = Doc::Fill(vec![
            Doc::Text("a1,"),
            Doc::Line,
            Doc::Text("b2,"),
            Doc::Line,
            Doc::Text("c3,"),
            Doc::Line,
            Doc::Text("d4"),
        ]);
        assert_eq!(print(&doc, 8), "a1, b2,\nc3, d4\n");
    }

    #[test]
    fn breaks_merge_and_blank_lines_need_a_break() {
        let doc = Doc::Concat(vec![
            Doc::Text("a"),
            Doc::Space,
            Doc::HardLine,
            Doc::Blank,
            Doc::HardLine,
            Doc::Text("b"),
            Doc::Blank,
            Doc::Space,
            Doc::Text("c"),
        ]);
        assert_eq!(print(&doc, 80), "a\n\nb c\n");
    }

    #[test]
    fn trailing_comments_are_not_measured() {
        let doc = group(vec![
            Doc::Text("ab"),
            Doc::Line,
            Doc::Text("cd"),
            Doc::Space,
            Doc::Trailing("// long"),
        ]);
        assert_eq!(print(&doc, 6), "ab cd // long\n");
    }
}
