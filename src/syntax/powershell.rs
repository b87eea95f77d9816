//! The parts of a PowerShell DSC resource module (`<Name>.psm1`) that the schema ↔ module rules
//! compare with the schema: the functions `Get-`, `Set-` and `Test-TargetResource`, their
//! `[OutputType(...)]`, their parameters with their attributes, and the hashtables they return.
//!
//! The module is parsed by the `tree-sitter-powershell` grammar, never executed, as
//! `Test-xDscResource` would see it after `Import-Module`: only the functions defined at the top
//! level of the module count (a function defined inside another is not defined on import), and
//! of two definitions of one name the last wins. Where the module does not parse,
//! [`Module::error`] says where first; the functions whose name and `param` block parsed are
//! read all the same (the grammar's errors are local, and it does not know every construct of
//! PowerShell), the others are left out.
//!
//! Parsing is bounded: a module over [`MAX_MODULE_BYTES`] is not parsed, and tree-sitter's work
//! is capped by a budget proportional to the text (its progress callback), so that no input can
//! make it run away. The trees are walked with explicit stacks, never by recursion, so that deep
//! nesting cannot exhaust the stack.

use std::ops::ControlFlow;

use tree_sitter::{Node, ParseOptions, Parser, Tree};

use crate::source::Span;

/// The largest module parsed. tree-sitter's tree takes a few hundred bytes of memory per byte of
/// text (7 MB of one-line statements took 3.2 GB and 11 s), so the bound is what keeps a hostile
/// module from exhausting memory: 1 MiB, four times the largest module of the corpus's DSC
/// resources (Microsoft365DSC's, 276 KB), costs at most about half a gigabyte and a second.
pub const MAX_MODULE_BYTES: usize = 1 << 20;

/// The functions PowerShell DSC calls in a resource module, and the only ones read.
pub const TARGET_FUNCTIONS: [&str; 3] = ["Get-TargetResource", "Set-TargetResource", "Test-TargetResource"];

/// Whether a file is a PowerShell module (`.psm1`, in any letter case): such a file is never
/// compiled as MOF.
pub fn is_module(path: &std::path::Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("psm1"))
}

/// What a module holds, as far as the rules care.
#[derive(Debug, Default)]
pub struct Module {
    /// The top-level functions of [`TARGET_FUNCTIONS`], in order, each name once (the last
    /// definition).
    pub functions: Vec<Function>,
    /// The first place where the module does not parse, and why, if there is one.
    pub error: Option<(Span, String)>,
}

impl Module {
    /// The function of this name, in any letter case.
    pub fn function(&self, name: &str) -> Option<&Function> {
        self.functions.iter().find(|f| f.name.eq_ignore_ascii_case(name))
    }
}

#[derive(Debug)]
pub struct Function {
    pub name: String,
    /// The function's name in its `function` line.
    pub name_span: Span,
    /// The types of its `[OutputType(...)]` attributes, as written, each with its span.
    pub output_types: Vec<Written>,
    pub parameters: Vec<Parameter>,
    /// The hashtable literals the function returns, if it returns only hashtable literals
    /// (`return @{...}`, or `@{...}` as its last statement); `None` otherwise.
    pub returned: Option<Vec<Hashtable>>,
}

impl Function {
    /// The parameter of this name, in any letter case.
    pub fn parameter(&self, name: &str) -> Option<&Parameter> {
        self.parameters.iter().find(|p| p.name.eq_ignore_ascii_case(name))
    }
}

/// A piece of text as written, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub text: String,
    pub span: Span,
}

#[derive(Debug)]
pub struct Parameter {
    /// The name without `$`.
    pub name: String,
    /// From its first attribute to its variable: where a finding about it is reported.
    pub span: Span,
    /// Its type literal (`System.String`, `string[]`), if it has one.
    pub type_name: Option<Written>,
    /// Whether the first `[Parameter(...)]` attribute makes it mandatory (`Mandatory`,
    /// `Mandatory = $true`, `Mandatory = 1`), as `Test-xDscResource` reads it.
    pub mandatory: bool,
    /// Its `[ValidateSet(...)]`: the values, and the attribute's span.
    pub validate_set: Option<(Vec<String>, Span)>,
}

