//! The loader's scenarios (`loader-semantics.md`): every row of the PutClass tables in each
//! mode, PutInstance, deletions, amended qualifiers and namespaces, through the library API;
//! then asynchronous calls from many threads.

use std::sync::{Arc, Mutex};

use mofc::load::flags::{CREATE_ONLY, UPDATE_FORCE_MODE, UPDATE_ONLY, UPDATE_SAFE_MODE, USE_AMENDED_QUALIFIERS};
use mofc::load::service::{Services, Sink};
use mofc::load::{Change, Event, HResult, Intrinsic, Settings, Step, plan};
use mofc::repo::Store;
use mofc::sema;
use mofc::source::{DiskWorld, SearchPath};
use mofc::syntax::unit::Unit;

const QUALIFIERS: &str = r#"
qualifier Key : boolean = false, scope(property, reference), flavor(DisableOverride, ToSubclass);
qualifier Description : string = null, scope(any), flavor(Translatable);
qualifier Abstract : boolean = false, scope(class, association, indication), flavor(Restricted);
qualifier Override : string = null, scope(property, method, reference), flavor(Restricted);
qualifier Units : string = null, scope(property, method, parameter), flavor(DisableOverride);
qualifier Dynamic : boolean = false, scope(class);
qualifier Provider : string = null, scope(class);
qualifier Singleton : boolean = false, scope(class);
"#;

/// A base class, a child and a grandchild that redeclares an inherited property.
const TREE: &str = r#"
[Description("The base")]
class Sample_Base {
    [Key] string Name;
    [Units("Bytes")] uint32 Size;
    uint32 Measure(uint32 Scale);
};
class Sample_Child : Sample_Base {
    string Extra;
};
class Sample_Grandchild : Sample_Child {
    [Override("Size"), Units("Bytes")] uint32 Size;
};
"#;

/// The operations of MOF text, as `mofc load` plans them.
fn steps(text: &str, class_flags: u32, instance_flags: u32) -> Vec<Step> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("input.mof");
    std::fs::write(&path, text).unwrap();
    let unit = Unit::load(&DiskWorld, &path, &SearchPath::default()).unwrap();
    assert!(!unit.diagnostics.iter().any(|d| d.is_error()), "{:?}", unit.diagnostics);
    let (model, _) = sema::analyze(&unit, &sema::Options::default());
    let settings = Settings {
        namespace: "root/cimv2".into(),
        class_flags,
        instance_flags,
        amended: class_flags & USE_AMENDED_QUALIFIERS != 0,
        locale: "ms_409".into(),
    };
    plan(&unit, &model, &settings, &|_| false)
}

fn run(services: &Services, text: &str, class_flags: u32) -> Vec<Event> {
    steps(text, class_flags, 0)
        .iter()
        .map(|s| services.execute(s))
        .collect()
}

/// The result name of the last operation.
fn last(events: &[Event]) -> &'static str {
    events.last().unwrap().outcome.result.name()
}

fn all_succeed(events: &[Event]) {
    for e in events {
        assert!(e.outcome.result.is_success(), "{:?} failed: {:?}", e.class, e.outcome);
    }
}

/// A repository with the qualifiers and the tree, and instances if asked for.
fn tree(instances: &str) -> Services {
    let services = Services::in_memory("root/cimv2");
    all_succeed(&run(&services, &format!("{QUALIFIERS}{TREE}{instances}"), 0));
    services
}

fn class_text(store: &Store, name: &str) -> String {
    store
        .class("root/cimv2", name)
        .map(|c| c.text.clone())
        .unwrap_or_default()
}

const STRUCTURAL: &str = r#"
[Description("The base")]
class Sample_Base {
    [Key] string Name;
    [Units("Bytes")] uint32 Size;
    uint32 Measure(uint32 Scale);
    uint32 Added;
};
"#;

#[test]
fn flags_and_names_are_checked_first() {
    let services = tree("");
    let before = services.snapshot();
    for flags in [CREATE_ONLY | UPDATE_ONLY, UPDATE_SAFE_MODE | UPDATE_FORCE_MODE, 0x4] {
        let events = run(&services, STRUCTURAL, flags);
        assert_eq!(last(&events), "WBEM_E_INVALID_PARAMETER");
    }
    assert_eq!(
        last(&run(&services, "class __Sample { };", 0)),
        "WBEM_E_INVALID_OPERATION"
    );
    assert_eq!(last(&run(&services, TREE, CREATE_ONLY)), "WBEM_E_ALREADY_EXISTS");
    assert_eq!(
        last(&run(&services, "class Sample_New { };", UPDATE_ONLY)),
        "WBEM_E_NOT_FOUND"
    );
    assert_eq!(services.snapshot().classes, before.classes);
}

