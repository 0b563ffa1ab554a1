//! Who a service user should call when the worker cannot be reached: the profile's fallbacks, or
//! domain.md's default list (coordinator, helplines; from core) while the worker has set none.
//!
//! Drawn as HTML text (`markup`): the list and the error are refilled when they change, the form
//! only when the language does; the form is read when "Add" is tapped.

use crate::markup::legacy as markup;
use crate::model::changes;
use crate::state::App;
use crate::words::{self, Language, Text};
use leptos::prelude::*;
use peerline_core::{reachability, Fallback, RecordKind};
use peerline_share::html::escape;
use serde_json::json;
use std::fmt::Write;

fn save(app: App, fallbacks: &[Fallback]) -> Result<(), String> {
    let fields = json!({ "fallbacks": fallbacks })
        .as_object()
        .cloned()
        .unwrap_or_default();
    app.save(changes::set(RecordKind::Profile, app.profile_id(), fields))
}

/// The card: its heading and hint, the list (refilled in place: the worker's own, or, not
/// removable, the default chain service users see while none is set), the form (a label and a
/// phone number), its error and its button, in the language of the moment.
pub(crate) fn card(
    app: App,
    error: RwSignal<Option<String>>,
) -> impl Fn() -> String + Send + Sync + 'static {
    let i18n = app.i18n;
    let list = markup::fill("#fallback-list".into(), move || {
        let own = app.profile().fallbacks;
        if own.is_empty() {
            let now = app.now();
            let chain = reachability(&app.worker_data(now, now), None, now).fallbacks;
            list_html(i18n.language(), &chain, false)
        } else {
            list_html(i18n.language(), &own, true)
        }
    });
    let error = markup::fill("#fallback-error".into(), move || {
        error.with(|e| markup::form_error(e.as_deref()))
    });
    move || {
        let field = |label, kind, test_id| {
            format!(
                "<label class=\"field\"><span>{}</span><input type=\"{kind}\" data-testid=\"{test_id}\"></label>",
                i18n.text(label)
            )
        };
        format!(
            "<section class=\"card\" aria-labelledby=\"fallbacks-heading\" data-testid=\"fallbacks\">\
             <h2 id=\"fallbacks-heading\">{}</h2><p class=\"hint\">{}</p><ol class=\"list\" id=\"fallback-list\">{}</ol>\
             {}{}<div id=\"fallback-error\">{}</div>{}</section>",
            i18n.text(Text::Fallbacks),
            i18n.text(Text::FallbacksHint),
            list.get_untracked(),
            field(Text::FallbackLabel, "text", "fallback-label"),
            field(Text::Phone, "tel", "fallback-phone"),
            error.get_untracked(),
            markup::button("", "add-fallback", i18n.text(Text::AddFallback), false),
        )
    }
}

/// The fallbacks' rows.
fn list_html(language: Language, fallbacks: &[Fallback], removable: bool) -> String {
    let say = |key| words::text(language, key);
    let mut html = String::new();
    for (index, f) in fallbacks.iter().enumerate() {
        let _ = write!(
            html,
            "<li class=\"list-row\"><span>{} {}</span>",
            escape(&f.label),
            escape(&f.phone)
        );
        if removable {
            let _ = write!(
                html,
                "<button type=\"button\" class=\"btn btn-quiet\" aria-label=\"{}\" data-action=\"delete-fallback:{index}\">×</button>",
                say(Text::Delete)
            );
        }
        html.push_str("</li>");
    }
    html
}

/// Adds the fallback the form describes (and empties the form), or says what is wrong.
pub(crate) fn add(app: App, error: RwSignal<Option<String>>) {
    let mut list = app.profile().fallbacks;
    list.push(Fallback {
        label: markup::value_at("[data-testid=fallback-label]")
            .trim()
            .to_owned(),
        phone: markup::value_at("[data-testid=fallback-phone]")
            .trim()
            .to_owned(),
    });
    error.set(save(app, &list).err());
    if error.get_untracked().is_none() {
        markup::set_at("[data-testid=fallback-label]", "value", "");
        markup::set_at("[data-testid=fallback-phone]", "value", "");
    }
}

pub(crate) fn delete(app: App, error: RwSignal<Option<String>>, index: &str) {
    let mut list = app.profile().fallbacks;
    if let Some(index) = index
        .parse::<usize>()
        .ok()
        .filter(|index| *index < list.len())
    {
        list.remove(index);
        error.set(save(app, &list).err());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_is_escaped_once() {
        let html = list_html(Language::En, &[Fallback::new("<b>&\"", "+47 '1'")], true);
        assert!(html.contains("<span>&lt;b&gt;&amp;&quot; +47 '1'</span>"));
        assert!(html.contains("data-action=\"delete-fallback:0\""));
        let chain = list_html(Language::En, &[Fallback::new("Legevakt", "116117")], false);
        assert!(!chain.contains("data-action"));
    }
}
