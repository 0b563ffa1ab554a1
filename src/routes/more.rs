//! More: the weekly check-in, and settings: language, profile (with my kind reply, previewed as
//! a real service user would get it now), what the browser keeps of my data and its size, export
//! and deletion of all my data, the account box with the password and sessions (`parts::security`).
//!
//! In the screen shape (`markup`): the profile form's fields start from the stored profile and
//! keep what is typed (the redraw never touches a field the worker changed); a save reads them
//! through the form. Choosing a language redraws the screen in it and the picker keeps the focus.

use crate::account::{self, Section, SectionAction};
use crate::icons::Icon;
use crate::io::browser;
use crate::io::storage::{self, Keeping};
use crate::markup::{
    self, actions, form_error, html, icon, input_field, text_area_field, FormValues, Markup,
    Mounted, Used,
};
use crate::model::changes;
use crate::parts::security;
use crate::state::use_app;
use crate::sync::view as sync_view;
use crate::words::{
    code, compare_names, language_from_code, message, own_name, text, use_i18n, Language, Message,
    Text, LANGUAGES,
};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use peerline_core::{default_kind_reply, kind_reply_with, Profile, RecordKind, Status, WorkerData};
use serde_json::{json, Value};

actions! {
    /// What More's controls do.
    pub(crate) enum Action {
        /// The language picker changed.
        Language = "language",
        SaveProfile = "save-profile",
        /// The kind reply's text changed: the preview follows.
        KindReplyTyped = "kind-reply-typed",
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
    /// The kind reply as typed so far (`None`: untouched), for the preview.
    pub(crate) kind_draft: Option<String>,
    /// What the browser says it keeps, asked as the screen opens (`None`: no answer).
    pub(crate) keeping: Option<Keeping>,
}

/// The kind reply as a service user would get it now: to whom, and the text filled in.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct KindPreview {
    pub(crate) name: String,
    pub(crate) text: String,
}

/// Everything More shows.
pub(crate) struct Model<'a> {
    pub(crate) language: Language,
    pub(crate) profile: &'a Profile,
    /// The preview of the kind reply; `None` without an active service user.
    pub(crate) kind_preview: Option<&'a KindPreview>,
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
    let data = app.today_data();
    // Asked afresh each time More opens: the space used changes with every write.
    leptos::task::spawn_local(async move {
        let keeping = storage::keeping(false).await;
        local.try_update(|local| local.keeping = keeping);
    });
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
                let profile = app.profile();
                let template = local
                    .kind_draft
                    .clone()
                    .unwrap_or_else(|| kind_reply_text(&profile));
                let preview = data.with(|data| kind_preview(data, &template, app.now()));
                render(&Model {
                    language: i18n.language(),
                    profile: &profile,
                    kind_preview: preview.as_ref(),
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
                        let profile = untrack(|| app.profile());
                        let error = app.save(profile_change(&profile, &fields)).err();
                        next.saved = error.is_none();
                        next.error = error;
                    }
                }
                Action::KindReplyTyped => next.kind_draft = Some(used.value()),
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

/// The profile the form describes, as the change that stores it. A kind reply left empty or as
/// the default text is stored as none, so the default keeps following the profile's language.
fn profile_change(profile: &Profile, fields: &dyn FormValues) -> peerline_store::Change {
    let kind_reply = fields.text("kind_reply");
    let is_default = kind_reply.trim() == default_kind_reply(profile.language).trim();
    let record = json!({
        "display_name": fields.text("display_name").trim(),
        "phone": changes::optional_text(&fields.text("phone")),
        "away_message": changes::optional_text(&fields.text("away_message")),
        "show_limits_to_service_users": fields.checked("show_limits"),
        "kind_reply": if is_default { Value::Null } else { changes::optional_text(&kind_reply) },
    });
    changes::set(
        RecordKind::Profile,
        profile.id,
        record.as_object().cloned().unwrap_or_default(),
    )
}

/// The kind reply the form shows: the worker's own, else the default text of their language.
fn kind_reply_text(profile: &Profile) -> String {
    let own = profile.kind_reply.as_deref();
    own.unwrap_or_else(|| default_kind_reply(profile.language))
        .to_owned()
}

