//! A line's rule findings, localized, with their severity.

use leptos::prelude::*;
use procura_rules::{Finding, Severity};

use crate::i18n::use_i18n;
use crate::purchase::verdict;

#[component]
pub fn FindingList(findings: Vec<Finding>) -> impl IntoView {
    let i18n = use_i18n();
    (!findings.is_empty()).then(|| {
        let items = findings
            .into_iter()
            .map(|f| {
                let class = match f.severity {
                    Severity::Block => "finding block",
                    Severity::Warn => "finding warn",
                };
                let f2 = f.clone();
                let rule = f.rule.id();
                view! {
                    <li class=class data-rule=rule>
                        <strong>{move || verdict::severity_label(&f, i18n.locale())}</strong>
                        " "
                        <span>{move || verdict::message(&f2, i18n.locale())}</span>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="findings">{items}</ul> }
    })
}
