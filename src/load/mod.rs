//! Applying compiled MOF to a repository with WMI's PutClass / PutInstance semantics
//! (`loader-semantics.md`).
//!
//! `plan.rs` turns a validated compilation into operations; `class.rs` and `instance.rs` apply
//! one operation to the in-memory [`Store`], checking everything before changing anything, so
//! a failed operation leaves the store as it was; `shape.rs` holds what inheritance makes of a
//! class and the conflicts between a class and its chain; `event.rs` what each operation
//! reports; `world.rs` lets a compilation see the repository's classes; `service.rs` is the
//! library API in the shape of `IWbemServices` (synchronous calls, and asynchronous ones with
//! sinks). A whole load commits once, through `repo::Repository::commit`.

mod class;
pub mod event;
pub mod flags;
mod hresult;
mod instance;
mod object;
mod plan;
pub mod service;
mod shape;
mod world;

pub use class::{delete_class, put_class};
pub use event::{Change, Event, Intrinsic, Operation, Outcome, time_created};
pub use hresult::HResult;
pub use instance::{delete_instance, put_instance, put_qualifier};
pub use object::{amended, class_text};
pub use plan::{Action, Settings, Step, plan};
pub use shape::Shapes;
pub use world::RepoWorld;

use crate::repo::Store;

/// Applies one step to the store and says what happened. `shapes` is what the store's classes
/// inherit, kept from step to step of one load (and kept true here).
pub fn apply(store: &mut Store, shapes: &mut Shapes, step: &Step, transaction: u64) -> Event {
    let ns = step.namespace.as_str();
    let (operation, class, path, outcome) = match &step.action {
        Action::PutQualifier(q) => (Operation::PutQualifier, None, None, put_qualifier(store, ns, q)),
        Action::PutClass(c) => (
            Operation::PutClass,
            Some(c.name.text.to_string()),
            None,
            put_class(store, shapes, ns, c, step.flags, &step.locale),
        ),
        Action::PutInstance(i) => {
            let put = put_instance(store, ns, i, step.flags);
            (
                Operation::PutInstance,
                Some(i.class.text.to_string()),
                put.path,
                put.outcome,
            )
        }
        Action::DeleteClass { name, fail } => (
            Operation::DeleteClass,
            Some(name.clone()),
            None,
            delete_class(store, ns, name, *fail),
        ),
        Action::DeleteInstance { path, fail } => (
            Operation::DeleteInstance,
            None,
            Some(path.clone()),
            delete_instance(store, ns, path, *fail),
        ),
    };
    shapes.after(operation, class.as_deref(), &outcome);
    Event {
        operation,
        namespace: step.namespace.clone(),
        class,
        path,
        flags: step.flags,
        outcome,
        file: Some(step.file.clone()),
        line: Some(step.line),
        locale: Some(step.locale.clone()),
        transaction,
        time_created: time_created(),
    }
}
