//! The language server on a DSC resource: a finding about the module (`<Name>.psm1`) shows in
//! the schema, the MOF document being edited, with related information pointing into the
//! module; and the schema is checked again when the module's buffer changes.

#[path = "support/lsp_client.rs"]
mod client;

use std::path::PathBuf;

use client::{Client, codes_and_lines, uri};
use serde_json::{Value, json};

const SCHEMA: &str = "[ClassVersion(\"1.0.0\"), FriendlyName(\"Res\")]\n\
class Demo_Res : OMI_BaseResource\n\
{\n\
    [Key, Description(\"The name.\")] string Name;\n\
    [Write, Description(\"Most users.\")] uint32 MaxUsers;\n\
};\n";

/// A module whose `Set-` and `Test-TargetResource` type `$MaxUsers` as `type`.
fn module(ty: &str) -> String {
    let params = format!(
        "        [Parameter(Mandatory = $true)]\n        [System.String]\n        $Name,\n\n        [Parameter()]\n        [{ty}]\n        $MaxUsers"
    );
    format!(
        "function Get-TargetResource\n{{\n    [OutputType([System.Collections.Hashtable])]\n    param\n    (\n        [Parameter(Mandatory = $true)]\n        [System.String]\n        $Name\n    )\n\n    return @{{ Name = $Name; MaxUsers = 0 }}\n}}\n\n\
function Set-TargetResource\n{{\n    param\n    (\n{params}\n    )\n}}\n\n\
function Test-TargetResource\n{{\n    [OutputType([System.Boolean])]\n    param\n    (\n{params}\n    )\n\n    return $true\n}}\n"
    )
}

fn workspace() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mofc-lsp-dsc-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("Demo_Res.schema.mof"), SCHEMA).unwrap();
    std::fs::write(dir.join("Demo_Res.psm1"), module("System.String")).unwrap();
    dir
}

fn range(value: &Value) -> (u64, u64, u64, u64) {
    let n = |v: &Value| v.as_u64().unwrap();
    (
        n(&value["start"]["line"]),
        n(&value["start"]["character"]),
        n(&value["end"]["line"]),
        n(&value["end"]["character"]),
    )
}

#[test]
fn a_module_finding_shows_in_the_schema_and_follows_the_module_buffer() {
    let dir = workspace();
    let schema = dir.join("Demo_Res.schema.mof");
    let psm1 = dir.join("Demo_Res.psm1");
    let (mut client, _) = Client::start(&dir, &[]);
    client.open(&schema, SCHEMA);

    // In the schema: at the property, pointing at the parameter in the module.
    let found = client.diagnostics(&schema);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["code"], "DSC207");
    assert_eq!(found[0]["severity"], 2);
    assert_eq!(range(&found[0]["range"]), (4, 43, 4, 51));
    let related = &found[0]["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], uri(&psm1));
    // `[Parameter()]` of `$MaxUsers` in Set-TargetResource (line 21, 0-based) to `$MaxUsers`.
    assert_eq!(range(&related["location"]["range"]), (21, 8, 23, 17));

    // No suppression comment is offered for it: one in the schema would not silence a finding
    // about the module, and the module reads none.
    let actions = |client: &mut Client, path: &PathBuf, d: &Value| {
        let params = json!({
            "textDocument": {"uri": uri(path)},
            "range": d["range"],
            "context": {"diagnostics": [d]},
        });
        client.request("textDocument/codeAction", params)
    };
    assert_eq!(actions(&mut client, &schema, &found[0]), json!([]));

    // In the module: at the parameter, pointing at the property; nothing compiled as MOF.
    let found = client.diagnostics(&psm1);
    assert_eq!(actions(&mut client, &psm1, &found[0]), json!([]));
    let codes = codes_and_lines(&found);
    assert_eq!(codes, [("DSC207", 21)]);
    assert_eq!(found[0]["relatedInformation"][0]["location"]["uri"], uri(&schema));

    // The module's buffer, fixed without saving: the schema is checked again against it.
    let document =
        json!({"uri": uri(&psm1), "languageId": "powershell", "version": 1, "text": module("System.UInt32")});
    client.notify("textDocument/didOpen", json!({"textDocument": document}));
    assert_eq!(client.diagnostics(&schema), Vec::<Value>::new());
    assert_eq!(client.diagnostics(&psm1), Vec::<Value>::new());

    // Broken again by an edit of the buffer.
    client.change(&psm1, 2, json!([{"text": module("System.Int32")}]));
    let found = client.diagnostics(&schema);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["code"], "DSC207");
    assert!(found[0]["message"].as_str().unwrap().contains("System.Int32"));

    assert_eq!(client.stop(), 0);
    let _ = std::fs::remove_dir_all(&dir);
}