/// A hashtable literal: its keys, as written (quotes removed).
#[derive(Debug)]
pub struct Hashtable {
    pub keys: Vec<String>,
    pub span: Span,
}

/// Parses a module. Never fails: a module that does not parse has [`Module::error`].
pub fn parse(text: &str) -> Module {
    if text.len() > MAX_MODULE_BYTES {
        let message = format!(
            "the module is larger than {} MiB and is not read",
            MAX_MODULE_BYTES >> 20
        );
        return Module {
            functions: Vec::new(),
            error: Some((Span::new(0, 0), message)),
        };
    }
    let Some(tree) = parse_tree(text) else {
        return Module {
            functions: Vec::new(),
            error: Some((Span::new(0, 0), "the module is too complex to parse".into())),
        };
    };
    let root = tree.root_node();
    // The grammar does not know every construct of PowerShell (`64KB`, `break Label`, ...), and
    // its errors are local: a function whose name and `param` block are intact is read
    // whatever the rest of the module holds.
    let error = root.has_error().then(|| first_error(root));
    // Only the three functions DSC calls are read: a module of many helpers costs no more than
    // finding their names, and keeping the last of a name replaces one of three entries.
    let mut functions: Vec<Function> = Vec::new();
    for statement in top_level_functions(root) {
        let named = child_of_kind(statement, "function_name").map(|name| text_of(name, text));
        let wanted = named.is_some_and(|name| TARGET_FUNCTIONS.iter().any(|t| t.eq_ignore_ascii_case(name)));
        if wanted && let Some(function) = function(statement, text) {
            functions.retain(|f| !f.name.eq_ignore_ascii_case(&function.name));
            functions.push(function);
        }
    }
    Module { functions, error }
}

/// The syntax tree, or `None` if parsing exceeded its budget.
fn parse_tree(text: &str) -> Option<Tree> {
    let mut parser = Parser::new();
    parser.set_language(&tree_sitter_powershell::LANGUAGE.into()).ok()?;
    // tree-sitter calls back every 100 operations; a hundred operations a byte is far more
    // than any real module needs, and keeps the work linear in the text.
    let mut budget = text.len() + 10_000;
    let mut progress = |_: &tree_sitter::ParseState| {
        budget = budget.saturating_sub(1);
        if budget == 0 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    };
    let bytes = text.as_bytes();
    let options = ParseOptions::new().progress_callback(&mut progress);
    parser.parse_with_options(&mut |offset, _| &bytes[offset.min(bytes.len())..], None, Some(options))
}

/// The first error or missing node of a tree that has one, with what went wrong.
fn first_error(root: Node) -> (Span, String) {
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if node.is_missing() {
            return (span(node), format!("`{}` is missing here", node.kind()));
        }
        if node.is_error() {
            let at = Span::new(node.start_byte(), node.start_byte());
            return (at, "PowerShell syntax error".into());
        }
        if node.has_error() {
            let mut cursor = node.walk();
            let children: Vec<Node> = node.children(&mut cursor).collect();
            stack.extend(children.into_iter().rev());
        }
    }
    (span(root), "PowerShell syntax error".into())
}

fn span(node: Node) -> Span {
    Span::new(node.start_byte(), node.end_byte())
}

fn text_of<'t>(node: Node, text: &'t str) -> &'t str {
    &text[node.start_byte()..node.end_byte()]
}

/// The named children of a node.
fn children(node: Node) -> Vec<Node> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).collect()
}

fn child_of_kind<'t>(node: Node<'t>, kind: &str) -> Option<Node<'t>> {
    children(node).into_iter().find(|c| c.kind() == kind)
}

/// The functions defined at the module's top level, also where a syntax error left them in
/// an error node.
fn top_level_functions(root: Node) -> Vec<Node> {
    let mut found = Vec::new();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        match node.kind() {
            "function_statement" => found.push(node),
            "program" | "statement_list" | "ERROR" => {
                let mut nested = children(node);
                nested.reverse();
                stack.extend(nested);
            }
            _ => {}
        }
    }
    found
}

