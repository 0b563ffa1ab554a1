//! The sync status in the header: a badge with an icon and words (never colour alone) that opens a
//! panel with the details: why the last try failed and when the next is, the last good sync, the
//! changes the server would not take, and "Sync now" or "Log in".
//!
//! The panel's text is one string (`panel_html`, tested on the host) and its buttons are shown or
//! hidden by attribute: every reactive view closure costs about a kilobyte and a half of WASM.

use super::plan::{indicator, Facts, Indicator, SyncState};
use super::use_sync;
use crate::i18n::{text, use_i18n, when, Key, Locale};
use crate::icons::Icon;
use crate::markup::{self, button, clicks, live};
use crate::model::time;
use crate::session::{use_account, Role};
use crate::state::use_app;
use crate::words::{format, word, Wf, W};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use peerline_core::RecordKind;
use peerline_share::html::escape;
use std::fmt::Write;

/// "kl. 14:02", "tomorrow 09:30", or a date, in the worker's zone (Europe/Oslo for coordinators).
pub(crate) fn moment_text(at: DateTime<Utc>) -> String {
    let app = use_app();
    let i18n = use_i18n();
    let zone = app.profile().timezone;
    when::moment(
        i18n.locale(),
        time::local(zone, at),
        time::local(zone, app.now()),
    )
}

fn icon_of(shown: Indicator) -> Icon {
    match shown {
        Indicator::Synced { .. } => Icon::Reachable,
        Indicator::Offline { .. } => Icon::Offline,
        Indicator::Problem { .. } | Indicator::LogInAgain { .. } => Icon::Alert,
        _ => Icon::Refresh,
    }
}

/// The badge's words.
pub(crate) fn badge_text(
    locale: Locale,
    shown: Indicator,
    moment: &dyn Fn(DateTime<Utc>) -> String,
) -> String {
    match shown {
        Indicator::SignedOut => word(locale, W::LogInToSync).to_owned(),
        Indicator::LogInAgain { .. } => word(locale, W::LogInAgain).to_owned(),
        Indicator::Offline { pending } => format(locale, Wf::Offline(pending)),
        Indicator::Syncing => word(locale, W::Syncing).to_owned(),
        Indicator::Problem { .. } => word(locale, W::SyncProblem).to_owned(),
        Indicator::Waiting { pending } => format(locale, Wf::Waiting(pending)),
        Indicator::Synced { at } => format(locale, Wf::Synced(&moment(at))),
        Indicator::NotYet => word(locale, W::NotSyncedYet).to_owned(),
    }
}

fn kind_word(kind: RecordKind) -> W {
    match kind {
        RecordKind::Contact => W::KindContact,
        RecordKind::Log => W::KindLog,
        RecordKind::Profile => W::KindProfile,
        RecordKind::Availability => W::KindAvailability,
        RecordKind::DateOverride => W::KindDateOverride,
        RecordKind::Absence => W::KindAbsence,
        RecordKind::Checkin => W::KindCheckin,
        RecordKind::CoverRequest => W::KindCoverRequest,
        RecordKind::CoverOffer => W::KindCoverOffer,
        RecordKind::AgendaItem => W::KindAgendaItem,
    }
}

fn reason_word(code: &str) -> W {
    match code {
        "forbidden" => W::RejectedForbidden,
        "clock_skew" | "invalid_hlc" => W::RejectedClockSkew,
        "unknown_kind" | "unknown_field" => W::RejectedUnknown,
        _ => W::RejectedOther,
    }
}

/// What the panel shows besides the sync state.
pub(crate) struct PanelFacts {
    pub(crate) pending: usize,
    pub(crate) signed_in: bool,
    pub(crate) coordinator: bool,
    pub(crate) online: bool,
}

/// The panel: the problem and the next try, what waits, the last sync, the changes the server did
/// not take (which record, and why), and the buttons. Server messages and labels are escaped.
pub(crate) fn panel_html(
    locale: Locale,
    state: &SyncState,
    facts: &PanelFacts,
    moment: &dyn Fn(DateTime<Utc>) -> String,
) -> String {
    let mut html = String::from("<div class=\"notice notice-info sync-panel\"><div>");
    if let Some(problem) = &state.problem {
        let mut text = match problem.status {
            None => word(locale, W::ProblemNetwork).to_owned(),
            Some(status) => format(locale, Wf::ServerError(status)),
        };
        if let Some(message) = &problem.message {
            let _ = write!(text, " {}", escape(message));
        }
        if let Some(next) = problem.next_try {
            let _ = write!(text, " {}", format(locale, Wf::NextTry(&moment(next))));
        }
        let _ = write!(html, "<p data-testid=\"sync-problem\">{text}</p>");
    }
    if facts.pending > 0 {
        let _ = write!(
            html,
            "<p>{}</p>",
            format(locale, Wf::Waiting(facts.pending))
        );
    }
    if let Some(at) = state.last_synced_at {
        let _ = write!(
            html,
            "<p class=\"small\">{}</p>",
            format(locale, Wf::LastSync(&moment(at)))
        );
    }
    if !state.rejected.is_empty() {
        let _ = write!(
            html,
            "<div role=\"alert\" data-testid=\"rejected-changes\"><p>{}</p><ul class=\"list\">",
            word(locale, W::Rejected)
        );
        for change in &state.rejected {
            let kind = word(locale, kind_word(change.kind));
            let what = match &change.label {
                Some(label) => format!("{kind} «{}»", escape(label)),
                None => kind.to_owned(),
            };
            let _ = write!(
                html,
                "<li data-testid=\"rejected-change\"><span class=\"list-main\">{what}: {}</span>\
                 <span class=\"small block\">{}</span></li>",
                word(locale, reason_word(&change.code)),
                escape(&change.message)
            );
        }
        html.push_str("</ul></div>");
    }
    html.push_str("<div class=\"btn-row\">");
    if !facts.signed_in {
        let _ = write!(
            html,
            "<a class=\"btn btn-primary\" href=\"/login\" data-action=\"close\" data-testid=\"sync-log-in\">{}</a>",
            word(locale, W::LogIn)
        );
    } else if !facts.coordinator {
        html.push_str(&button(
            "",
            "sync-now",
            word(locale, W::SyncNow),
            !facts.online,
        ));
    }
    if !state.rejected.is_empty() {
        html.push_str(&button(
            "",
            "dismiss-rejected",
            text(locale, Key::Understood),
            false,
        ));
    }
    html.push_str("</div></div></div>");
    html
}

