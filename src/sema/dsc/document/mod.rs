//! The rules on compiled configuration documents (`dsc.md` section C, `DSC3xx`).

use crate::diag::Diagnostic;
use crate::sema::model::Model;
use crate::syntax::unit::Unit;

pub fn check(_unit: &Unit, _model: &Model, _out: &mut Vec<Diagnostic>) {}
