//! A credential's password is not in clear text.
//!
//! What it checks: every instance of `MSFT_Credential` in a configuration document (on its own
//! with an alias, or nested in a value) whose `Password` is a string that is not encrypted (an
//! encrypted one starts `-----BEGIN CMS-----`) is a warning at the password, which the message,
//! labels and help never repeat (so neither do the JSON, SARIF and GitHub outputs; the human
//! excerpt shows the line as the file has it). A domain account (`DOMAIN\user`, `user@domain`)
//! is noted in the help.
//!
//! Why: PowerShell writes a clear-text password only when the configuration data sets
//! `PSDscAllowPlainTextPassword`; Microsoft's "Securing the MOF file" recommends encrypting it
//! with a certificate whose thumbprint the meta-configuration gives as `CertificateID`. A
//! document is copied to pull servers, build artefacts and repositories: several published
//! documents hold lab passwords so.
//!
//! Example:
//!
//! ```mof
//! instance of MSFT_Credential as $MSFT_Credential1ref
//! {
//!     UserName = "lab\\admin";
//!     Password = "...";            // DSC312
//! };
//! ```
//!
//! Encrypt credentials: give the node's certificate in the configuration data
//! (`CertificateFile`, `Thumbprint`) and `CertificateID` in its meta-configuration.

use super::{Document, string};
use crate::diag::{Code, Diagnostic};
use crate::syntax::ast::{InstanceDecl, ValueKind};

pub fn check(document: &Document, out: &mut Vec<Diagnostic>) {
    for instance in &document.instances {
        credentials(document, instance.decl, out);
    }
}

/// Checks `decl` if it is a credential, and the instances nested in its values.
fn credentials(document: &Document, decl: &InstanceDecl, out: &mut Vec<Diagnostic>) {
    if decl.class.is("MSFT_Credential")
        && let Some((password, span)) = string(decl, "Password")
        && !password.trim_start().starts_with("-----BEGIN CMS-----")
    {
        let domain = string(decl, "UserName").is_some_and(|(user, _)| user.contains(['\\', '@']));
        let mut help = "encrypt it: give the node's certificate in the configuration data and its thumbprint \
                        as `CertificateID` in the meta-configuration, instead of `PSDscAllowPlainTextPassword`"
            .to_string();
        if domain {
            help.push_str("; this is a domain account (`PSDscAllowDomainUser`), valid beyond this node");
        }
        out.push(
            Diagnostic::new(
                Code::DscPlainTextPassword,
                document.file,
                span,
                "a credential's password is stored in clear text",
            )
            .with_label("clear-text password")
            .with_help(help),
        );
    }
    for value in decl.properties.iter().filter_map(|pv| pv.value.as_ref()) {
        for item in value.entries() {
            if let ValueKind::Instance(inner) = &item.kind {
                credentials(document, inner, out);
            }
        }
    }
}
