//! Fetching the team's cover requests (`GET /api/v1/team/cover`, api.md "Team cover") for a
//! worker who is logged in: after every sync that reached the server (so an offer or a request
//! just sent shows as the server now sees it) and when the Cover screen asks. Each answer is kept
//! on the phone (`model::cover::Kept`, through [`App::keep_cover`]); without a network the kept
//! one is shown with the time it was fetched.

use crate::io::http;
use crate::model::cover::Kept;
use crate::session::{Account, Role};
use crate::state::App;
use crate::sync::Sync;
use leptos::prelude::*;

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
    /// Starts fetching after each successful sync; called once by the shell.
    pub(crate) fn start(app: App, account: Account, sync: Sync) -> TeamCover {
        let cover = TeamCover {
            failed: RwSignal::new(false),
            fetching: RwSignal::new(false),
            app,
            account,
        };
        let synced = Memo::new(move |_| sync.state.with(|state| state.last_synced_at));
        Effect::new(move |_| {
            if synced.get().is_some() && account.role() == Some(Role::Worker) {
                untrack(|| cover.refresh());
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
                    self.account.end_session();
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