/// Whether a function's name, attributes and `param` block parsed without error (its body may
/// hold errors).
fn header_intact(function: Node) -> bool {
    let broken = |n: Node| n.is_error() || n.is_missing() || n.has_error();
    let mut cursor = function.walk();
    function.children(&mut cursor).all(|child| {
        if child.kind() != "script_block" {
            return !broken(child);
        }
        let mut inner = child.walk();
        child
            .children(&mut inner)
            .all(|part| part.kind() == "script_block_body" || !broken(part))
    })
}

fn function(node: Node, text: &str) -> Option<Function> {
    if !header_intact(node) {
        return None;
    }
    let name = child_of_kind(node, "function_name")?;
    let block = child_of_kind(node, "script_block");
    let param_block = block.and_then(|b| child_of_kind(b, "param_block"));
    let mut output_types = Vec::new();
    let mut parameters = Vec::new();
    if let Some(param_block) = param_block {
        for attribute in child_of_kind(param_block, "attribute_list")
            .map(children)
            .unwrap_or_default()
        {
            if attribute_name(attribute, text).is_some_and(|n| n.eq_ignore_ascii_case("OutputType")) {
                output_types.extend(attribute_arguments(attribute).into_iter().map(|argument| {
                    let written = text_of(argument, text).trim();
                    let inner = written.strip_prefix('[').and_then(|w| w.strip_suffix(']'));
                    Written {
                        text: unquote(inner.unwrap_or(written)).trim().to_string(),
                        span: span(argument),
                    }
                }));
            }
        }
        let list = child_of_kind(param_block, "parameter_list");
        for parameter in list.map(children).unwrap_or_default() {
            parameters.extend(self::parameter(parameter, text));
        }
    }
    // Parameters declared after the name (`function Get-TargetResource ($Name) {...}`).
    if let Some(declared) = child_of_kind(node, "function_parameter_declaration")
        && let Some(list) = child_of_kind(declared, "parameter_list")
    {
        for parameter in children(list) {
            parameters.extend(self::parameter(parameter, text));
        }
    }
    Some(Function {
        name: text_of(name, text).to_string(),
        name_span: span(name),
        output_types,
        parameters,
        // A body with a syntax error may have lost a `return`.
        returned: block.filter(|b| !b.has_error()).and_then(|b| returned(b, text)),
    })
}

fn parameter(node: Node, text: &str) -> Option<Parameter> {
    if node.kind() != "script_parameter" {
        return None;
    }
    let variable = child_of_kind(node, "variable")?;
    let name = text_of(variable, text).trim_start_matches('$');
    // `${Name}` and `$script:Name` are not parameter names a schema can have.
    let name = name.trim_start_matches('{').trim_end_matches('}').to_string();
    let attributes = child_of_kind(node, "attribute_list").map(children).unwrap_or_default();
    let start = attributes.first().map_or(variable.start_byte(), |a| a.start_byte());
    let mut parameter = Parameter {
        name,
        span: Span::new(start, variable.end_byte()),
        type_name: None,
        mandatory: false,
        validate_set: None,
    };
    let mut seen_parameter = false;
    for attribute in attributes {
        match attribute_name(attribute, text) {
            // A type literal: the parameter's type (the first one, nearest the name, is the
            // type PowerShell converts to last and declares).
            None => {
                if parameter.type_name.is_none() {
                    let written = text_of(attribute, text);
                    let inner = written.trim().strip_prefix('[').and_then(|w| w.strip_suffix(']'));
                    parameter.type_name = Some(Written {
                        text: inner.unwrap_or(written).split_whitespace().collect(),
                        span: span(attribute),
                    });
                }
            }
            Some(name) if name.eq_ignore_ascii_case("Parameter") && !seen_parameter => {
                seen_parameter = true;
                parameter.mandatory = mandatory(attribute, text);
            }
            Some(name) if name.eq_ignore_ascii_case("ValidateSet") && parameter.validate_set.is_none() => {
                let values = attribute_arguments(attribute)
                    .into_iter()
                    .filter(|a| !is_named(*a))
                    .map(|a| unquote(text_of(a, text).trim()).to_string())
                    .collect();
                parameter.validate_set = Some((values, span(attribute)));
            }
            Some(_) => {}
        }
    }
    Some(parameter)
}

