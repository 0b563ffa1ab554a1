//! The sync status in the header: a badge with an icon and words (never colour alone) that opens a
//! panel with the details: why the last try failed and when the next is, the last good sync, the
//! changes the server would not take, and "Sync now" or "Log in".
//!
//! A part of the shell in the screen shape (`markup`): [`model`] reads the engine's state, the
//! pure [`badge`] and [`panel`] draw it (tested on the host), and [`update`] does what the panel's
//! buttons ([`Action`]) say. The shell draws both and hands it their actions.

use super::plan::{indicator, Facts, Indicator, SyncState};
use super::Sync;
use crate::icons::Icon;
use crate::markup::{actions, html, icon, Markup, Render};
use crate::model::time;
use crate::session::{Account, Role};
use crate::state::{use_app, App};
use crate::words::{message, text, use_i18n, when, Language, Message, Text};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use peerline_core::RecordKind;

/// "kl. 14:02", "tomorrow 09:30", or a date, in the worker's zone (Europe/Oslo for coordinators).
pub(crate) fn moment_text(at: DateTime<Utc>) -> String {
    let app = use_app();
    let i18n = use_i18n();
    let zone = app.profile().timezone;
    when::moment(
        i18n.language(),
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
fn badge_text(
    language: Language,
    shown: Indicator,
    moment: &dyn Fn(DateTime<Utc>) -> String,
) -> String {
    match shown {
        Indicator::SignedOut => text(language, Text::LogInToSync).to_owned(),
        Indicator::LogInAgain { .. } => text(language, Text::LogInAgain).to_owned(),
        Indicator::Offline { pending } => message(language, Message::Offline(pending)),
        Indicator::Syncing => text(language, Text::Syncing).to_owned(),
        Indicator::Problem { .. } => text(language, Text::SyncProblem).to_owned(),
        Indicator::Waiting { pending } => message(language, Message::Waiting(pending)),
        Indicator::Synced { at } => message(language, Message::Synced(&moment(at))),
        Indicator::NotYet => text(language, Text::NotSyncedYet).to_owned(),
    }
}

fn kind_text(kind: RecordKind) -> Text {
    match kind {
        RecordKind::Contact => Text::KindContact,
        RecordKind::Log => Text::LogTitle,
        RecordKind::Profile => Text::KindProfile,
        RecordKind::Availability => Text::KindAvailability,
        RecordKind::DateOverride => Text::Date,
        RecordKind::Absence => Text::Absences,
        RecordKind::Checkin => Text::KindCheckin,
        RecordKind::CoverRequest => Text::KindCoverRequest,
        RecordKind::CoverOffer => Text::KindCoverOffer,
        RecordKind::AgendaItem => Text::KindAgendaItem,
    }
}

fn reason_text(code: &str) -> Text {
    match code {
        "forbidden" => Text::RejectedForbidden,
        "clock_skew" | "invalid_hlc" => Text::RejectedClockSkew,
        "unknown_kind" | "unknown_field" => Text::RejectedUnknown,
        _ => Text::RejectedOther,
    }
}

actions! {
    /// What the sync panel's buttons do.
    pub(crate) enum Action {
        TogglePanel = "toggle-panel",
        SyncNow = "sync-now",
        DismissRejected = "dismiss-rejected",
        ClosePanel = "close",
    }
}

/// What the badge and the panel show.
pub(crate) struct Model {
    pub(crate) shown: Indicator,
    pub(crate) state: SyncState,
    pub(crate) open: bool,
    pub(crate) pending: usize,
    pub(crate) signed_in: bool,
    pub(crate) coordinator: bool,
    pub(crate) online: bool,
}

/// The engine's state now (tracked).
pub(crate) fn model(sync: Sync, account: Account, app: App) -> Model {
    let coordinator = account.role() == Some(Role::Coordinator);
    let pending = if coordinator { 0 } else { app.pending() };
    let state = sync.state.get();
    let shown = indicator(&Facts {
        signed_in: account.signed_in(),
        online: sync.online.get(),
        running: sync.running.get(),
        problem: state.problem.is_some(),
        pending,
        last_synced: state.last_synced_at,
    });
    Model {
        shown,
        // Open while asked for, and whenever there are rejected changes to read.
        open: sync.panel.get() || !state.rejected.is_empty(),
        state,
        pending,
        signed_in: account.signed_in() == Some(true),
        coordinator,
        online: sync.online.get(),
    }
}

/// Does what a panel button says.
pub(crate) fn update(sync: Sync, action: Action) {
    match action {
        Action::TogglePanel => sync.panel.update(|open| *open = !*open),
        Action::SyncNow => sync.sync_now(),
        Action::DismissRejected => {
            sync.dismiss_rejected();
            sync.panel.set(false);
        }
        Action::ClosePanel => sync.panel.set(false),
    }
}

/// The badge: always in the header, a button (it keeps the focus while the state changes) that
/// opens the panel. `act` makes a panel action the action of whoever draws the panel (the shell).
pub(crate) fn badge<A: Render>(
    language: Language,
    model: &Model,
    moment: &dyn Fn(DateTime<Utc>) -> String,
    act: impl Fn(Action) -> A,
) -> Markup {
    html! {
        button.badge.badge-neutral.sync-badge type="button" data-testid="sync-status"
            data-state=(model.shown.name()) aria-expanded=(if model.open { "true" } else { "false" }) aria-controls="sync-panel"
            data-action=(act(Action::TogglePanel)) {
            (icon(icon_of(model.shown)))
            span { (badge_text(language, model.shown, moment)) }
        }
    }
}

/// The panel: the problem and the next try, what waits, the last sync, the changes the server did
/// not take (which record, and why), and the buttons (their actions made by `act`, as the badge's).
pub(crate) fn panel<A: Render>(
    language: Language,
    model: &Model,
    moment: &dyn Fn(DateTime<Utc>) -> String,
    act: impl Fn(Action) -> A,
) -> Markup {
    let say = |key| text(language, key);
    let state = &model.state;
    let problem = state.problem.as_ref().map(|problem| {
        let mut said = match problem.status {
            None => say(Text::ProblemNetwork).to_owned(),
            Some(status) => message(language, Message::ServerError(status)),
        };
        if let Some(server) = &problem.message {
            said = format!("{said} {server}");
        }
        if let Some(next) = problem.next_try {
            said = format!(
                "{said} {}",
                message(language, Message::NextTry(&moment(next)))
            );
        }
        said
    });
    html! {
        section #sync-panel.notices aria-live="polite" data-testid="sync-panel" hidden[!model.open] {
            div.notice.notice-info.sync-panel { div {
                @if let Some(problem) = problem {
                    p data-testid="sync-problem" { (problem) }
                }
                @if model.pending > 0 {
                    p { (message(language, Message::Waiting(model.pending))) }
                }
                @if let Some(at) = state.last_synced_at {
                    p.small { (message(language, Message::LastSync(&moment(at)))) }
                }
                @if !state.rejected.is_empty() {
                    div role="alert" data-testid="rejected-changes" {
                        p { (say(Text::Rejected)) }
                        ul.list {
                            @for change in &state.rejected {
                                li data-testid="rejected-change" {
                                    span.list-main {
                                        (say(kind_text(change.kind)))
                                        @if let Some(label) = &change.label { " «" (label) "»" }
                                        ": " (say(reason_text(&change.code)))
                                    }
                                    span.small.block { (change.message) }
                                }
                            }
                        }
                    }
                }
                div.btn-row {
                    @if !model.signed_in {
                        a.btn.btn-primary href="/login" data-action=(act(Action::ClosePanel)) data-testid="sync-log-in" {
                            (say(Text::LogIn))
                        }
                    } @else if !model.coordinator {
                        button.btn type="button" data-action=(act(Action::SyncNow)) data-testid="sync-now" disabled[!model.online] {
                            (say(Text::SyncNow))
                        }
                    }
                    @if !state.rejected.is_empty() {
                        button.btn type="button" data-action=(act(Action::DismissRejected)) data-testid="dismiss-rejected" {
                            (say(Text::Understood))
                        }
                    }
                }
            } }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::testing::drawn;
    use crate::sync::plan::{Problem, RejectedChange};
    use chrono::TimeZone;
    use uuid::Uuid;

    fn clock(at: DateTime<Utc>) -> String {
        at.format("%H:%M").to_string()
    }

    fn model(shown: Indicator, state: SyncState, signed_in: bool, online: bool) -> Model {
        Model {
            shown,
            open: true,
            state,
            pending: 3,
            signed_in,
            coordinator: false,
            online,
        }
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
            assert_eq!(badge_text(Language::En, shown, &clock), want);
            let badge = badge(
                Language::En,
                &model(shown, SyncState::default(), true, true),
                &clock,
                |action| action,
            )
            .into_string();
            assert!(badge.contains(want), "{badge}");
            assert_eq!(drawn::<Action>(&badge), [Action::TogglePanel]);
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
        let troubled = model(Indicator::Problem { pending: 3 }, state, true, false);
        let html = panel(Language::En, &troubled, &clock, |action| action).into_string();
        assert!(html
            .contains("The server answered with an error (503). &lt;down&gt; Trying again 14:02."));
        assert!(html.contains("3 changes waiting"));
        assert!(html.contains("Last synced 14:02"));
        assert!(html.contains("Contact «Ola &amp; co»: wasn't accepted"));
        assert!(html.contains("phone: too long"));
        assert!(html.contains("data-testid=\"sync-now\" disabled"));
        assert_eq!(
            drawn::<Action>(&html),
            [Action::SyncNow, Action::DismissRejected]
        );
        let signed_out = model(Indicator::SignedOut, SyncState::default(), false, true);
        let calm = panel(Language::Nb, &signed_out, &clock, |action| action).into_string();
        assert!(calm.contains("href=\"/login\""));
        assert_eq!(drawn::<Action>(&calm), [Action::ClosePanel]);
    }
}
