//! A configuration document in the editor: opened, it gets the DSC3xx diagnostics `mofc check`
//! gives; edited, they follow the text.

#[path = "support/lsp_client.rs"]
mod client;

use client::Client;
use serde_json::{Value, json};

const DOCUMENT: &str = "instance of MSFT_Credential as $MSFT_Credential1ref
{
 UserName = \"lab\\\\admin\";
 Password = \"not-encrypted\";
};
instance of MSFT_RoleResource as $MSFT_RoleResource1ref
{
ResourceID = \"[WindowsFeature]IIS\";
 Name = \"Web-Server\";
 ModuleName = \"PSDesiredStateConfiguration\";
 ModuleVersion = \"1.0\";
 PsDscRunAsCredential = $MSFT_Credential1ref;
};
instance of MSFT_FileDirectoryConfiguration as $MSFT_FileDirectoryConfiguration1ref
{
ResourceID = \"[File]Index\";
 DestinationPath = \"C:\\\\inetpub\\\\index.html\";
 DependsOn = {\"[WindowsFeature]IIS-Server\"};
 ModuleName = \"PSDesiredStateConfiguration\";
 ModuleVersion = \"1.0\";
};
instance of OMI_ConfigurationDocument
{
 Version = \"2.0.0\";
 Name = \"Web\";
};
";

/// (code, line, character) of each diagnostic, 0-based as the protocol has them.
fn places(found: &[Value]) -> Vec<(String, u64, u64)> {
    found
        .iter()
        .map(|d| {
            let start = &d["range"]["start"];
            (
                d["code"].as_str().unwrap().to_string(),
                start["line"].as_u64().unwrap(),
                start["character"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn an_open_document_gets_its_dsc_diagnostics_and_loses_them_when_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("localhost.mof");
    std::fs::write(&path, DOCUMENT).unwrap();
    let (mut client, _) = Client::start(dir.path(), &[]);
    client.open(&path, DOCUMENT);
    let found = client.diagnostics(&path);
    assert_eq!(
        places(&found),
        [("DSC312".to_string(), 3, 12), ("DSC305".to_string(), 17, 14)],
        "{found:#?}"
    );
    assert!(!found[0]["message"].as_str().unwrap().contains("not-encrypted"));
    let fixed = DOCUMENT.replace("IIS-Server", "IIS");
    client.change(&path, 2, json!([{ "text": fixed }]));
    let found = client.diagnostics(&path);
    assert_eq!(places(&found), [("DSC312".to_string(), 3, 12)], "{found:#?}");
    assert_eq!(client.stop(), 0);
}