/// The name of an attribute with arguments (`Parameter` for `[Parameter(...)]`); `None` for a
/// type literal.
fn attribute_name<'t>(attribute: Node, text: &'t str) -> Option<&'t str> {
    let name = child_of_kind(attribute, "attribute_name")?;
    Some(text_of(name, text).trim())
}

fn attribute_arguments(attribute: Node) -> Vec<Node> {
    child_of_kind(attribute, "attribute_arguments")
        .map(children)
        .unwrap_or_default()
}

/// Whether an attribute argument is named (`Mandatory = $true`, `Mandatory`).
fn is_named(argument: Node) -> bool {
    children(argument).first().is_some_and(|c| c.kind() == "simple_name")
}

/// Whether a `[Parameter(...)]` attribute says `Mandatory`: bare, or with a value other than
/// `$false`, `0` or `$null` (PowerShell converts the value to a boolean).
fn mandatory(attribute: Node, text: &str) -> bool {
    attribute_arguments(attribute).into_iter().any(|argument| {
        let parts = children(argument);
        let Some(name) = parts.first().filter(|c| c.kind() == "simple_name") else {
            return false;
        };
        if !text_of(*name, text).eq_ignore_ascii_case("Mandatory") {
            return false;
        }
        match parts.get(1) {
            None => true,
            Some(value) => {
                let value = text_of(*value, text).trim().to_ascii_lowercase();
                !matches!(value.as_str(), "$false" | "0" | "$null")
            }
        }
    })
}

/// A string literal's contents (`'a'` → `a`, `"a"` → `a`; a doubled quote inside a single-quoted
/// string is one quote); anything else as it is.
fn unquote(written: &str) -> std::borrow::Cow<'_, str> {
    let quoted = |q: char| written.len() >= 2 && written.starts_with(q) && written.ends_with(q);
    if quoted('\'') {
        written[1..written.len() - 1].replace("''", "'").into()
    } else if quoted('"') {
        written[1..written.len() - 1].into()
    } else {
        written.into()
    }
}

/// The hashtable literals a function's body returns, if it returns nothing else: every
/// `return` of the body (outside nested script blocks and functions) has a hashtable literal,
/// and so does its last statement if that is not a `return`; `None` if any does not, or if
/// there is none.
fn returned(block: Node, text: &str) -> Option<Vec<Hashtable>> {
    let body = child_of_kind(block, "script_block_body")?;
    let mut found = Vec::new();
    let mut stack = vec![body];
    while let Some(node) = stack.pop() {
        match node.kind() {
            "script_block_expression" | "function_statement" | "class_statement" => continue,
            "flow_control_statement"
                if text_of(node, text)
                    .get(..6)
                    .is_some_and(|w| w.eq_ignore_ascii_case("return")) =>
            {
                found.push(hashtable(children(node).first().copied()?, text)?);
                continue;
            }
            _ => {}
        }
        let mut nested = children(node);
        nested.reverse();
        stack.extend(nested);
    }
    let statements = child_of_kind(body, "statement_list").map(children).unwrap_or_default();
    if let Some(last) = statements.last().filter(|s| s.kind() == "pipeline") {
        found.push(hashtable(*last, text)?);
    }
    (!found.is_empty()).then_some(found)
}

/// The hashtable literal a pipeline is made of, if that is all it is.
fn hashtable(pipeline: Node, text: &str) -> Option<Hashtable> {
    // A pipeline of one expression is a chain of single-child nodes down to the literal.
    let mut node = pipeline;
    while node.kind() != "hash_literal_expression" {
        let only = children(node);
        if only.len() != 1 {
            return None;
        }
        node = only[0];
    }
    let body = child_of_kind(node, "hash_literal_body");
    let keys = body
        .map(children)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|entry| child_of_kind(entry, "key_expression"))
        .map(|key| unquote(text_of(key, text).trim()).into_owned())
        .collect();
    Some(Hashtable { keys, span: span(node) })
}

