//! Turns the token stream into a [`Doc`], one token at a time, in source order: the layout code
//! (`layout.rs`) says where groups, indentation and separators go, and the builder emits each
//! token with the comments around it. Since every token is emitted once and in order, the
//! formatted text has the same tokens as the source.
//!
//! Comments are placed as they were written, relative to the tokens:
//! - a comment on the same line as the token before it stays at the end of that line (a `//`
//!   comment there makes the next separator a line break);
//! - any other comment goes before the next token, on its own line at that token's indentation
//!   (a block comment followed by code on its line keeps that code beside it).
//!
//! Blank lines are kept, at most one, where the layout breaks the line anyway, except just inside
//! an opening bracket and just before a closing one.

use super::doc::Doc;
use crate::source::Span;
use crate::syntax::lexer::Spanned;
use crate::syntax::token::Tok;

/// The layout met a token it does not expect here; the file is left as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stop {
    /// The index of the token.
    pub at: usize,
}

/// What [`Builder::open`] starts, until [`Builder::close`]: a group (flat or broken as a whole),
/// more indentation, or a fill (contents separated by [`Builder::fill_separator`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frame {
    Group,
    Nest(usize),
    Fill,
}

struct Open<'s> {
    frame: Frame,
    docs: Vec<Doc<'s>>,
    /// The fill content being built (fills only).
    part: Vec<Doc<'s>>,
    /// Whether it holds a hard line break, which breaks every group around it.
    hard: bool,
}

impl<'s> Open<'s> {
    fn new(frame: Frame) -> Open<'s> {
        Open {
            frame,
            docs: Vec::new(),
            part: Vec::new(),
            hard: false,
        }
    }
}

pub struct Builder<'s> {
    text: &'s str,
    tokens: &'s [Spanned<'s>],
    comments: &'s [Span],
    /// The next token to emit.
    next: usize,
    /// The next comment to place.
    comment: usize,
    /// The end of the last token or comment emitted.
    last_end: usize,
    /// Whether the last thing emitted is a comment placed before a token.
    after_comment: bool,
    /// Whether the last token emitted opens a bracket.
    after_open: bool,
    /// Whether anything has been emitted.
    started: bool,
    /// The next separator must be a line break: a `//` comment ended the line, or a closing
    /// bracket follows a comment on its own line.
    force_break: bool,
    /// The next thing emitted is preceded by a blank line.
    want_blank: bool,
    /// The token whose preceding whitespace has been handled.
    settled: Option<usize>,
    stack: Vec<Open<'s>>,
}

impl<'s> Builder<'s> {
    pub fn new(text: &'s str, tokens: &'s [Spanned<'s>], comments: &'s [Span]) -> Builder<'s> {
        Builder {
            text,
            tokens,
            comments,
            next: 0,
            comment: 0,
            last_end: 0,
            after_comment: false,
            after_open: false,
            started: false,
            force_break: false,
            want_blank: false,
            settled: None,
            stack: vec![Open::new(Frame::Group)],
        }
    }

