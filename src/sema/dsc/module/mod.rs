//! The rules on a resource schema and its module (`dsc.md` section B, `DSC2xx`).

use crate::diag::Diagnostic;
use crate::sema::model::Model;
use crate::syntax::unit::Unit;

pub fn check(_unit: &Unit, _model: &Model, _out: &mut Vec<Diagnostic>) {}
