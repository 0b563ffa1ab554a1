//! Fetching the team's cover requests (`GET /api/v1/team/cover`, api.md "Team cover") for a
//! worker who is logged in, only when it is needed: when the Cover screen opens and after each
//! sync while it is open (so an offer or a request just sent shows as the server now sees it),
//! and after a sync that reached the server once the kept list is older than [`FRESH_MINUTES`]
//! (so Today's way to Cover and the stand-in of a covered absence follow the team without a
//! fetch per sync). Each answer is kept on the phone (`model::cover::Kept`, through
//! [`App::keep_cover`]); without a network the kept one is shown with the time it was fetched.

use crate::io::http;
use crate::model::cover::Kept;
use crate::session::{ended_by, Account, Ended, Role};
use crate::state::App;
use crate::sync::Sync;
use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// How long a kept list serves before a sync fetches it again.
pub(crate) const FRESH_MINUTES: i64 = 15;

/// Whether a sync should fetch the list, kept at `kept_at` (if at all), at `now`.
pub(crate) fn due(kept_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    kept_at.is_none_or(|at| (now - at).num_minutes() >= FRESH_MINUTES)
}

/// The fetcher in Leptos, shared through context.
#[derive(Clone, Copy)]
pub(crate) struct TeamCover {
    /// The last fetch got no usable answer (offline, or the server failed): the list on screen is
    /// the kept one.
    failed: RwSignal<bool>,
    /// A fetch is under way.
    fetching: RwSignal<bool>,
    app: App,
    account: Account,
}

impl TeamCover {
    /// Starts fetching after a successful sync when the kept list is due; called once by the
    /// shell.
    pub(crate) fn start(app: App, account: Account, sync: Sync) -> TeamCover {
        let cover = TeamCover {
            failed: RwSignal::new(false),
            fetching: RwSignal::new(false),
            app,
            account,
        };
        let router = crate::router::use_router();
        let synced = Memo::new(move |_| sync.state.with(|state| state.last_synced_at));
        Effect::new(move |_| {
            if synced.get().is_some() && account.role() == Some(Role::Worker) {
                untrack(|| {
                    let kept_at = app.kept_cover().map(|kept| kept.at);
                    let open = router.pathname.with(|path| path == "/cover");
                    if open || due(kept_at, crate::io::browser::now()) {
                        cover.refresh();
                    }
                });
            }
        });
        provide_context(cover);
        cover
    }

    /// Whether the list on screen is the kept one because the last fetch failed (tracked).
    pub(crate) fn failed(self) -> bool {
        self.failed.get()
    }

    /// Whether a fetch is under way (tracked).
    pub(crate) fn fetching(self) -> bool {
        self.fetching.get()
    }

    /// Fetches the list now (one fetch at a time), keeping it if it reads.
    pub(crate) fn refresh(self) {
        let Some(token) = self.account.token() else {
            self.failed.set(true);
            return;
        };
        if self.fetching.get_untracked() {
            return;
        }
        self.fetching.set(true);
        leptos::task::spawn_local(async move {
            let reply = http::send("GET", "/api/v1/team/cover", Some(&token), None).await;
            let now = crate::io::browser::now();
            let kept = match reply {
                Ok(reply) if reply.status == 200 => Kept::from_body(&reply.body, now),
                Ok(reply) if reply.status == 401 => {
                    let how = ended_by(&reply).unwrap_or(Ended::Session);
                    self.account.ended(self.app, how);
                    None
                }
                _ => None,
            };
            self.failed.set(kept.is_none());
            if let Some(kept) = kept {
                self.app.keep_cover(kept);
            }
            self.fetching.set(false);
        });
    }
}

pub(crate) fn use_team_cover() -> TeamCover {
    expect_context::<TeamCover>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_sync_fetches_the_list_only_once_the_kept_one_is_old() {
        let now = Utc.with_ymd_and_hms(2026, 12, 2, 12, 0, 0).unwrap();
        let ago = |minutes| Some(now - chrono::Duration::minutes(minutes));
        assert!(due(None, now), "never fetched");
        assert!(!due(ago(0), now));
        assert!(!due(ago(14), now));
        assert!(due(ago(15), now));
        assert!(due(ago(600), now));
    }
}