#[test]
fn superclass_and_validity() {
    let services = tree("");
    let events = run(&services, "class Sample_Orphan : Sample_Missing { };", 0);
    // The compiler already refuses a missing superclass; the loader must too (library callers).
    assert_eq!(last(&events), "WBEM_E_INVALID_SUPERCLASS");
    let events = run(
        &services,
        "class Sample_Base : Sample_Grandchild { [Key] string Name; };",
        UPDATE_FORCE_MODE,
    );
    assert_eq!(last(&events), "WBEM_E_CIRCULAR_REFERENCE");
    let cases = [
        (
            "class Sample_Bad : Sample_Base { [Units(\"Bits\")] uint32 Size; };",
            "WBEM_E_UPDATE_OVERRIDE_NOT_ALLOWED",
        ),
        (
            "class Sample_Bad : Sample_Base { string Size; };",
            "WBEM_E_UPDATE_TYPE_MISMATCH",
        ),
        (
            "class Sample_Bad : Sample_Base { uint32 Measure(string Scale); };",
            "WBEM_E_UPDATE_PROPAGATED_METHOD",
        ),
        (
            "class Sample_Bad : Sample_Base { [Key] string Other; };",
            "WBEM_E_CANNOT_CHANGE_KEY_INHERITANCE",
        ),
        (
            "class Sample_Bad : Sample_Base { [Override(\"Nothing\")] string Other; };",
            "WBEM_E_UPDATE_OVERRIDE_NOT_ALLOWED",
        ),
    ];
    for (text, code) in cases {
        assert_eq!(last(&run(&services, text, 0)), code, "{text}");
    }
    assert!(services.snapshot().class("root/cimv2", "Sample_Bad").is_none());
}

#[test]
fn create_then_unchanged_then_cosmetic() {
    let services = tree("instance of Sample_Child { Name = \"c\"; };");
    let again = run(&services, TREE, 0);
    assert!(again.iter().all(|e| e.outcome.change == Some(Change::Unchanged)));
    assert!(again.iter().all(|e| e.outcome.intrinsic.is_empty()));
    // A new Description is cosmetic: it succeeds in compatible mode despite children and instances.
    let cosmetic = TREE.replace("The base", "The base, described anew");
    let events = run(&services, &cosmetic, 0);
    assert_eq!(events[0].outcome.change, Some(Change::Updated));
    assert!(
        matches!(&events[0].outcome.intrinsic[..], [Intrinsic::ClassModification { class, .. }] if class == "Sample_Base")
    );
    assert!(class_text(&services.snapshot(), "Sample_Base").contains("described anew"));
}

#[test]
fn own_static_instances() {
    for (flags, code, left) in [
        (0, "WBEM_E_CLASS_HAS_INSTANCES", 1),
        (UPDATE_SAFE_MODE, "WBEM_E_CLASS_HAS_INSTANCES", 1),
        (UPDATE_FORCE_MODE, "WBEM_S_NO_ERROR", 0),
    ] {
        let services = Services::in_memory("root/cimv2");
        let base = "[Description(\"x\")] class Sample_Lone { [Key] string Name; };";
        all_succeed(&run(
            &services,
            &format!("{QUALIFIERS}{base}instance of Sample_Lone {{ Name = \"a\"; }};"),
            0,
        ));
        let events = run(&services, "class Sample_Lone { [Key] string Name; uint8 New; };", flags);
        assert_eq!(last(&events), code);
        assert_eq!(services.snapshot().instances.len(), left);
        if flags == UPDATE_FORCE_MODE {
            let o = &events[0].outcome;
            assert_eq!(o.resolutions, ["instance Sample_Lone.Name=\"a\" was deleted"]);
            assert!(o.intrinsic.contains(&Intrinsic::InstanceDeletion {
                namespace: "root/cimv2".into(),
                path: "Sample_Lone.Name=\"a\"".into()
            }));
        }
    }
}