#[cfg(test)]
mod tests {
    use super::*;

    const MODULE: &str = r#"
function Get-TargetResource
{
    [CmdletBinding()]
    [OutputType([System.Collections.Hashtable])]
    param
    (
        [Parameter(Mandatory = $true)]
        [ValidateNotNullOrEmpty()]
        [System.String]
        $Name,

        [Parameter()]
        [ValidateSet('Present', "Absent")]
        [System.String]
        $Ensure = 'Present'
    )

    return @{
        Name   = $Name
        'Ensure' = $Ensure
    }
}

function Set-TargetResource
{
    param
    (
        [Parameter(Mandatory)] [string] $Name,
        [Parameter(Mandatory=1)] [int[]] $Count,
        [Parameter(Mandatory = $false)] $Untyped
    )
    function Get-Inner { }
}
"#;

    #[test]
    fn a_module_over_the_bound_is_not_parsed() {
        let text = format!(
            "function Get-TargetResource {{ }}\n{}",
            "$a = 1\n".repeat(MAX_MODULE_BYTES / 7)
        );
        assert!(text.len() > MAX_MODULE_BYTES);
        let module = parse(&text);
        assert!(module.functions.is_empty());
        let (span, message) = module.error.expect("refused");
        assert_eq!(
            (span, message.as_str()),
            (Span::new(0, 0), "the module is larger than 1 MiB and is not read")
        );
    }

    #[test]
    fn functions_parameters_and_attributes_are_read() {
        let module = parse(MODULE);
        assert_eq!(module.error, None);
        let names: Vec<&str> = module.functions.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["Get-TargetResource", "Set-TargetResource"]);
        let get = module.function("get-targetresource").unwrap();
        assert_eq!(get.output_types[0].text, "System.Collections.Hashtable");
        let name = get.parameter("name").unwrap();
        assert!(name.mandatory);
        assert_eq!(name.type_name.as_ref().unwrap().text, "System.String");
        assert_eq!(&MODULE[name.span.range()][..11], "[Parameter(");
        let ensure = get.parameter("Ensure").unwrap();
        assert!(!ensure.mandatory);
        assert_eq!(ensure.validate_set.as_ref().unwrap().0, ["Present", "Absent"]);
        let returned = get.returned.as_ref().unwrap();
        assert_eq!(returned[0].keys, ["Name", "Ensure"]);

        let set = module.function("Set-TargetResource").unwrap();
        let flags: Vec<(&str, bool, Option<&str>)> = set
            .parameters
            .iter()
            .map(|p| {
                (
                    p.name.as_str(),
                    p.mandatory,
                    p.type_name.as_ref().map(|t| t.text.as_str()),
                )
            })
            .collect();
        assert_eq!(
            flags,
            [
                ("Name", true, Some("string")),
                ("Count", true, Some("int[]")),
                ("Untyped", false, None)
            ]
        );
        assert!(set.output_types.is_empty());
        assert!(set.returned.is_none());
    }

    #[test]
    fn a_function_whose_param_block_does_not_parse_is_left_out() {
        let text = "function Get-TargetResource\n{\n    param\n    (\n        [System.String\n        $Name\n    )\n}\n\n\
                    function Set-TargetResource\n{\n    param ( [string] $Name )\n    $size = 64KB\n}\n";
        let module = parse(text);
        assert!(module.error.is_some());
        let names: Vec<&str> = module.functions.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["Set-TargetResource"]);
        assert_eq!(module.functions[0].parameters[0].name, "Name");
    }

    #[test]
    fn hostile_input_ends() {
        for text in ["(".repeat(200_000), "@{".repeat(100_000), "[".repeat(100_000)] {
            let module = parse(&text);
            assert!(module.error.is_some());
        }
    }
}
