//! The last guard against a damaged file: redb trusts the pages it reads, and a damaged B-tree
//! page can make it panic (an out-of-range slice, "entered unreachable code"). Every call into
//! redb on a repository runs inside [`shield`], which turns such a panic into an error saying
//! what redb was doing, without the panic message on stderr.

use std::cell::{Cell, RefCell};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

thread_local! {
    /// Whether this thread is inside `shield`: its panics are caught and reported as damage.
    static SHIELDED: Cell<bool> = const { Cell::new(false) };
    /// The message of the last panic caught on this thread.
    static MESSAGE: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Runs `work`; a panic inside it is returned as `Err` with its message.
pub fn shield<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    install_hook();
    let outer = SHIELDED.replace(true);
    let result = catch_unwind(AssertUnwindSafe(work));
    SHIELDED.set(outer);
    result.map_err(|_| {
        let message = MESSAGE.take();
        // Empty if another hook replaced this one since.
        if message.is_empty() { "a panic".into() } else { message }
    })
}

/// Installs, once, a panic hook that keeps quiet about shielded panics (their message is kept
/// for the error) and hands every other panic to the hook that was there before.
fn install_hook() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if SHIELDED.get() {
                let payload = info.payload();
                let message = payload
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "a panic".into());
                MESSAGE.set(message);
            } else {
                previous(info);
            }
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_its_message() {
        assert_eq!(shield(|| 7), Ok(7));
        let caught = shield(|| -> u8 { panic!("entered unreachable code") });
        assert_eq!(caught, Err("entered unreachable code".to_string()));
        let formatted = shield(|| -> u8 { panic!("index {} out of range", 9) });
        assert_eq!(formatted, Err("index 9 out of range".to_string()));
    }
}