#[test]
fn provider_instances_are_kept_when_forced() {
    let services = Services::in_memory("root/cimv2");
    let class = "[Dynamic, Provider(\"P\")] class Sample_Dyn { [Key] string Name; };";
    all_succeed(&run(
        &services,
        &format!("{QUALIFIERS}{class}instance of Sample_Dyn {{ Name = \"a\"; }};"),
        0,
    ));
    let change = "[Dynamic, Provider(\"P\")] class Sample_Dyn { [Key] string Name; uint8 New; };";
    assert_eq!(last(&run(&services, change, 0)), "WBEM_E_CLASS_HAS_INSTANCES");
    assert_eq!(
        last(&run(&services, change, UPDATE_SAFE_MODE)),
        "WBEM_E_CLASS_HAS_INSTANCES"
    );
    let events = run(&services, change, UPDATE_FORCE_MODE);
    assert_eq!(last(&events), "WBEM_S_NO_ERROR");
    assert!(events[0].outcome.resolutions.is_empty());
    assert_eq!(services.snapshot().instances.len(), 1);
}

#[test]
fn subclasses_without_conflict() {
    for (flags, code) in [
        (0, "WBEM_E_CLASS_HAS_CHILDREN"),
        (UPDATE_SAFE_MODE, "WBEM_S_NO_ERROR"),
        (UPDATE_FORCE_MODE, "WBEM_S_NO_ERROR"),
    ] {
        let services = tree("");
        assert_eq!(last(&run(&services, STRUCTURAL, flags)), code);
        let added = class_text(&services.snapshot(), "Sample_Base").contains("Added");
        assert_eq!(added, code == "WBEM_S_NO_ERROR");
    }
}

/// Each conflict of the table, found in the grandchild: the code in safe mode, the resolution
/// in force mode.
#[test]
fn conflicts_with_grandchildren() {
    let cases = [
        (
            "class Sample_Base { [Key] string Name; [Units(\"Bytes\")] string Size; uint32 Measure(uint32 Scale); };",
            "WBEM_E_UPDATE_TYPE_MISMATCH",
            "Sample_Grandchild.Size: its own declaration was removed; it inherits the new one",
        ),
        (
            "class Sample_Base { [Key] string Name; [Units(\"Bits\")] uint32 Size; uint32 Measure(uint32 Scale); };",
            "WBEM_E_UPDATE_OVERRIDE_NOT_ALLOWED",
            "Sample_Grandchild.Size: qualifier Units was removed",
        ),
        (
            "class Sample_Base { [Key] string Name; uint32 Measure(uint32 Scale); };",
            "WBEM_E_UPDATE_OVERRIDE_NOT_ALLOWED",
            "Sample_Grandchild.Size: qualifier Override was removed; it stays as the class's own member",
        ),
    ];
    for (change, code, resolution) in cases {
        let services = tree("");
        let before = services.snapshot();
        assert_eq!(last(&run(&services, change, 0)), "WBEM_E_CLASS_HAS_CHILDREN");
        assert_eq!(last(&run(&services, change, UPDATE_SAFE_MODE)), code, "{change}");
        assert_eq!(services.snapshot().classes, before.classes, "safe mode changed nothing");
        let events = run(&services, change, UPDATE_FORCE_MODE);
        assert_eq!(last(&events), "WBEM_S_NO_ERROR");
        assert_eq!(events[0].outcome.resolutions, [resolution]);
        let grandchild = class_text(&services.snapshot(), "Sample_Grandchild");
        assert_ne!(grandchild, class_text(&before, "Sample_Grandchild"));
    }
}

#[test]
fn key_changes_conflict_with_subclass_keys() {
    let services = Services::in_memory("root/cimv2");
    let start = "class Sample_Keyless { string Label; }; class Sample_Keyed : Sample_Keyless { [Key] string Id; };";
    all_succeed(&run(&services, &format!("{QUALIFIERS}{start}"), 0));
    let change = "class Sample_Keyless { [Key] string Label; };";
    assert_eq!(
        last(&run(&services, change, UPDATE_SAFE_MODE)),
        "WBEM_E_CANNOT_CHANGE_KEY_INHERITANCE"
    );
    let events = run(&services, change, UPDATE_FORCE_MODE);
    assert_eq!(
        events[0].outcome.resolutions,
        ["Sample_Keyed: its own Key qualifiers were removed (Id)"]
    );
    assert!(!class_text(&services.snapshot(), "Sample_Keyed").contains("[Key]"));
}

