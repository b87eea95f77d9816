//! Writing a resolved compilation out: the model as JSON (`json.rs`), as canonical MOF
//! (`mof.rs`, or split as mofcomp splits it for localization: `mfl.rs`) and as CIM-XML
//! (`cimxml.rs`). All are deterministic: classes come in topological order (every superclass
//! before its subclasses), namespace by namespace, in declaration order otherwise. And writing MOF
//! source out as it is, in its canonical layout (`format/`).

pub mod cimxml;
pub mod format;
pub mod json;
pub mod mfl;
pub mod mof;

use crate::sema::Model;
use crate::sema::model::{Class, ClassId};

/// The input's classes, superclasses first.
fn class_order<'m, 'a>(model: &'m Model<'a>) -> Vec<(ClassId, &'m Class<'a>)> {
    let depths = model.depths();
    let mut classes: Vec<(ClassId, &Class)> = model.input_classes().collect();
    classes.sort_by_key(|&(id, class)| (&model.namespaces[class.namespace], depths[id], id));
    classes
}
