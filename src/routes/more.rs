//! More: the weekly check-in, and settings: language, profile, export of all my data, deleting
//! all local data, and the account box (`account::render_section`) with the password and the
//! sessions (`parts::security`).
//!
//! In the screen shape (`markup`): the profile form's fields start from the stored profile and
//! keep what is typed (the redraw never touches a field the worker changed); a save reads them
//! through the form. Choosing a language redraws the screen in it and the picker keeps the focus.

use crate::account::{self, Section, SectionAction};
use crate::icons::Icon;
use crate::io::browser;
use crate::markup::{
    self, actions, form_error, html, icon, input_field, text_area_field, FormValues, Markup,
    Mounted, Used,
};
use crate::model::changes;
use crate::parts::security;
use crate::state::use_app;
use crate::sync::view as sync_view;
use crate::words::{code, language_from_code, own_name, text, use_i18n, Language, Text, LANGUAGES};
use leptos::prelude::*;
use peerline_core::{Profile, RecordKind};
use serde_json::json;

actions! {
    /// What More's controls do.
    pub(crate) enum Action {
        /// The language picker changed.
        Language = "language",
        SaveProfile = "save-profile",
        Export = "export-data",
        DeleteAll = "delete-all",
        DeleteAllConfirm = "delete-all-confirm",
        DeleteAllCancel = "delete-all-cancel",
        Account { action: SectionAction } = "account",
        Security { action: security::Action } = "security",
    }
}

/// What the screen remembers between taps.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Local {
    /// Why the profile did not save, in words.
    pub(crate) error: Option<String>,
    /// The profile was just saved.
    pub(crate) saved: bool,
    /// The delete-everything warning is open.
    pub(crate) confirm: bool,
    /// Everything was deleted.
    pub(crate) done: bool,
    /// The account box's warning about unsynced changes is open.
    pub(crate) confirm_log_out: bool,
}

/// Everything More shows.
pub(crate) struct Model<'a> {
    pub(crate) language: Language,
    pub(crate) profile: &'a Profile,
    pub(crate) local: &'a Local,
    pub(crate) account: &'a Section,
    /// The password and the sessions, while a session lives.
    pub(crate) security: Option<&'a security::Model<'a>>,
}

/// Shows More in `element`, following the profile, the account and the language.
pub(crate) fn mount(element: web_sys::Element) -> Mounted {
    let i18n = use_i18n();
    let app = use_app();
    let local = RwSignal::new(Local::default());
    let security = security::Security::start();
    markup::mount(
        element,
        move || {
            local.with(|local| {
                let account = account::section(local.confirm_log_out);
                let secure = security.local();
                let secure = secure.as_ref().map(|local| security::Model {
                    local,
                    moment: &sync_view::moment_text,
                });
                render(&Model {
                    language: i18n.language(),
                    profile: &app.profile(),
                    local,
                    account: &account,
                    security: secure.as_ref(),
                })
            })
        },
        move |action, used: &Used| {
            let mut next = local.get_untracked();
            match action {
                Action::Language => {
                    if let Some(language) = language_from_code(&used.value()) {
                        let _ = app.choose_language(language);
                    }
                }
                Action::SaveProfile => {
                    if let Some(fields) = used.fields() {
                        let error = app.save(profile_change(app.profile_id(), &fields)).err();
                        next.saved = error.is_none();
                        next.error = error;
                    }
                }
                Action::Export => {
                    let now = browser::now();
                    let document = app.export(now);
                    let text = serde_json::to_string_pretty(&document).unwrap_or_default();
                    let today = peerline_core::wire_time::date_text(now.date_naive());
                    let _ = browser::download(
                        &format!("peerline-{today}.json"),
                        "application/json",
                        &text,
                    );
                }
                Action::DeleteAll => next.confirm = true,
                Action::DeleteAllConfirm => {
                    app.delete_everything();
                    next.confirm = false;
                    next.done = true;
                }
                Action::DeleteAllCancel => next.confirm = false,
                Action::Account { action } => {
                    let pending = untrack(|| account::section(false).pending);
                    next.confirm_log_out = account::update_section(action, pending);
                }
                Action::Security { action } => security.update(action, used),
            }
            if local.with_untracked(|local| *local != next) {
                local.set(next);
            }
        },
    )
}

/// The profile the form describes, as the change that stores it.
fn profile_change(id: uuid::Uuid, fields: &dyn FormValues) -> crate::store::Change {
    let record = json!({
        "display_name": fields.text("display_name").trim(),
        "phone": changes::optional_text(&fields.text("phone")),
        "away_message": changes::optional_text(&fields.text("away_message")),
        "show_limits_to_service_users": fields.checked("show_limits"),
    });
    changes::set(
        RecordKind::Profile,
        id,
        record.as_object().cloned().unwrap_or_default(),
    )
}

