//! The members screen's loading and changes: each change is sent to the server, then what it
//! came to is said and the lists are loaded again (the server is what the screen shows; nothing is
//! kept on the phone).

use super::{
    instant, invite_request, invite_url, invites_of, members_of, render, text, Action, Local, Made,
    Model,
};
use crate::markup::{self, Mounted, Used};
use crate::session::{use_account, Role};
use crate::team::fetch::{self, Caller, Refused};
use crate::team::screens::with_frame;
use crate::team::words::{TeamMessage, TeamText};
use crate::words::{message, Language, Message};
use leptos::prelude::*;
use uuid::Uuid;

/// Fetches the members and the invites into `local`.
fn reload(caller: Caller, local: RwSignal<Local>) {
    leptos::task::spawn_local(async move {
        let members = fetch::call(caller, "GET", "/api/v1/team/members", None).await;
        let invites = fetch::call(caller, "GET", "/api/v1/team/invites", None).await;
        let loaded = match (members, invites) {
            (Ok(members), Ok(invites)) => Some((members_of(&members), invites_of(&invites))),
            _ => None,
        };
        local.try_update(|local| {
            local.loaded = Some(loaded);
            local.busy = false;
        });
    });
}

/// Sends one change, then says how it went (`done`, or the refusal) and loads the lists again.
fn change(
    caller: Caller,
    local: RwSignal<Local>,
    language: Language,
    (method, path): (&'static str, String),
    done: Option<String>,
) {
    local.update(|local| {
        local.busy = true;
        local.said = None;
    });
    leptos::task::spawn_local(async move {
        let answer = fetch::call(caller, method, &path, None).await;
        let said = match answer {
            Ok(_) => done,
            Err(refused) => Some(refused_text(language, refused)),
        };
        local.try_update(|local| {
            local.said = said;
            local.erasing = None;
        });
        reload(caller, local);
    });
}

/// Why a change did not happen, in words.
fn refused_text(language: Language, refused: Refused) -> String {
    match refused {
        Refused::Unreachable => TeamText::MembersNeedNetwork.in_language(language).into(),
        Refused::Status(status, _) => message(language, Message::ServerError(status)),
    }
}

/// Shows Team members in `element`.
pub(crate) fn mount(element: web_sys::Element) -> Mounted {
    let account = use_account();
    let (caller, sync, i18n) = (
        Caller::here(),
        crate::sync::use_sync(),
        crate::words::use_i18n(),
    );
    let me = untrack(|| account.user()).map(|user| user.id);
    let local = RwSignal::new(Local::default());
    reload(caller, local);
    markup::mount(
        element,
        move || {
            let online = sync.online.get();
            with_frame(|frame| local.with(|local| render(frame, &Model { me, online, local })))
        },
        move |action, used: &Used| {
            let language = untrack(|| i18n.language());
            let name_of = |id: Uuid| {
                local.with_untracked(|local| {
                    let (members, _) = local.loaded.as_ref()?.as_ref()?;
                    let member = members.iter().find(|member| member.id == id)?;
                    Some(member.display_name.clone())
                })
            };
            let send = |method, path: String, said: Option<TeamMessage>| {
                let said = said.map(|said| said.in_language(language));
                change(caller, local, language, (method, path), said);
            };
            match action {
                Action::Invite => {
                    let Some(fields) = used.fields() else { return };
                    match invite_request(&fields) {
                        Err(error) => local.update(|local| local.form_error = Some(error)),
                        Ok((name, role)) => invite(caller, local, language, fields, (name, role)),
                    }
                }
                Action::CopyInvite => {
                    let url =
                        local.with_untracked(|local| local.made.as_ref().map(|m| m.url.clone()));
                    if let Some(url) = url {
                        let url = wasm_bindgen::JsValue::from_str(&url);
                        let copied =
                            crate::share_link::call_navigator(Some("clipboard"), "writeText", &url);
                        local.update(|local| local.copied = copied);
                    }
                }
                Action::Withdraw { id } => {
                    send("DELETE", format!("/api/v1/team/invites/{id}"), None)
                }
                Action::Deactivate { id } => {
                    let name = name_of(id);
                    let said = name.as_deref().map(TeamMessage::Deactivated);
                    send(
                        "POST",
                        format!("/api/v1/team/members/{id}/deactivate"),
                        said,
                    )
                }
                Action::Reactivate { id } => {
                    let name = name_of(id);
                    let said = name.as_deref().map(TeamMessage::Reactivated);
                    send(
                        "POST",
                        format!("/api/v1/team/members/{id}/reactivate"),
                        said,
                    )
                }
                Action::AskErase { id } => local.update(|local| local.erasing = Some(id)),
                Action::CancelErase => local.update(|local| local.erasing = None),
                Action::Erase { id } => {
                    let name = name_of(id);
                    let said = name.as_deref().map(TeamMessage::MemberErased);
                    send("DELETE", format!("/api/v1/team/members/{id}/data"), said)
                }
            }
        },
    )
}

/// Makes an invite: the link shown, the form emptied, the waiting list loaded again.
fn invite(
    caller: Caller,
    local: RwSignal<Local>,
    language: Language,
    fields: markup::Fields,
    (name, role): (String, Role),
) {
    local.update(|local| {
        local.busy = true;
        local.form_error = None;
        local.said = None;
    });
    let role_name = if role == Role::Coordinator {
        "coordinator"
    } else {
        "worker"
    };
    let body = serde_json::json!({ "role": role_name, "display_name": name }).to_string();
    leptos::task::spawn_local(async move {
        let answer = fetch::call(caller, "POST", "/api/v1/team/invites", Some(body)).await;
        let origin = web_sys::window()
            .and_then(|window| window.location().origin().ok())
            .unwrap_or_default();
        match answer {
            Ok(created) => {
                let made = text(&created, "code").map(|code| Made {
                    display_name: text(&created, "display_name").unwrap_or(name),
                    url: invite_url(&origin, &code),
                    expires_at: instant(&created, "expires_at"),
                });
                fields.set("display_name", "");
                local.try_update(|local| {
                    local.made = made;
                    local.copied = false;
                });
                reload(caller, local);
            }
            Err(refused) => {
                local.try_update(|local| {
                    local.said = Some(refused_text(language, refused));
                    local.busy = false;
                });
            }
        }
    });
}
