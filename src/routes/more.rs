//! More: the weekly check-in, and settings: language, profile, export of all my data, and
//! deleting all local data.
//!
//! Drawn as text (`more_html`, tested on the host) in one container with one handler per kind of
//! event. The text is drawn again when the language changes or a button changes what the screen
//! says; what was typed in the profile form comes along (it is kept as it is typed), and a save
//! fills the form's error and status slots without drawing the form again.

use crate::icons::Icon;
use crate::io::browser;
use crate::markup::legacy::{
    button, check, clicks, form_error, icon, live, set_part, text_area, text_field, Fields,
};
use crate::model::changes;
use crate::state::use_app;
use crate::words::{code, language_from_code, own_name, text, use_i18n, Language, Text, LANGUAGES};
use leptos::prelude::*;
use peerline_core::RecordKind;
use serde_json::json;
use std::fmt::Write;
use wasm_bindgen::JsCast;

/// The profile form's values as the worker left them (saved or not).
#[derive(Clone, Debug, Default, PartialEq)]
struct Draft {
    name: String,
    phone: String,
    away: String,
    show_limits: bool,
}

impl Draft {
    fn of(fields: &Fields) -> Draft {
        Draft {
            name: fields.text("profile-name"),
            phone: fields.text("profile-phone"),
            away: fields.text("profile-away-message"),
            show_limits: fields.checked("profile-show-limits"),
        }
    }
}

/// What the screen shows besides the profile's values.
#[derive(Clone, Copy, Default)]
struct Shown {
    /// The delete-everything warning is open.
    confirm: bool,
    /// Everything was deleted.
    done: bool,
}

fn saved_html(language: Language, saved: bool) -> String {
    if saved {
        format!(
            "<p class=\"small muted\" role=\"status\">{}</p>",
            text(language, Text::SavedOnPhone)
        )
    } else {
        String::new()
    }
}

fn profile_html(language: Language, draft: &Draft, error: Option<&str>, saved: bool) -> String {
    let say = |key| text(language, key);
    format!(
        "<form class=\"card\" novalidate data-testid=\"profile-form\"><h2>{}</h2>{}{}{}{}\
         <div data-part=\"error\">{}</div>\
         <button type=\"submit\" class=\"btn btn-primary\" data-testid=\"save-profile\">{}</button>\
         <div data-part=\"saved\">{}</div></form>",
        say(Text::Profile),
        text_field(say(Text::YourName), "text", "profile-name", &draft.name),
        text_field(say(Text::Phone), "tel", "profile-phone", &draft.phone),
        text_area(
            say(Text::AwayMessage),
            "profile-away-message",
            "profile-away-message",
            &draft.away,
        ),
        check(
            say(Text::ShowLimits),
            "profile-show-limits",
            "profile-show-limits",
            draft.show_limits,
        ),
        form_error(error),
        say(Text::Save),
        saved_html(language, saved),
    )
}

fn your_data_html(language: Language, shown: Shown) -> String {
    let say = |key| text(language, key);
    let mut html = format!(
        "<section class=\"card\"><h2>{}</h2><p class=\"hint\">{}</p><div class=\"btn-row\">{}</div>\
         <p class=\"hint\">{}</p><div class=\"btn-row\">",
        say(Text::YourData),
        say(Text::ExportHint),
        button(
            "",
            "export-data",
            &format!("{}{}", icon(Icon::Download), say(Text::ExportData)),
            false
        ),
        say(Text::DeleteHint),
    );
    if shown.confirm {
        let _ = write!(
            html,
            "<p class=\"notice notice-error\" role=\"alert\">{}</p>{}{}",
            say(Text::DeleteAllWarning),
            button(
                "btn-danger",
                "delete-all-confirm",
                say(Text::DeleteAllConfirm),
                false
            ),
            button("", "delete-all-cancel", say(Text::Cancel), false),
        );
    } else {
        html.push_str(&button(
            "btn-danger",
            "delete-all",
            say(Text::DeleteAllData),
            false,
        ));
    }
    html.push_str("</div>");
    if shown.done {
        let _ = write!(
            html,
            "<p class=\"small muted\" role=\"status\">{}</p>",
            say(Text::AllDeleted)
        );
    }
    html.push_str("</section>");
    html
}

/// The screen above the account box.
fn more_html(
    language: Language,
    draft: &Draft,
    error: Option<&str>,
    saved: bool,
    shown: Shown,
) -> String {
    let say = |key| text(language, key);
    let mut options = String::new();
    for option in LANGUAGES {
        let _ = write!(
            options,
            "<option value=\"{}\"{}>{}</option>",
            code(option),
            if option == language { " selected" } else { "" },
            own_name(option)
        );
    }
    format!(
        "<h1>{}</h1><a class=\"card list-item\" href=\"/checkin\" data-testid=\"checkin-link\">\
         <span class=\"list-main\">{}</span><span class=\"small muted\">{}</span></a>\
         <section class=\"card\"><h2>{}</h2><label class=\"field\"><span>{}</span>\
         <select name=\"language\" data-testid=\"language-select\">{options}</select></label></section>{}{}",
        say(Text::MoreTitle),
        say(Text::CheckinTitle),
        say(Text::CheckinTeaser),
        say(Text::SettingsTitle),
        say(Text::Language),
        profile_html(language, draft, error, saved),
        your_data_html(language, shown),
    )
}

