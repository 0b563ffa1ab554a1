//! The log form: who, how, which way, answered or not, when, how long, a private note. The
//! common case (an incoming call, answered, now) is the default: pick the person and save.

use crate::i18n::{tr, use_i18n, Key, Msg};
use crate::io::browser;
use crate::model::{changes, time};
use crate::state::use_app;
use crate::widgets::{Check, FormError, TextArea};
use chrono::NaiveDateTime;
use leptos::prelude::*;
use peerline_core::{AnyRecord, Channel, Contact, Direction, Log, RecordKind, Role, Status};

pub(crate) fn channel_key(channel: Channel) -> Key {
    match channel {
        Channel::Call => Key::ChannelCall,
        Channel::Sms => Key::ChannelSms,
        Channel::Meeting => Key::ChannelMeeting,
        Channel::Message => Key::ChannelMessage,
    }
}

pub(crate) fn direction_key(direction: Direction) -> Key {
    match direction {
        Direction::Incoming => Key::Incoming,
        Direction::Outgoing => Key::Outgoing,
    }
}

/// The people one can log a contact with: active service users first, by name.
fn loggable_contacts(app: crate::state::App) -> Vec<Contact> {
    let mut contacts: Vec<Contact> = app.with_store(|store| {
        store
            .live(RecordKind::Contact)
            .filter_map(|record| match record {
                AnyRecord::Contact(c) if c.status != Status::Ended => Some(c.clone()),
                _ => None,
            })
            .collect()
    });
    contacts.sort_by_key(|c| (c.role != Role::ServiceUser, c.name.to_lowercase()));
    contacts
}