#[test]
fn subclass_instances_block_shape_changes() {
    for (flags, code) in [
        (0, "WBEM_E_CLASS_HAS_CHILDREN"),
        (UPDATE_SAFE_MODE, "WBEM_E_CLASS_HAS_INSTANCES"),
        (UPDATE_FORCE_MODE, "WBEM_E_CLASS_HAS_INSTANCES"),
    ] {
        let services = tree("instance of Sample_Grandchild { Name = \"g\"; };");
        let before = services.snapshot();
        assert_eq!(last(&run(&services, STRUCTURAL, flags)), code);
        assert_eq!(services.snapshot().classes, before.classes);
        assert_eq!(services.snapshot().instances, before.instances);
    }
}

#[test]
fn put_instance_rules() {
    let services = tree("");
    let extra = "[Abstract] class Sample_Abstract { [Key] string Id; }; class Sample_NoKey { string Label; }; \
                 [Singleton] class Sample_Config { string Label; };";
    all_succeed(&run(&services, &format!("{QUALIFIERS}{extra}"), 0));
    let one = |text: &str, flags: u32| {
        let steps = steps(&format!("{QUALIFIERS}{TREE}{extra}{text}"), 0, flags);
        services.execute(steps.last().unwrap())
    };
    let cases = [
        (
            "instance of Sample_Abstract { Id = \"x\"; };",
            "WBEM_E_INVALID_OPERATION",
        ),
        ("instance of Sample_NoKey { Label = \"x\"; };", "WBEM_E_NO_KEY"),
        ("instance of Sample_Base { Size = 3; };", "WBEM_E_ILLEGAL_NULL"),
        ("instance of Sample_Config { Label = \"x\"; };", "WBEM_S_NO_ERROR"),
        (
            "instance of Sample_Base { Name = \"a\"; Size = 3; };",
            "WBEM_S_NO_ERROR",
        ),
    ];
    for (text, code) in cases {
        assert_eq!(one(text, 0).outcome.result.name(), code, "{text}");
    }
    let created = one("instance of Sample_Base { Name = \"b\"; };", CREATE_ONLY);
    assert_eq!(created.path.as_deref(), Some("Sample_Base.Name=\"b\""));
    assert_eq!(created.outcome.change, Some(Change::Created));
    let again = one("instance of Sample_Base { Name = \"b\"; };", CREATE_ONLY);
    assert_eq!(again.outcome.result, HResult::WBEM_E_ALREADY_EXISTS);
    let missing = one("instance of Sample_Base { Name = \"c\"; };", UPDATE_ONLY);
    assert_eq!(missing.outcome.result, HResult::WBEM_E_NOT_FOUND);
    let updated = one("instance of Sample_Base { Name = \"b\"; Size = 9; };", UPDATE_ONLY);
    assert_eq!(updated.outcome.change, Some(Change::Updated));
    assert_eq!(
        services
            .snapshot()
            .instance("root/cimv2", "sample_config=@")
            .map(|i| i.path.clone()),
        Some("Sample_Config=@".into())
    );
}

/// The library checks what the compiler would have refused, for callers that skip it.
#[test]
fn put_instance_checks_properties_and_types() {
    let services = tree("");
    let step = |text: &str| {
        let mut steps = steps(
            &format!("{QUALIFIERS}{TREE}instance of Sample_Base {{ Name = \"a\"; }};"),
            0,
            0,
        );
        let mut step = steps.pop().unwrap();
        let parsed = mofc::syntax::parse(mofc::source::FileId(0), text).ast;
        if let Some(mofc::syntax::ast::Item::Instance(i)) = parsed.items.into_iter().next() {
            step.action = mofc::load::Action::PutInstance(*i);
        }
        services.execute(&step).outcome.result.name()
    };
    assert_eq!(
        step("instance of Sample_Base { Name = \"a\"; Colour = 1; };"),
        "WBEM_E_INVALID_PROPERTY"
    );
    assert_eq!(
        step("instance of Sample_Base { Name = \"a\"; Size = \"big\"; };"),
        "WBEM_E_TYPE_MISMATCH"
    );
    assert_eq!(
        step("instance of Sample_Missing { Name = \"a\"; };"),
        "WBEM_E_INVALID_CLASS"
    );
}