    /// The whole document, once every token has been emitted.
    pub fn finish(mut self) -> Doc<'s> {
        self.flush_comments();
        Doc::Concat(self.stack.swap_remove(0).docs)
    }

    pub fn peek(&self) -> Option<Tok<'s>> {
        self.peek_at(0)
    }

    pub fn peek_at(&self, ahead: usize) -> Option<Tok<'s>> {
        self.tokens.get(self.next + ahead).map(|t| t.1)
    }

    /// The tokens not emitted yet.
    pub fn rest(&self) -> &'s [Spanned<'s>] {
        &self.tokens[self.next.min(self.tokens.len())..]
    }

    /// Where the layout stops: at the next token.
    pub fn stop(&self) -> Stop {
        Stop { at: self.next }
    }

    /// Emits the next token if it is `expected`.
    pub fn expect(&mut self, expected: Tok<'_>) -> Result<(), Stop> {
        if self.peek() == Some(expected) {
            self.token();
            Ok(())
        } else {
            Err(self.stop())
        }
    }

    /// Whether a comment lies between the next token and the one after it.
    pub fn comment_after_next(&self) -> bool {
        let (Some(a), Some(b)) = (self.tokens.get(self.next), self.tokens.get(self.next + 1)) else {
            return false;
        };
        self.comments[self.comment..]
            .iter()
            .take_while(|c| (c.start as usize) < b.0)
            .any(|c| c.start as usize >= a.2)
    }

    /// Whether comments are waiting to be placed before the next token, or a line must end.
    pub fn must_break(&self) -> bool {
        let limit = self.tokens.get(self.next).map_or(self.text.len(), |t| t.0);
        self.force_break
            || self
                .comments
                .get(self.comment)
                .is_some_and(|c| (c.start as usize) < limit)
    }

    /// Emits the next token, with the comments before it and those at the end of its line.
    pub fn token(&mut self) {
        self.flush_comments();
        let Some(&(start, token, end)) = self.tokens.get(self.next) else {
            return;
        };
        if self.force_break {
            self.hard_line();
        }
        self.push_text(&self.text[start..end]);
        self.next += 1;
        self.last_end = end;
        self.after_comment = false;
        self.after_open = matches!(token, Tok::LBrace | Tok::LParen | Tok::LBracket);
        self.started = true;
        let limit = self.tokens.get(self.next).map_or(self.text.len(), |t| t.0);
        while let Some(&span) = self.comments.get(self.comment) {
            let at = span.start as usize;
            if at >= limit || self.text[self.last_end..at].contains('\n') {
                break;
            }
            let text = comment_text(self.text, span);
            self.push(Doc::Space);
            self.push(Doc::Trailing(text));
            if text.contains('\n') {
                self.top().hard = true;
            }
            self.force_break |= text.starts_with("//");
            self.last_end = span.end as usize;
            self.comment += 1;
        }
    }

    /// Places the comments that come before the next token (all that are left, at the end of the
    /// file) here, each on its own line unless it shared its line with what follows it, and
    /// settles the blank line before the token.
    pub fn flush_comments(&mut self) {
        let limit = self.tokens.get(self.next).map_or(self.text.len(), |t| t.0);
        while let Some(&span) = self.comments.get(self.comment) {
            if span.start as usize >= limit {
                break;
            }
            self.separate(span.start as usize, false);
            let text = comment_text(self.text, span);
            self.push_text(text);
            self.last_end = span.end as usize;
            self.after_comment = true;
            self.after_open = false;
            self.started = true;
            self.comment += 1;
        }
        if self.settled != Some(self.next) && self.next < self.tokens.len() {
            self.settled = Some(self.next);
            let closing = matches!(self.peek(), Some(Tok::RBrace | Tok::RParen | Tok::RBracket));
            self.separate(limit, closing);
        }
    }

    /// What goes before the comment or token at `at`: a blank line where there was one or the
    /// layout wants one; and after a comment placed before a token, the line break or space
    /// that followed it. Between two tokens the layout decides.
    fn separate(&mut self, at: usize, closing: bool) {
        let newlines = self.text[self.last_end..at].matches('\n').count();
        if self.started && !self.after_open && !closing && (newlines >= 2 || self.want_blank) {
            self.push(Doc::Blank);
        }
        self.want_blank = false;
        let comment_ahead = at < self.tokens.get(self.next).map_or(self.text.len(), |t| t.0);
        if !self.started || !(self.after_comment || comment_ahead) {
            return;
        }
        if closing && newlines > 0 {
            // A closing bracket after a comment on its own line: the line break is left to the
            // bracket itself, so that it is indented as the bracket, not as what it closes.
            self.force_break = true;
        } else if newlines > 0 || self.force_break {
            self.hard_line();
        } else {
            self.push(Doc::Space);
        }
    }

    /// The next thing emitted is preceded by a blank line (unless it starts the file).
    pub fn want_blank(&mut self) {
        self.want_blank = true;
    }

    pub fn space(&mut self) {
        self.separator(Doc::Space);
    }

    pub fn line(&mut self) {
        self.separator(Doc::Line);
    }

    pub fn soft_line(&mut self) {
        self.separator(Doc::SoftLine);
    }

    pub fn hard_line(&mut self) {
        self.force_break = false;
        self.push(Doc::HardLine);
        self.top().hard = true;
    }

    fn separator(&mut self, doc: Doc<'s>) {
        if self.force_break {
            self.hard_line();
        } else {
            self.push(doc);
        }
    }

    /// Ends the current content of a fill: what follows goes on the same line if it fits.
    pub fn fill_separator(&mut self) {
        let separator = if self.force_break {
            self.force_break = false;
            self.top().hard = true;
            Doc::HardLine
        } else {
            Doc::Line
        };
        let top = self.top();
        let part = std::mem::take(&mut top.part);
        top.docs.push(Doc::Concat(part));
        top.docs.push(separator);
    }

    pub fn open(&mut self, frame: Frame) {
        self.stack.push(Open::new(frame));
    }

    pub fn close(&mut self) {
        if self.stack.len() <= 1 {
            return;
        }
        let Some(mut open) = self.stack.pop() else { return };
        let doc = match open.frame {
            Frame::Group => Doc::Group {
                docs: open.docs,
                broken: open.hard,
            },
            Frame::Nest(indent) => Doc::Nest(indent, open.docs),
            Frame::Fill => {
                open.docs.push(Doc::Concat(open.part));
                Doc::Fill(open.docs)
            }
        };
        self.top().hard |= open.hard;
        self.push(doc);
    }

    fn top(&mut self) -> &mut Open<'s> {
        self.stack.last_mut().expect("the root frame is never closed")
    }

    fn push(&mut self, doc: Doc<'s>) {
        let top = self.top();
        match top.frame {
            Frame::Fill => top.part.push(doc),
            _ => top.docs.push(doc),
        }
    }

    fn push_text(&mut self, text: &'s str) {
        if text.contains('\n') {
            self.top().hard = true;
        }
        self.push(Doc::Text(text));
    }
}

/// A comment as printed: line comments lose trailing whitespace (a `\r` before the line end
/// included); block comments are kept verbatim.
fn comment_text(text: &str, span: Span) -> &str {
    let comment = &text[span.range()];
    if comment.starts_with("//") {
        comment.trim_end()
    } else {
        comment
    }
}