/// The whole screen.
pub(crate) fn render(model: &Model) -> Markup {
    let language = model.language;
    let say = |key| text(language, key);
    let (profile, local) = (model.profile, model.local);
    html! {
        h1 { (say(Text::MoreTitle)) }
        a.card.list-item href="/checkin" data-testid="checkin-link" {
            span.list-main { (say(Text::CheckinTitle)) }
            span.small.muted { (say(Text::CheckinTeaser)) }
        }
        section.card {
            h2 { (say(Text::SettingsTitle)) }
            label.field {
                span { (say(Text::Language)) }
                select name="language" data-testid="language-select" data-action=(Action::Language) {
                    @for option in LANGUAGES {
                        option value=(code(option)) selected[option == language] { (own_name(option)) }
                    }
                }
            }
        }
        form.card novalidate data-testid="profile-form" data-action=(Action::SaveProfile) {
            h2 { (say(Text::Profile)) }
            (input_field(say(Text::YourName), "text", "display_name", "profile-name", &profile.display_name))
            (input_field(say(Text::Phone), "tel", "phone", "profile-phone", profile.phone.as_deref().unwrap_or_default()))
            (text_area_field(say(Text::AwayMessage), "away_message", "profile-away-message",
                profile.away_message.as_deref().unwrap_or_default()))
            label.check {
                input type="checkbox" name="show_limits" data-testid="profile-show-limits"
                    checked[profile.show_limits_to_service_users];
                span { (say(Text::ShowLimits)) }
            }
            (form_error(local.error.as_deref()))
            button.btn.btn-primary type="submit" data-testid="save-profile" { (say(Text::Save)) }
            @if local.saved {
                p.small.muted role="status" { (say(Text::SavedOnPhone)) }
            }
        }
        (your_data(language, local))
        (account::render_section(language, model.account, |action| Action::Account { action }))
        @if let Some(secure) = model.security {
            (security::render(language, secure, |action| Action::Security { action }))
        }
    }
}

/// Export and delete-everything (which asks first).
fn your_data(language: Language, local: &Local) -> Markup {
    let say = |key| text(language, key);
    html! {
        section.card {
            h2 { (say(Text::YourData)) }
            p.hint { (say(Text::ExportHint)) }
            div.btn-row {
                button.btn type="button" data-testid="export-data" data-action=(Action::Export) {
                    (icon(Icon::Download)) (say(Text::ExportData))
                }
            }
            p.hint { (say(Text::DeleteHint)) }
            div.btn-row {
                @if local.confirm {
                    p.notice.notice-error role="alert" { (say(Text::DeleteAllWarning)) }
                    button.btn.btn-danger type="button" data-testid="delete-all-confirm" data-action=(Action::DeleteAllConfirm) {
                        (say(Text::DeleteAllConfirm))
                    }
                    button.btn type="button" data-testid="delete-all-cancel" data-action=(Action::DeleteAllCancel) {
                        (say(Text::Cancel))
                    }
                } @else {
                    button.btn.btn-danger type="button" data-testid="delete-all" data-action=(Action::DeleteAll) {
                        (say(Text::DeleteAllData))
                    }
                }
            }
            @if local.done {
                p.small.muted role="status" { (say(Text::AllDeleted)) }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::testing::drawn;
    use crate::markup::Table;

    fn more(profile: &Profile, local: &Local) -> String {
        let account = Section {
            user: None,
            pending: 0,
            confirming: false,
        };
        render(&Model {
            language: Language::En,
            profile,
            local,
            account: &account,
            security: None,
        })
        .into_string()
    }

    #[test]
    fn the_profile_shows_the_stored_values_escaped_once() {
        let mut profile = Profile::with_defaults(uuid::Uuid::nil());
        profile.display_name = "<b>&\"".into();
        profile.away_message = Some("Away </textarea> & back".into());
        profile.show_limits_to_service_users = true;
        let saved = Local {
            saved: true,
            ..Local::default()
        };
        let html = more(&profile, &saved);
        assert!(html.contains("value=\"&lt;b&gt;&amp;&quot;\""), "{html}");
        // The newline after `<textarea>` is the one the HTML parser drops.
        assert!(
            html.contains(">\nAway &lt;/textarea&gt; &amp; back</textarea>"),
            "{html}"
        );
        assert!(
            html.contains("data-testid=\"profile-show-limits\" checked>"),
            "{html}"
        );
        assert!(html.contains("role=\"status\""));
        assert!(!html.contains("form-error"));
        assert!(html.contains("<option value=\"en\" selected>"), "{html}");
    }

    #[test]
    fn every_action_drawn_is_handled_and_deleting_everything_asks_first() {
        let profile = Profile::with_defaults(uuid::Uuid::nil());
        let calm = more(&profile, &Local::default());
        let actions = drawn::<Action>(&calm);
        assert_eq!(
            actions,
            [
                Action::Language,
                Action::SaveProfile,
                Action::Export,
                Action::DeleteAll
            ]
        );
        let asking = Local {
            confirm: true,
            ..Local::default()
        };
        let asking = drawn::<Action>(&more(&profile, &asking));
        assert!(
            asking.contains(&Action::DeleteAllConfirm) && asking.contains(&Action::DeleteAllCancel)
        );
        assert!(!asking.contains(&Action::DeleteAll));
    }

    #[test]
    fn a_save_reads_the_profile_from_the_form() {
        let fields = Table(&[
            ("display_name", " Per "),
            ("phone", ""),
            ("away_message", "Back Monday"),
            ("show_limits", "on"),
        ]);
        let change = format!("{:?}", profile_change(uuid::Uuid::nil(), &fields));
        for part in [
            "\"Per\"",
            "\"phone\": Null",
            "\"Back Monday\"",
            "\"show_limits_to_service_users\": Bool(true)",
        ] {
            assert!(change.contains(part), "{part} in {change}");
        }
    }
}