#[test]
fn namespaces() {
    let services = tree("");
    let events = run(
        &services,
        &format!("instance of __Namespace {{ Name = \"sub\"; }};\n#pragma namespace(\"sub\")\n{QUALIFIERS}{TREE}"),
        0,
    );
    all_succeed(&events);
    assert_eq!(
        events[0].outcome.intrinsic,
        [Intrinsic::NamespaceCreation {
            namespace: "root/cimv2/sub".into()
        }]
    );
    assert!(
        services
            .snapshot()
            .class("root/cimv2/sub", "Sample_Grandchild")
            .is_some()
    );
    let events = run(
        &services,
        "#pragma namespace(\"\\\\\\\\.\\\\root\\\\nowhere\")\nclass Sample_X { };",
        0,
    );
    assert_eq!(last(&events), "WBEM_E_INVALID_NAMESPACE");
    let events = run(
        &services,
        "#pragma namespace(\"\\\\\\\\server\\\\root\\\\cimv2\")\nclass Sample_X { };",
        0,
    );
    assert_eq!(last(&events), "WBEM_E_INVALID_NAMESPACE");
}

#[test]
fn deleteclass_cascades() {
    let services = tree("instance of Sample_Base { Name = \"b\"; }; instance of Sample_Grandchild { Name = \"g\"; };");
    let events = run(&services, "#pragma deleteclass(\"Sample_Child\", FAIL)", 0);
    let intrinsic: Vec<&str> = events[0].outcome.intrinsic.iter().map(Intrinsic::class_name).collect();
    assert_eq!(
        intrinsic,
        [
            "__InstanceDeletionEvent",
            "__ClassDeletionEvent",
            "__ClassDeletionEvent"
        ],
        "the grandchild's instance, the grandchild, then the child"
    );
    let store = services.snapshot();
    assert!(store.class("root/cimv2", "Sample_Grandchild").is_none());
    assert_eq!(store.instances.len(), 1);
    assert_eq!(
        last(&run(&services, "#pragma deleteclass(\"Sample_Child\", FAIL)", 0)),
        "WBEM_E_NOT_FOUND"
    );
    assert_eq!(
        last(&run(&services, "#pragma deleteclass(\"Sample_Child\", NOFAIL)", 0)),
        "WBEM_S_NO_ERROR"
    );
    assert_eq!(
        last(&run(&services, "#pragma deleteclass(\"__Namespace\", FAIL)", 0)),
        "WBEM_E_INVALID_OPERATION"
    );
    let events = run(
        &services,
        "#pragma deleteinstance(\"Sample_Base.Name=\\\"b\\\"\", FAIL)",
        0,
    );
    assert_eq!(events[0].outcome.change, Some(Change::Deleted));
    assert!(services.snapshot().instances.is_empty());
    assert_eq!(
        last(&run(
            &services,
            "#pragma deleteinstance(\"Sample_Base.Name=\\\"b\\\"\", FAIL)",
            0
        )),
        "WBEM_E_NOT_FOUND"
    );
}

#[test]
fn amended_qualifiers_go_to_the_locale_namespace() {
    let services = Services::in_memory("root/cimv2");
    let class = "qualifier Description : string = null, scope(any), flavor(Amended);\n\
                 [Description(\"Localized\")] class Sample_L { [Description(\"Prop\")] string P; string Q; };";
    let events = run(&services, class, USE_AMENDED_QUALIFIERS);
    all_succeed(&events);
    let store = services.snapshot();
    assert!(!class_text(&store, "Sample_L").contains("Localized"));
    let amendment = store.class("root/cimv2/ms_409", "Sample_L").expect("amendment stored");
    assert!(
        amendment.text.contains("Amendment") && amendment.text.contains("Localized") && amendment.text.contains("Prop")
    );
    assert!(!amendment.text.contains(" Q;"));
    assert!(events[1].outcome.intrinsic.contains(&Intrinsic::NamespaceCreation {
        namespace: "root/cimv2/ms_409".into()
    }));
    // Without the flag, everything is stored as written.
    let plain = Services::in_memory("root/cimv2");
    all_succeed(&run(&plain, class, 0));
    assert!(class_text(&plain.snapshot(), "Sample_L").contains("Localized"));
}

#[test]
fn amendment_classes() {
    let services = tree("");
    let amend = "qualifier Amendment : boolean = false, scope(class), flavor(Restricted);\n\
                 qualifier Locale : string = null, scope(class), flavor(Restricted);\n";
    let good = format!(
        "{amend}[Amendment, Locale(\"MS_407\")] class Sample_Base {{ [Description(\"Größe\")] uint32 Size; }};"
    );
    let events = run(&services, &good, 0);
    all_succeed(&events);
    assert!(services.snapshot().class("root/cimv2/ms_407", "Sample_Base").is_some());
    let adds =
        format!("{amend}[Amendment, Locale(\"MS_407\")] class Sample_Base {{ [Description(\"Neu\")] uint32 Neu; }};");
    assert_eq!(last(&run(&services, &adds, 0)), "WBEM_E_INVALID_OPERATION");
}

