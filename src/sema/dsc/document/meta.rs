//! The settings of a meta-configuration have allowed values, and pull mode has a server.
//!
//! What it checks: in a meta-configuration (`localhost.meta.mof`), each enumerated setting
//! of the Local Configuration Manager is one of its values, letter case aside (an error
//! otherwise; another case is a warning): `ConfigurationMode` (ApplyOnly, ApplyAndMonitor,
//! ApplyAndAutoCorrect, MonitorOnly), `RefreshMode` (Push, Pull, Disabled),
//! `ActionAfterReboot` (ContinueConfiguration, StopConfiguration), `DebugMode` (None,
//! ForceModuleImport, All, ResourceScriptBreakAll). Integer settings
//! (`ConfigurationModeFrequencyMins`, `RefreshFrequencyMins`, `StatusRetentionTimeInDays`)
//! are uint32, as DSC310 checks. `RefreshMode = "Pull"` without a configuration repository
//! (`ConfigurationRepositoryWeb` or `ConfigurationRepositoryShare`, an instance of
//! `MSFT_WebDownloadManager` or `MSFT_FileDownloadManager`, or the WMF 4
//! `DownloadManagerName`) is a warning.
//!
//! Why: Microsoft's "Configuring the Local Configuration Manager" lists these values;
//! `Set-DscLocalConfigurationManager` refuses others, and a node in pull mode with no server to
//! pull from never gets a configuration.
//!
//! Example:
//!
//! ```mof
//! instance of MSFT_DSCMetaConfiguration as $MSFT_DSCMetaConfiguration1ref
//! {
//!     RefreshMode = "Pul";      // DSC314
//! };
//! ```
//!
//! Write `RefreshMode = "Push";`, or `"Pull"` with a `ConfigurationRepositoryWeb` block.

use super::value_map::check_values;
use super::{Document, Kind, value};
use crate::diag::{Code, Diagnostic, Severity};

/// The classes that give a node in pull mode its configurations.
const REPOSITORIES: [&str; 3] = [
    "OMI_ConfigurationDownloadManager",
    "MSFT_WebDownloadManager",
    "MSFT_FileDownloadManager",
];

pub fn check(document: &Document, out: &mut Vec<Diagnostic>) {
    for resource in document.resources.iter().filter(|r| r.kind == Kind::Setting) {
        check_values(document, resource, Code::DscMetaConfiguration, out);
    }
    let model = document.model;
    let repository = REPOSITORIES
        .iter()
        .filter_map(|name| model.class(model.start, name))
        .collect::<Vec<_>>();
    let has_repository = document.resources.iter().any(|r| {
        r.instance
            .class
            .is_some_and(|c| repository.iter().any(|&base| model.derives_from(c, base)))
    });
    for resource in &document.resources {
        if !resource.decl().class.is("MSFT_DSCMetaConfiguration") {
            continue;
        }
        let Some((mode, span)) = resource.string("RefreshMode") else {
            continue;
        };
        let pulls = mode.eq_ignore_ascii_case("Pull");
        let listed = ["ConfigurationDownloadManagers", "DownloadManagerName"]
            .iter()
            .any(|p| value(resource.decl(), p).is_some());
        if pulls && !has_repository && !listed {
            let d = Diagnostic::new(
                Code::DscMetaConfiguration,
                document.file,
                span,
                "pull mode without a configuration repository",
            )
            .with_label("the node has no server to pull its configuration from")
            .with_help("add a `ConfigurationRepositoryWeb` (or `ConfigurationRepositoryShare`) block to the meta-configuration")
                .with_severity(Severity::Warning);
            out.push(d);
        }
    }
}