/// `template` filled in for the first active service user by name, as if sent now (an empty
/// template is the default text, as when saved).
fn kind_preview(data: &WorkerData, template: &str, now: DateTime<Utc>) -> Option<KindPreview> {
    let template = match template.trim() {
        "" => default_kind_reply(data.profile().language),
        _ => template,
    };
    let person = data
        .contacts()
        .filter(|c| c.is_service_user() && c.status == Status::Active)
        .min_by(|a, b| compare_names(&a.name, &b.name))?;
    Some(KindPreview {
        name: person.name.clone(),
        text: kind_reply_with(data, person.id, now, template)?,
    })
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
            (kind_reply(language, profile, model.kind_preview))
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

/// My kind reply: its text (typed into, the preview follows), what its placeholders mean, and
/// the preview.
fn kind_reply(language: Language, profile: &Profile, preview: Option<&KindPreview>) -> Markup {
    let say = |key| text(language, key);
    html! {
        label.field {
            span { (say(Text::KindReply)) }
            textarea name="kind_reply" data-testid="profile-kind-reply" rows="4"
                data-action=(Action::KindReplyTyped) { "\n" (kind_reply_text(profile)) }
        }
        p.hint { (say(Text::KindReplyHint)) }
        @if let Some(preview) = preview {
            div.notice.notice-info data-testid="kind-reply-preview" {
                (icon(Icon::Message))
                div {
                    p.small { (message(language, Message::KindReplyPreview(&preview.name))) }
                    p.prewrap { (preview.text) }
                }
            }
        }
    }
}

/// Whether the browser keeps the data and the space it takes (each only as the browser says),
/// export, and delete-everything (which asks first).
fn your_data(language: Language, local: &Local) -> Markup {
    let say = |key| text(language, key);
    html! {
        section.card {
            h2 { (say(Text::YourData)) }
            @if let Some(keeping) = local.keeping {
                p data-testid="storage-kept" {
                    (say(if keeping.kept { Text::StorageKept } else { Text::StorageMayClear }))
                }
                @if let Some((usage, quota)) = keeping.usage {
                    p.hint data-testid="storage-used" {
                        (message(language, Message::StorageUsed { usage, quota }))
                    }
                }
            }
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
        let preview = KindPreview {
            name: "<b>Ola".into(),
            text: "Hi <b>Ola! & bye".into(),
        };
        render(&Model {
            language: Language::En,
            profile,
            kind_preview: Some(&preview),
            local,
            account: &account,
            security: None,
        })
        .into_string()
    }

    /// Each case: what the browser said => the lines More shows about it.
    #[test]
    fn more_says_what_the_browser_keeps_and_nothing_it_did_not_say() {
        let profile = Profile::with_defaults(uuid::Uuid::nil());
        let kept = Keeping {
            kept: true,
            usage: Some((1_240_000, 300_000_000_000)),
        };
        let evictable = Keeping {
            kept: false,
            usage: None,
        };
        let cases: [(Option<Keeping>, &[&str], &[&str]); 3] = [
            (
                Some(kept),
                &[
                    "The browser keeps the data on this phone.",
                    "About 1.2 MB used of 300 GB.",
                ],
                &["may clear"],
            ),
            (
                Some(evictable),
                &["The browser may clear the data on this phone when space runs low."],
                &["storage-used", "keeps the data"],
            ),
            (None, &[], &["storage-kept", "storage-used"]),
        ];
        for (keeping, shown, not_shown) in cases {
            let local = Local {
                keeping,
                ..Local::default()
            };
            let html = more(&profile, &local);
            for line in shown {
                assert!(html.contains(line), "{line} in {html}");
            }
            for line in not_shown {
                assert!(!html.contains(line), "{line} in {html}");
            }
        }
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
                Action::KindReplyTyped,
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
            ("kind_reply", " Hei {name}, {next}. "),
        ]);
        let profile = Profile::with_defaults(uuid::Uuid::nil());
        let change = format!("{:?}", profile_change(&profile, &fields));
        for part in [
            "\"Per\"",
            "\"phone\": Null",
            "\"Back Monday\"",
            "\"show_limits_to_service_users\": Bool(true)",
            "\"kind_reply\": String(\"Hei {name}, {next}.\")",
        ] {
            assert!(change.contains(part), "{part} in {change}");
        }
    }

    /// Each case: the kind reply typed => whether it is stored as the worker's own.
    #[test]
    fn a_kind_reply_left_as_the_default_or_empty_stays_the_default() {
        let profile = Profile::with_defaults(uuid::Uuid::nil());
        let default = default_kind_reply(profile.language);
        let padded = format!("\n{default}  ");
        for (typed, stored) in [
            (default, "Null"),
            (padded.as_str(), "Null"),
            ("  ", "Null"),
            ("Hei {name}!", "String(\"Hei {name}!\")"),
        ] {
            let fields = [("kind_reply", typed)];
            let change = profile_change(&profile, &Table(&fields));
            let written = format!("{:?}", change.set.get("kind_reply"));
            assert_eq!(written, format!("Some({stored})"), "{typed:?}");
        }
    }

    #[test]
    fn the_kind_reply_shows_the_default_until_it_is_my_own_and_its_preview_escaped() {
        let mut profile = Profile::with_defaults(uuid::Uuid::nil());
        let html = more(&profile, &Local::default());
        let default = default_kind_reply(profile.language);
        assert!(html.contains(&format!(">\n{default}</textarea>")), "{html}");
        assert!(html.contains("data-testid=\"kind-reply-preview\""));
        assert!(html.contains("To &lt;b&gt;Ola, now:"), "{html}");
        assert!(html.contains(">Hi &lt;b&gt;Ola! &amp; bye</p>"), "{html}");
        profile.kind_reply = Some("Mine </textarea>".into());
        let html = more(&profile, &Local::default());
        assert!(
            html.contains(">\nMine &lt;/textarea&gt;</textarea>"),
            "{html}"
        );
    }
}
