//! The dependencies of a configuration document have no cycle.
//!
//! What it checks: following `DependsOn` from resource to resource never comes back to where it
//! started, and no resource depends on itself. Each cycle is one error, at a `DependsOn` entry
//! of its first resource, with a label on each other entry that closes it and the cycle in the
//! message.
//!
//! Why: the Local Configuration Manager orders resources by their dependencies; on a cycle it
//! reports a circular dependency and applies nothing of the document (Microsoft's "DSC
//! resource dependencies").
//!
//! Example:
//!
//! ```mof
//! // [File]Index:          DependsOn = {"[WindowsFeature]IIS"};
//! // [WindowsFeature]IIS:  DependsOn = {"[File]Index"};            DSC306
//! ```
//!
//! Keep one direction: the page depends on the web server, not the reverse.

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};

use super::Document;
use crate::diag::{Code, Diagnostic};
use crate::source::Span;

/// How many resources of a cycle its diagnostic names and points at: a generated document can
/// hold a cycle of thousands, which would make one diagnostic of megabytes.
const SHOWN: usize = 20;

pub fn check(document: &Document, out: &mut Vec<Diagnostic>) {
    let mut graph: DiGraph<usize, Span> = DiGraph::new();
    let nodes: Vec<NodeIndex> = (0..document.resources.len()).map(|i| graph.add_node(i)).collect();
    for (from, _, span, to) in document.dependencies() {
        if let Some(to) = to {
            graph.add_edge(nodes[from], nodes[to], span);
        }
    }
    let mut cycles: Vec<Vec<NodeIndex>> = tarjan_scc(&graph)
        .into_iter()
        .filter(|scc| scc.len() > 1 || graph.contains_edge(scc[0], scc[0]))
        .collect();
    for scc in &mut cycles {
        scc.sort();
    }
    cycles.sort();
    // Which cycle each resource is in, and the edges inside each cycle, in document order.
    let mut component: Vec<Option<usize>> = vec![None; nodes.len()];
    for (c, scc) in cycles.iter().enumerate() {
        for node in scc {
            component[node.index()] = Some(c);
        }
    }
    let mut inside: Vec<Vec<(NodeIndex, Span)>> = vec![Vec::new(); cycles.len()];
    for edge in graph.edge_indices() {
        let Some((from, to)) = graph.edge_endpoints(edge) else {
            continue;
        };
        if let Some(c) = component[from.index()].filter(|&c| component[to.index()] == Some(c)) {
            inside[c].push((from, graph[edge]));
        }
    }
    for (scc, mut edges) in cycles.into_iter().zip(inside) {
        edges.sort_by_key(|(from, span)| (*from, span.start));
        let Some(&(_, first)) = edges.first() else { continue };
        let names: Vec<&str> = scc
            .iter()
            .filter_map(|&n| document.resources[graph[n]].id.map(|(id, _)| id))
            .collect();
        let message = if names.len() == 1 {
            format!("`{}` depends on itself", names[0])
        } else if names.len() <= SHOWN {
            format!("these resources depend on each other in a cycle: {}", names.join(", "))
        } else {
            format!(
                "these resources depend on each other in a cycle: {}, and {} more",
                names[..SHOWN].join(", "),
                names.len() - SHOWN
            )
        };
        let mut d = Diagnostic::new(Code::DscDependencyCycle, document.file, first, message)
            .with_label("this dependency is part of the cycle")
            .with_help("remove one of the dependencies; the Local Configuration Manager applies nothing of a document with a cycle");
        for &(_, span) in edges.iter().skip(1).take(SHOWN) {
            d = d.with_secondary(document.file, span, "and this one");
        }
        out.push(d);
    }
}
