//! More: the weekly check-in, and settings: language, profile, export of all my data, and
//! deleting all local data.

use crate::i18n::{tr, use_i18n, Key, Locale};
use crate::icons::{Icon, Svg};
use crate::io::browser;
use crate::model::changes;
use crate::routes::availability::report;
use crate::state::use_app;
use crate::widgets::{Check, FormError, TextArea, TextField};
use leptos::prelude::*;
use peerline_core::RecordKind;
use serde_json::json;

#[component]
pub(crate) fn More() -> impl IntoView {
    view! {
        <h1>{tr(Key::MoreTitle)}</h1>
        <a class="card list-item" href="/checkin" data-testid="checkin-link">
            <span class="list-main">{tr(Key::CheckinTitle)}</span>
            <span class="small muted">{tr(Key::CheckinTeaser)}</span>
        </a>
        <Language />
        <ProfileForm />
        <YourData />
        {crate::account::account_section()}
    }
}

#[component]
fn Language() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let options = Locale::ALL.map(|locale| {
        view! {
            <option value=locale.code() selected=move || i18n.locale() == locale>
                {locale.own_name()}
            </option>
        }
    });
    view! {
        <section class="card">
            <h2>{tr(Key::SettingsTitle)}</h2>
            <label class="field">
                <span>{tr(Key::Language)}</span>
                <select
                    data-testid="language-select"
                    on:change=move |event| {
                        if let Some(locale) = Locale::from_code(&event_target_value(&event)) {
                            let _ = app.choose_locale(locale);
                        }
                    }
                >
                    {options}
                </select>
            </label>
        </section>
    }
}

#[component]
fn ProfileForm() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let profile = untrack(|| app.profile());
    let name = RwSignal::new(profile.display_name.clone());
    let phone = RwSignal::new(profile.phone.clone().unwrap_or_default());
    let away = RwSignal::new(profile.away_message.clone().unwrap_or_default());
    let show_limits = RwSignal::new(profile.show_limits_to_service_users);
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let fields = json!({
            "display_name": name.get_untracked().trim(),
            "phone": changes::optional_text(&phone.get_untracked()),
            "away_message": changes::optional_text(&away.get_untracked()),
            "show_limits_to_service_users": show_limits.get_untracked(),
        });
        let fields = fields.as_object().cloned().unwrap_or_default();
        report(
            app.write(changes::set(RecordKind::Profile, app.profile_id(), fields)),
            error,
            i18n,
        );
        saved.set(error.get_untracked().is_none());
    };
    view! {
        <form class="card" on:submit=save novalidate data-testid="profile-form">
            <h2>{tr(Key::Profile)}</h2>
            <TextField label=Key::YourName value=name test_id="profile-name" />
            <TextField label=Key::Phone value=phone kind="tel" test_id="profile-phone" />
            <TextArea label=Key::AwayMessage value=away test_id="profile-away-message" />
            <Check label=Key::ShowLimits value=show_limits test_id="profile-show-limits" />
            <FormError error />
            <button type="submit" class="btn btn-primary" data-testid="save-profile">{tr(Key::Save)}</button>
            <Show when=move || saved.get()>
                <p class="small muted" role="status">{tr(Key::SavedOnPhone)}</p>
            </Show>
        </form>
    }
}

#[component]
fn YourData() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let confirm = RwSignal::new(false);
    let done = RwSignal::new(false);
    let export = move |_| {
        let now = browser::now();
        let document = app.export(now);
        let text = serde_json::to_string_pretty(&document).unwrap_or_default();
        let name = format!("peerline-{}.json", now.format("%Y-%m-%d"));
        let _ = browser::download(&name, "application/json", &text);
    };
    let delete = move |_| {
        app.delete_everything();
        confirm.set(false);
        done.set(true);
    };
    view! {
        <section class="card">
            <h2>{tr(Key::YourData)}</h2>
            <p class="hint">{tr(Key::ExportHint)}</p>
            <div class="btn-row">
                <button type="button" class="btn" data-testid="export-data" on:click=export>
                    <Svg icon=Icon::Download />
                    {tr(Key::ExportData)}
                </button>
            </div>
            <p class="hint">{tr(Key::DeleteHint)}</p>
            <div class="btn-row">
                <Show
                    when=move || confirm.get()
                    fallback=move || view! {
                        <button type="button" class="btn btn-danger" data-testid="delete-all" on:click=move |_| { confirm.set(true); done.set(false); }>
                            {i18n.t(Key::DeleteAllData)}
                        </button>
                    }
                >
                    <p class="notice notice-error" role="alert">{tr(Key::DeleteAllWarning)}</p>
                    <button type="button" class="btn btn-danger" data-testid="delete-all-confirm" on:click=delete>
                        {tr(Key::DeleteAllConfirm)}
                    </button>
                    <button type="button" class="btn" data-testid="delete-all-cancel" on:click=move |_| confirm.set(false)>
                        {tr(Key::Cancel)}
                    </button>
                </Show>
            </div>
            <Show when=move || done.get()>
                <p class="small muted" role="status">{tr(Key::AllDeleted)}</p>
            </Show>
        </section>
    }
}