/// The element an event happened on.
fn target_of(event: &web_sys::Event) -> Option<web_sys::Element> {
    event.target()?.dyn_into().ok()
}

/// Puts the focus back on the language menu once the screen is drawn in the new language.
fn refocus_language() {
    request_animation_frame(|| {
        let menu = document().query_selector("[data-testid=\"language-select\"]");
        if let Ok(Some(menu)) = menu {
            let _ = menu.unchecked_into::<web_sys::HtmlElement>().focus();
        }
    });
}

#[component]
pub(crate) fn More() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let profile = untrack(|| app.profile());
    let draft = RwSignal::new(Draft {
        name: profile.display_name.clone(),
        phone: profile.phone.clone().unwrap_or_default(),
        away: profile.away_message.clone().unwrap_or_default(),
        show_limits: profile.show_limits_to_service_users,
    });
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let shown = RwSignal::new(Shown::default());

    let language = move |event: web_sys::Event| {
        let Some(menu) = target_of(&event) else {
            return;
        };
        if menu.get_attribute("name").as_deref() != Some("language") {
            return;
        }
        if let Some(language) = language_from_code(&event_target_value(&event)) {
            let _ = app.choose_language(language);
            refocus_language();
        }
    };
    // Kept as typed, so that drawing the screen again keeps it.
    let typed = move |event: web_sys::Event| {
        let form = target_of(&event).and_then(|target| target.closest("form").ok().flatten());
        if let Some(form) = form {
            if let Some(fields) = Fields::in_form(form.unchecked_into()) {
                draft.set(Draft::of(&fields));
            }
        }
    };
    let save = move |event: web_sys::SubmitEvent| {
        let Some(form) = Fields::of(&event) else {
            return;
        };
        let values = Draft::of(&form);
        let fields = json!({
            "display_name": values.name.trim(),
            "phone": changes::optional_text(&values.phone),
            "away_message": changes::optional_text(&values.away),
            "show_limits_to_service_users": values.show_limits,
        });
        let fields = fields.as_object().cloned().unwrap_or_default();
        let said = app
            .save(changes::set(RecordKind::Profile, app.profile_id(), fields))
            .err();
        let language = untrack(|| i18n.language());
        set_part(&form.form, "error", &form_error(said.as_deref()));
        set_part(&form.form, "saved", &saved_html(language, said.is_none()));
        draft.set(values);
        saved.set(said.is_none());
        error.set(said);
    };
    let click = clicks(move |action| match action {
        "export-data" => {
            let now = browser::now();
            let document = app.export(now);
            let text = serde_json::to_string_pretty(&document).unwrap_or_default();
            let today = peerline_core::wire_time::date_text(now.date_naive());
            let name = format!("peerline-{today}.json");
            let _ = browser::download(&name, "application/json", &text);
        }
        "delete-all" => shown.set(Shown {
            confirm: true,
            done: false,
        }),
        "delete-all-confirm" => {
            app.delete_everything();
            shown.set(Shown {
                confirm: false,
                done: true,
            });
        }
        "delete-all-cancel" => shown.update(|shown| shown.confirm = false),
        _ => {}
    });
    // Follows the language and the buttons; the profile's values and its slots are read as they
    // are now, without following them (a save fills the slots itself).
    let html = move || {
        let shown = shown.get();
        let language = i18n.language();
        untrack(|| {
            more_html(
                language,
                &draft.get(),
                error.get().as_deref(),
                saved.get(),
                shown,
            )
        })
    };
    view! {
        <div on:change=language on:input=typed on:submit=save on:click=click inner_html=live(html)></div>
        {crate::account::account_section()}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_profile_shows_what_was_typed_escaped_once() {
        let draft = Draft {
            name: "<b>&\"".into(),
            phone: String::new(),
            away: "Away </textarea> & back".into(),
            show_limits: true,
        };
        let html = more_html(Language::En, &draft, None, true, Shown::default());
        assert!(html.contains("value=\"&lt;b&gt;&amp;&quot;\""));
        // The newline after `<textarea>` is the one the HTML parser drops (markup::text_area).
        assert!(html.contains(">\nAway &lt;/textarea&gt; &amp; back</textarea>"));
        assert!(html.contains("data-testid=\"profile-show-limits\" checked>"));
        assert!(html.contains("role=\"status\""));
        assert!(!html.contains("form-error"));
        assert!(html.contains("<option value=\"en\" selected>"));
    }

    #[test]
    fn deleting_everything_asks_first() {
        let calm = your_data_html(Language::En, Shown::default());
        assert!(
            calm.contains("data-testid=\"delete-all\"") && !calm.contains("delete-all-confirm")
        );
        let asking = your_data_html(
            Language::En,
            Shown {
                confirm: true,
                done: false,
            },
        );
        assert!(asking.contains("delete-all-confirm") && asking.contains("delete-all-cancel"));
        assert!(!asking.contains("data-testid=\"delete-all\""));
    }
}
