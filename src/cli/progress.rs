//! Progress bars on stderr for long work: the compilations of a run, the operations of a load.
//! Shown only where someone watches (stderr is a terminal), for work long enough to need one,
//! and gone before anything else is written, so that a run's output is the same with or without
//! it; nothing at all when stderr is a pipe or a file. Coloured as the rest of the run is.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::diag::render::ColorMode;

/// Fewer steps than this finish before a bar could be read.
const WORTH_A_BAR: usize = 100;

/// A bar, or nothing when it would not be seen. Shared by the threads doing the steps.
pub struct Progress(Option<ProgressBar>);

impl Progress {
    /// A bar for `steps` steps of `what` (`compiling`, `loading`), when stderr is a terminal.
    pub fn new(steps: usize, what: &'static str) -> Progress {
        // A `dumb` terminal cannot redraw a line.
        let dumb = std::env::var_os("TERM").is_some_and(|term| term == "dumb");
        if steps < WORTH_A_BAR || dumb || !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let template = if super::color_mode() == ColorMode::Always {
            "{msg:>9.cyan.bold} [{bar:30.cyan/blue}] {pos}/{len}"
        } else {
            "{msg:>9} [{bar:30}] {pos}/{len}"
        };
        let style = ProgressStyle::with_template(template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        let bar = ProgressBar::with_draw_target(Some(steps as u64), ProgressDrawTarget::stderr()).with_style(style);
        bar.set_message(what);
        Progress(Some(bar))
    }

    /// No bar: for work whose own output already goes where the bar would be.
    pub fn none() -> Progress {
        Progress(None)
    }

    /// One more step done.
    pub fn step(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
        }
    }

    /// Runs `write` with the bar out of the way, for a line written to the terminal meanwhile.
    pub fn aside<R>(&self, write: impl FnOnce() -> R) -> R {
        match &self.0 {
            Some(bar) => bar.suspend(write),
            None => write(),
        }
    }
}

impl Drop for Progress {
    /// The bar is cleared when the work ends, however it ends.
    fn drop(&mut self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
