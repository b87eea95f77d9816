//! What operations report: one completion event per operation (modelled on
//! `MSFT_WmiProvider_PutInstanceAsyncEvent_Post` and its siblings), carrying the intrinsic events
//! (`__ClassCreationEvent`, ...) of the changes it made. `cli.md` fixes the JSON shape.

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Value as Json, json};

use super::hresult::HResult;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    PutClass,
    PutInstance,
    DeleteClass,
    DeleteInstance,
    PutQualifier,
}

impl Operation {
    pub fn name(self) -> &'static str {
        match self {
            Operation::PutClass => "PutClass",
            Operation::PutInstance => "PutInstance",
            Operation::DeleteClass => "DeleteClass",
            Operation::DeleteInstance => "DeleteInstance",
            Operation::PutQualifier => "PutQualifier",
        }
    }
}

/// What a successful operation did to its object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Created,
    Updated,
    Unchanged,
    Deleted,
}

impl Change {
    pub fn name(self) -> &'static str {
        match self {
            Change::Created => "created",
            Change::Updated => "updated",
            Change::Unchanged => "unchanged",
            Change::Deleted => "deleted",
        }
    }
}

/// An intrinsic event: a change to the repository that subscribers hear about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Intrinsic {
    NamespaceCreation {
        namespace: String,
    },
    ClassCreation {
        namespace: String,
        class: String,
    },
    /// With the class as it was before, as MOF.
    ClassModification {
        namespace: String,
        class: String,
        previous: String,
    },
    ClassDeletion {
        namespace: String,
        class: String,
    },
    InstanceCreation {
        namespace: String,
        path: String,
    },
    InstanceModification {
        namespace: String,
        path: String,
        previous: String,
    },
    InstanceDeletion {
        namespace: String,
        path: String,
    },
}

impl Intrinsic {
    pub fn class_name(&self) -> &'static str {
        match self {
            Intrinsic::NamespaceCreation { .. } => "__NamespaceCreationEvent",
            Intrinsic::ClassCreation { .. } => "__ClassCreationEvent",
            Intrinsic::ClassModification { .. } => "__ClassModificationEvent",
            Intrinsic::ClassDeletion { .. } => "__ClassDeletionEvent",
            Intrinsic::InstanceCreation { .. } => "__InstanceCreationEvent",
            Intrinsic::InstanceModification { .. } => "__InstanceModificationEvent",
            Intrinsic::InstanceDeletion { .. } => "__InstanceDeletionEvent",
        }
    }

    pub fn json(&self) -> Json {
        let mut event = match self {
            Intrinsic::NamespaceCreation { namespace } => json!({ "Namespace": namespace }),
            Intrinsic::ClassCreation { namespace, class } | Intrinsic::ClassDeletion { namespace, class } => {
                json!({ "Namespace": namespace, "Class": class })
            }
            Intrinsic::ClassModification {
                namespace,
                class,
                previous,
            } => json!({ "Namespace": namespace, "Class": class, "PreviousClass": previous }),
            Intrinsic::InstanceCreation { namespace, path } | Intrinsic::InstanceDeletion { namespace, path } => {
                json!({ "Namespace": namespace, "Path": path })
            }
            Intrinsic::InstanceModification {
                namespace,
                path,
                previous,
            } => json!({ "Namespace": namespace, "Path": path, "PreviousInstance": previous }),
        };
        event["event"] = json!(self.class_name());
        event
    }
}

/// The result of one operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub result: HResult,
    /// What happened, on success.
    pub change: Option<Change>,
    /// Why it failed, in words, or what a forced update removed.
    pub detail: Option<String>,
    pub resolutions: Vec<String>,
    pub intrinsic: Vec<Intrinsic>,
}

impl Outcome {
    pub fn failed(result: HResult, detail: impl Into<String>) -> Outcome {
        Outcome {
            result,
            change: None,
            detail: Some(detail.into()),
            resolutions: Vec::new(),
            intrinsic: Vec::new(),
        }
    }

    pub fn done(change: Change, intrinsic: Vec<Intrinsic>) -> Outcome {
        Outcome {
            result: HResult::WBEM_S_NO_ERROR,
            change: Some(change),
            detail: None,
            resolutions: Vec::new(),
            intrinsic,
        }
    }
}

/// The completion event of an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub operation: Operation,
    pub namespace: String,
    /// The class put or deleted, or the instance's class.
    pub class: Option<String>,
    /// The instance's object path.
    pub path: Option<String>,
    pub flags: u32,
    pub outcome: Outcome,
    pub file: Option<String>,
    pub line: Option<usize>,
    pub locale: Option<String>,
    pub transaction: u64,
    /// 100-nanosecond intervals since 1601-01-01 UTC.
    pub time_created: u64,
}

impl Event {
    pub fn json(&self) -> Json {
        let o = &self.outcome;
        let mut event = json!({
            "event": self.operation.name(),
            "Namespace": self.namespace,
            "Flags": self.flags,
            "ResultCode": o.result.0,
            "Result": o.result.name(),
            "TIME_CREATED": self.time_created,
            "TransactionIdentifier": self.transaction,
            "User": user(),
            "resolutions": o.resolutions,
            "intrinsic": o.intrinsic.iter().map(Intrinsic::json).collect::<Vec<_>>(),
        });
        let optional = [
            ("Class", self.class.clone().map(Json::from)),
            ("Path", self.path.clone().map(Json::from)),
            ("Locale", self.locale.clone().map(Json::from)),
            ("file", self.file.clone().map(Json::from)),
            ("line", self.line.map(Json::from)),
            ("change", o.change.map(|c| Json::from(c.name()))),
            ("message", o.detail.clone().map(Json::from)),
        ];
        for (key, value) in optional {
            if let Some(value) = value {
                event[key] = value;
            }
        }
        event
    }
}

/// Now, as WMI's `TIME_CREATED` counts: 100-nanosecond intervals since 1601-01-01 UTC.
pub fn time_created() -> u64 {
    const SECONDS_1601_TO_1970: u64 = 11_644_473_600;
    let since_1970 = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    (SECONDS_1601_TO_1970 * 1_000_000_000 + since_1970.as_nanos() as u64) / 100
}

fn user() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_default()
}
