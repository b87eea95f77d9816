//! Standard output and error that never panic. A reader that stops early (`mofc repo ls | head
//! -1`) closes the pipe; as in cargo, ruff and ripgrep, the output then ends quietly: no panic,
//! no message, and the exit status the command has anyway. The command itself runs to its end,
//! so what it does (a load's commit or rollback) never depends on when a reader went away.

use std::io::{self, Write};

/// A writer that keeps the first error instead of returning it, and writes nothing after it:
/// every command writes as if nothing can fail, and asks [`Output::finish`] at the end.
pub struct Output<W: Write> {
    inner: W,
    failed: Option<io::Error>,
}

/// Standard output, locked for the command.
pub fn stdout() -> Output<io::StdoutLock<'static>> {
    Output::new(io::stdout().lock())
}

/// Standard error. Its own errors are never reported: there is nowhere left to report them.
pub fn stderr() -> Output<io::Stderr> {
    Output::new(io::stderr())
}

impl<W: Write> Output<W> {
    pub fn new(inner: W) -> Output<W> {
        Output { inner, failed: None }
    }

    /// Flushes; `Err` if writing failed other than by the reader closing the pipe (a full
    /// disk, for one), which is the command's failure.
    pub fn finish(mut self) -> io::Result<()> {
        let _ = self.flush();
        match self.failed.take() {
            Some(error) if error.kind() != io::ErrorKind::BrokenPipe => Err(error),
            _ => Ok(()),
        }
    }
}

impl<W: Write> Write for Output<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.failed.is_none()
            && let Err(error) = self.inner.write_all(bytes)
        {
            self.failed = Some(error);
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.failed.is_none()
            && let Err(error) = self.inner.flush()
        {
            self.failed = Some(error);
        }
        Ok(())
    }
}

/// `eprintln!` that never panics.
macro_rules! note {
    ($($arg:tt)*) => {{
        let _ = std::io::Write::write_fmt(
            &mut $crate::cli::output::stderr(),
            format_args!("{}\n", format_args!($($arg)*)),
        );
    }};
}

pub(crate) use note;

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer that fails every write with one kind of error.
    struct Failing(io::ErrorKind);

    impl Write for Failing {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(self.0.into())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_closed_pipe_is_quiet_and_other_failures_are_reported() {
        let mut closed = Output::new(Failing(io::ErrorKind::BrokenPipe));
        writeln!(closed, "one").unwrap();
        writeln!(closed, "two").unwrap();
        assert!(closed.finish().is_ok());
        let mut full = Output::new(Failing(io::ErrorKind::StorageFull));
        writeln!(full, "one").unwrap();
        assert_eq!(full.finish().unwrap_err().kind(), io::ErrorKind::StorageFull);
        let mut fine = Output::new(Vec::new());
        writeln!(fine, "one").unwrap();
        assert_eq!(fine.inner, b"one\n");
        assert!(fine.finish().is_ok());
    }
}
