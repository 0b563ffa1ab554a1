//! Who a service user should call when the worker cannot be reached: the profile's fallbacks, or
//! domain.md's default list (coordinator, helplines; from core) while the worker has set none.
//!
//! A part of Hours in the screen shape (`markup`): [`render`] draws the list and the form to add
//! to it, [`apply`] turns an [`Action`] into the profile change to store (pure, tested below).
//! Hours keeps the part's [`Local`] and wraps its actions in its own.

use crate::markup::{actions, form_error, html, input_field, FormValues, Markup, Render};
use crate::model::changes;
use crate::parts::Save;
use crate::words::{text, Language, Text};
use peerline_core::{Fallback, RecordKind};
use serde_json::json;
use uuid::Uuid;

actions! {
    /// What the fallbacks' controls do.
    pub(crate) enum Action {
        /// The form was submitted.
        Add = "add",
        Delete { index: usize } = "delete",
    }
}

/// What the part shows besides the list: the form's error.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Local {
    pub(crate) error: Option<String>,
}

/// What the part shows.
pub(crate) struct Model<'a> {
    /// The worker's own list, or (not `own`) the default chain service users see while the worker
    /// has set none, which cannot be removed from.
    pub(crate) list: &'a [Fallback],
    pub(crate) own: bool,
    pub(crate) local: &'a Local,
}

/// The card: the list, then the form to add to it; its actions made the holder's by `act`.
pub(crate) fn render<A: Render>(
    language: Language,
    model: &Model,
    act: impl Fn(Action) -> A,
) -> Markup {
    let say = |key| text(language, key);
    html! {
        section.card aria-labelledby="fallbacks-heading" data-testid="fallbacks" {
            h2 #fallbacks-heading { (say(Text::Fallbacks)) }
            p.hint { (say(Text::FallbacksHint)) }
            ol.list {
                @for (index, fallback) in model.list.iter().enumerate() {
                    li.list-row {
                        span { (fallback.label) " " (fallback.phone) }
                        @if model.own {
                            button.btn.btn-quiet type="button" aria-label=(say(Text::Delete))
                                data-action=(act(Action::Delete { index })) { "×" }
                        }
                    }
                }
            }
            form novalidate data-action=(act(Action::Add)) {
                (input_field(say(Text::Name), "text", "fallback-label", "fallback-label", ""))
                (input_field(say(Text::Phone), "tel", "fallback-phone", "fallback-phone", ""))
                (form_error(model.local.error.as_deref()))
                button.btn type="submit" data-testid="add-fallback" { (say(Text::AddFallback)) }
            }
        }
    }
}

/// Applies `action` to the worker's own list `own` (`profile_id`'s), reading the form from
/// `fields`: the profile change to store, if any. Core says what is wrong with a fallback when the
/// change is stored.
pub(crate) fn apply(
    action: Action,
    fields: &dyn FormValues,
    own: &[Fallback],
    profile_id: Uuid,
) -> Option<Save> {
    let mut list = own.to_vec();
    let then_clear: &'static [&'static str] = match action {
        Action::Add => {
            let field = |name| fields.text(name).trim().to_owned();
            list.push(Fallback {
                label: field("fallback-label"),
                phone: field("fallback-phone"),
            });
            &["fallback-label", "fallback-phone"]
        }
        Action::Delete { index } if index < list.len() => {
            list.remove(index);
            &[]
        }
        Action::Delete { .. } => return None,
    };
    let record = json!({ "fallbacks": list });
    let record = record.as_object().cloned().unwrap_or_default();
    Some(Save {
        change: changes::set(RecordKind::Profile, profile_id, record),
        then_clear,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::testing::drawn;
    use crate::markup::Table;

    fn card(list: &[Fallback], own: bool) -> String {
        let local = Local::default();
        let model = Model {
            list,
            own,
            local: &local,
        };
        render(Language::En, &model, |action| action).into_string()
    }

    #[test]
    fn user_text_is_escaped_once_and_the_default_chain_cannot_be_removed_from() {
        let html = card(&[Fallback::new("<b>&\"", "+47 '1'")], true);
        assert!(
            html.contains("<span>&lt;b&gt;&amp;&quot; +47 '1'</span>"),
            "{html}"
        );
        let actions = drawn::<Action>(&html);
        assert_eq!(actions, [Action::Delete { index: 0 }, Action::Add]);
        let chain = card(&[Fallback::new("Legevakt", "116117")], false);
        assert_eq!(drawn::<Action>(&chain), [Action::Add]);
    }

    /// `action` on the list `own`: the list stored (as text), or nothing.
    fn check(action: Action, fields: &[(&str, &str)], own: &[Fallback], want: Option<&str>) {
        let saved = apply(action, &Table(fields), own, Uuid::nil());
        let got = saved.map(|save| serde_json::Value::Object(save.change.set).to_string());
        assert_eq!(got.as_deref(), want, "{action:?}");
    }

    #[test]
    fn adding_appends_and_deleting_removes_one() {
        let own = [Fallback::new("Kari", "1"), Fallback::new("Per", "2")];
        check(
            Action::Add,
            &[
                ("fallback-label", " Legevakt "),
                ("fallback-phone", "116 117"),
            ],
            &own[..1],
            Some(
                r#"{"fallbacks":[{"label":"Kari","phone":"1"},{"label":"Legevakt","phone":"116 117"}]}"#,
            ),
        );
        check(
            Action::Delete { index: 0 },
            &[],
            &own,
            Some(r#"{"fallbacks":[{"label":"Per","phone":"2"}]}"#),
        );
        check(Action::Delete { index: 2 }, &[], &own, None);
    }
}