/// Always in the header: tap for details.
pub(crate) fn sync_badge() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let account = use_account();
    let app = use_app();
    let shown = Memo::new(move |_| {
        indicator(&Facts {
            signed_in: account.signed_in(),
            online: sync.online.get(),
            running: sync.running.get(),
            problem: sync.state.with(|s| s.problem.is_some()),
            pending: if account.role() == Some(Role::Coordinator) {
                0
            } else {
                app.pending()
            },
            last_synced: sync.state.with(|s| s.last_synced_at),
        })
    });
    // The button stays (it keeps focus while the state changes); only its contents are text.
    let inside = move || {
        let shown = shown.get();
        format!(
            "{}<span>{}</span>",
            markup::icon(icon_of(shown)),
            badge_text(i18n.locale(), shown, &moment_text)
        )
    };
    view! {
        <button
            type="button"
            class="badge badge-neutral sync-badge"
            data-testid="sync-status"
            data-state=move || shown.get().name()
            aria-expanded=move || if sync.panel.get() { "true" } else { "false" }
            aria-controls="sync-panel"
            on:click=move |_| sync.panel.update(|open| *open = !*open)
            inner_html=live(inside)
        ></button>
    }
}

/// The details under the header, while open (and whenever there are rejected changes to read).
pub(crate) fn sync_panel() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let account = use_account();
    let app = use_app();
    let html = move || {
        let coordinator = account.is_coordinator();
        let facts = PanelFacts {
            pending: if coordinator { 0 } else { app.pending() },
            signed_in: account.signed_in() == Some(true),
            coordinator,
            online: sync.online.get(),
        };
        sync.state
            .with(|state| panel_html(i18n.locale(), state, &facts, &moment_text))
    };
    let click = clicks(move |action| match action {
        "sync-now" => sync.sync_now(),
        "dismiss-rejected" => {
            sync.dismiss_rejected();
            sync.panel.set(false);
        }
        "close" => sync.panel.set(false),
        _ => {}
    });
    let open = move || sync.panel.get() || sync.state.with(|state| !state.rejected.is_empty());
    view! {
        <section id="sync-panel" class="notices" aria-live="polite" data-testid="sync-panel" hidden=move || !open() on:click=click inner_html=live(html)></section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::plan::{Problem, RejectedChange};
    use chrono::TimeZone;
    use uuid::Uuid;

    fn clock(at: DateTime<Utc>) -> String {
        at.format("%H:%M").to_string()
    }

    #[test]
    fn the_badge_speaks_in_words() {
        let at = Utc.with_ymd_and_hms(2026, 11, 26, 14, 2, 0).unwrap();
        let cases = [
            (Indicator::Synced { at }, "Synced 14:02"),
            (Indicator::Waiting { pending: 2 }, "2 changes waiting"),
            (
                Indicator::Offline { pending: 1 },
                "Offline · 1 change waiting",
            ),
            (Indicator::LogInAgain { pending: 1 }, "Log in again"),
            (Indicator::SignedOut, "Log in to sync"),
        ];
        for (shown, want) in cases {
            assert_eq!(badge_text(Locale::En, shown, &clock), want);
        }
    }

    #[test]
    fn the_panel_names_the_problem_and_each_rejected_change() {
        let at = Utc.with_ymd_and_hms(2026, 11, 26, 14, 2, 0).unwrap();
        let state = SyncState {
            last_synced_at: Some(at),
            problem: Some(Problem {
                status: Some(503),
                message: Some("<down>".into()),
                next_try: Some(at),
            }),
            rejected: vec![RejectedChange {
                kind: RecordKind::Contact,
                id: Uuid::nil(),
                label: Some("Ola & co".into()),
                code: "invalid_field".into(),
                message: "phone: too long".into(),
            }],
        };
        let facts = PanelFacts {
            pending: 3,
            signed_in: true,
            coordinator: false,
            online: false,
        };
        let html = panel_html(Locale::En, &state, &facts, &clock);
        assert!(html
            .contains("The server answered with an error (503). &lt;down&gt; Trying again 14:02."));
        assert!(html.contains("3 changes waiting"));
        assert!(html.contains("Last synced 14:02"));
        assert!(html.contains("Contact «Ola &amp; co»: wasn't accepted"));
        assert!(html.contains("phone: too long"));
        assert!(html.contains("data-action=\"sync-now\" data-testid=\"sync-now\" disabled>"));
        assert!(html.contains("data-action=\"dismiss-rejected\""));
        let signed_out = PanelFacts {
            pending: 0,
            signed_in: false,
            coordinator: false,
            online: true,
        };
        let calm = panel_html(Locale::Nb, &SyncState::default(), &signed_out, &clock);
        assert!(calm.contains("href=\"/login\""));
        assert!(!calm.contains("sync-now") && !calm.contains("dismiss-rejected"));
    }
}