/// A sink that records what it hears, per context.
#[derive(Default)]
struct Recorder {
    heard: Mutex<Vec<(usize, &'static str, HResult)>>,
}

impl Sink<usize> for Recorder {
    fn on_progress(&self, context: &usize, _: &str) {
        self.heard
            .lock()
            .unwrap()
            .push((*context, "progress", HResult::WBEM_S_NO_ERROR));
    }
    fn on_object_put(&self, context: &usize, _: &str) {
        self.heard
            .lock()
            .unwrap()
            .push((*context, "put", HResult::WBEM_S_NO_ERROR));
    }
    fn on_completed(&self, context: &usize, result: HResult, _: &Event) {
        self.heard.lock().unwrap().push((*context, "completed", result));
    }
}

/// Hundreds of calls from several threads: each sink call gets exactly one final status, and
/// the repository ends as applying the same calls one by one in submission order would leave it.
#[test]
fn asynchronous_calls_apply_in_submission_order() {
    let services = Arc::new(tree(""));
    let events = services.subscribe();
    let recorder = Arc::new(Recorder::default());
    let submitted: Arc<Mutex<Vec<Step>>> = Arc::default();
    let template = steps(
        &format!("{QUALIFIERS}{TREE}instance of Sample_Base {{ Name = \"x\"; }};"),
        0,
        0,
    );
    let instance = template.last().unwrap().clone();
    let class = template[template.len() - 2].clone();
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let (services, recorder, submitted) = (services.clone(), recorder.clone(), submitted.clone());
            let (instance, class) = (instance.clone(), class.clone());
            std::thread::spawn(move || {
                for i in 0..60 {
                    let mut step = if i % 10 == 9 { class.clone() } else { instance.clone() };
                    if let mofc::load::Action::PutInstance(decl) = &mut step.action {
                        let name = &mut decl.properties[0].value.as_mut().unwrap().kind;
                        *name = mofc::syntax::ast::ValueKind::String(format!("{}", (t * 60 + i) % 97).into());
                    }
                    step.flags = if i % 7 == 0 {
                        CREATE_ONLY | mofc::load::flags::SEND_STATUS
                    } else {
                        0
                    };
                    let mut order = submitted.lock().unwrap();
                    let id = t * 1000 + i;
                    assert_eq!(
                        services.execute_async(step.clone(), recorder.clone(), id),
                        HResult::WBEM_S_NO_ERROR
                    );
                    order.push(step);
                }
            })
        })
        .collect();
    threads.into_iter().for_each(|t| t.join().unwrap());
    let mut bad = instance.clone();
    bad.flags = CREATE_ONLY | UPDATE_ONLY;
    assert_eq!(
        services.execute_async(bad, recorder.clone(), 99_999),
        HResult::WBEM_E_INVALID_PARAMETER
    );
    services.flush();

    let heard = recorder.heard.lock().unwrap();
    let completions = heard.iter().filter(|h| h.1 == "completed").count();
    assert_eq!(completions, 240);
    for t in 0..4 {
        for i in 0..60 {
            let id = t * 1000 + i;
            assert_eq!(
                heard.iter().filter(|h| h.0 == id && h.1 == "completed").count(),
                1,
                "call {id}"
            );
        }
    }
    assert!(
        !heard.iter().any(|h| h.0 == 99_999),
        "a refused call never reaches the sink"
    );
    assert!(
        heard
            .iter()
            .any(|h| h.1 == "completed" && h.2 == HResult::WBEM_E_ALREADY_EXISTS)
    );

    let sequential = tree("");
    for step in submitted.lock().unwrap().iter() {
        sequential.execute(step);
    }
    assert_eq!(services.snapshot().instances, sequential.snapshot().instances);
    assert_eq!(services.snapshot().classes, sequential.snapshot().classes);
    let creations = events
        .try_iter()
        .filter(|e| matches!(e, Intrinsic::InstanceCreation { .. }))
        .count();
    assert_eq!(creations, sequential.snapshot().instances.len());
}