/// A row of big radio buttons.
#[component]
fn Choice<T: Copy + PartialEq + Send + Sync + 'static>(
    legend: Key,
    options: Vec<(T, String, String)>,
    value: RwSignal<Option<T>>,
    name: &'static str,
) -> impl IntoView {
    let buttons = options
        .into_iter()
        .map(|(option, label, test_id)| {
            view! {
                <label class="chip">
                    <input
                        type="radio"
                        name=name
                        data-testid=test_id
                        prop:checked=move || value.get() == Some(option)
                        on:change=move |_| value.set(Some(option))
                    />
                    <span>{label}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="choice">
            <legend>{tr(legend)}</legend>
            <div class="chips">{buttons}</div>
        </fieldset>
    }
}

#[component]
pub(crate) fn LogForm(existing: Option<Log>, on_saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let zone = app.profile().timezone;
    let local_now = move || time::local(zone, browser::now());
    let log = existing.clone();
    let person = RwSignal::new(log.as_ref().map(|l| l.contact_id));
    let channel = RwSignal::new(Some(log.as_ref().map_or(Channel::Call, |l| l.channel)));
    let direction = RwSignal::new(Some(
        log.as_ref().map_or(Direction::Incoming, |l| l.direction),
    ));
    let answered = RwSignal::new(log.as_ref().is_none_or(|l| l.answered));
    let at_text = |at: NaiveDateTime| at.format("%Y-%m-%dT%H:%M").to_string();
    let at = RwSignal::new(log.as_ref().map(|l| at_text(time::local(zone, l.at))));
    let minutes = RwSignal::new(
        log.as_ref()
            .and_then(|l| l.minutes)
            .map(|m| m.to_string())
            .unwrap_or_default(),
    );
    let note = RwSignal::new(
        log.as_ref()
            .and_then(|l| l.note.clone())
            .unwrap_or_default(),
    );
    let error = RwSignal::new(None::<String>);
    let id = log.as_ref().map(|l| l.id);

    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(contact_id) = person.get_untracked() else {
            error.set(Some(i18n.t(Key::PickAPerson).to_owned()));
            return;
        };
        // No time typed means now, to the second.
        let moment = match at.get_untracked() {
            Some(text) if !text.is_empty() => {
                match NaiveDateTime::parse_from_str(&text, "%Y-%m-%dT%H:%M") {
                    Ok(local) => time::wall_to_utc(zone, local),
                    Err(_) => {
                        error.set(Some(i18n.t(Key::TimeNotUnderstood).to_owned()));
                        return;
                    }
                }
            }
            _ => browser::now(),
        };
        let input = changes::LogInput {
            contact_id,
            at: moment,
            channel: channel.get_untracked().unwrap_or(Channel::Call),
            direction: direction.get_untracked().unwrap_or(Direction::Incoming),
            answered: answered.get_untracked(),
            minutes: minutes.get_untracked().trim().parse().ok(),
            note: note.get_untracked(),
        };
        match app.write(changes::log(id.unwrap_or_else(browser::random_id), &input)) {
            Ok(()) => {
                error.set(None);
                if id.is_none() {
                    at.set(None);
                    note.set(String::new());
                    minutes.set(String::new());
                }
                on_saved.run(());
            }
            Err(e) => error.set(Some(i18n.f(Msg::CheckField(e.field().unwrap_or(""))))),
        }
    };

    let people = move || {
        let options: Vec<(uuid::Uuid, String, String)> = loggable_contacts(app)
            .into_iter()
            .map(|c| {
                (
                    c.id,
                    c.name.clone(),
                    format!("log-person-{}", c.name.to_lowercase().replace(' ', "-")),
                )
            })
            .collect();
        if options.is_empty() {
            return view! { <p class="muted">{i18n.t(Key::NoContactsYet)} " " <a href="/contacts/new">{i18n.t(Key::AddContact)}</a></p> }.into_any();
        }
        view! { <Choice legend=Key::Who options value=person name="log-person" /> }.into_any()
    };
    let channels = move || {
        let options = [
            Channel::Call,
            Channel::Sms,
            Channel::Meeting,
            Channel::Message,
        ]
        .into_iter()
        .map(|c| {
            (
                c,
                i18n.t(channel_key(c)).to_owned(),
                format!(
                    "log-channel-{}",
                    serde_json::to_value(c)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default()
                ),
            )
        })
        .collect::<Vec<_>>();
        view! { <Choice legend=Key::How options value=channel name="log-channel" /> }
    };
    let directions = move || {
        let options = [
            (Direction::Incoming, "incoming"),
            (Direction::Outgoing, "outgoing"),
        ]
        .into_iter()
        .map(|(d, slug)| {
            (
                d,
                i18n.t(direction_key(d)).to_owned(),
                format!("log-direction-{slug}"),
            )
        })
        .collect::<Vec<_>>();
        view! { <Choice legend=Key::Direction options value=direction name="log-direction" /> }
    };
    view! {
        <form class="log-form" on:submit=save novalidate data-testid="log-form">
            {people}
            <button type="submit" class="btn btn-primary btn-wide" data-testid="save-log">
                {move || i18n.t(if id.is_some() { Key::Save } else { Key::SaveLog })}
            </button>
            <FormError error />
            <details class="more-fields" open=id.is_some()>
                <summary>{tr(Key::MoreDetails)}</summary>
                {channels}
                {directions}
                <Check label=Key::Answered value=answered test_id="log-answered" />
                <label class="field">
                    <span>{tr(Key::When)}</span>
                    <input
                        type="datetime-local"
                        data-testid="log-at"
                        prop:value=move || at.get().unwrap_or_else(|| at_text(local_now()))
                        on:input=move |e| at.set(Some(event_target_value(&e)))
                    />
                </label>
                <label class="field">
                    <span>{tr(Key::Minutes)}</span>
                    <input
                        type="number"
                        inputmode="numeric"
                        min="0"
                        max="1440"
                        data-testid="log-minutes"
                        prop:value=move || minutes.get()
                        on:input=move |e| minutes.set(event_target_value(&e))
                    />
                </label>
                <TextArea label=Key::PrivateNote value=note test_id="log-note" />
            </details>
        </form>
    }
}
