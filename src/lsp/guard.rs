//! A panic in the compiler must not end the language server: every message is handled, and
//! every compilation run, inside [`guarded`], which turns a panic into an error the server can
//! log before it goes on. The panic hook is left as it is: it writes to stderr, which is the
//! server's log, and never to stdout, which carries only protocol frames.

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// What `work` returns, or what its panic said.
///
/// Unwind safety is asserted: after a panic the server keeps only state that is consistent by
/// construction (buffers are whole strings; a compilation that panicked is dropped, and its
/// files' diagnostics are published again from what remains).
pub fn guarded<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(work)).map_err(|payload| said(&*payload))
}

/// The message of a panic payload (`panic!` gives a `&str` or a `String`).
fn said(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_result_passes_through() {
        assert_eq!(guarded(|| 7), Ok(7));
    }

    #[test]
    fn a_panic_becomes_its_message() {
        let index = 3;
        let panicked = guarded(|| -> u8 { panic!("index {index} out of range") });
        assert_eq!(panicked, Err("index 3 out of range".to_string()));
        assert_eq!(
            guarded(|| std::panic::panic_any(5)),
            Err::<(), _>("a panic without a message".into())
        );
        assert_eq!(guarded(|| -> () { panic!("static") }), Err("static".to_string()));
    }

    #[test]
    fn state_changed_before_a_panic_is_kept() {
        let mut handled = Vec::new();
        let _ = guarded(|| {
            handled.push(1);
            panic!("after the change")
        });
        assert_eq!(handled, [1]);
    }
}
