//! The kind reply (domain.md, "The guidance loop"): the template filled once, left to right, and
//! the whole reply for a contact at an instant, in the profile's language.

use peerline_core::{default_kind_reply, fill_kind_reply, kind_reply, Language};
use serde_json::json;

use super::support::{oslo, World, OLA, PER};

#[test]
fn placeholders_are_filled_once_left_to_right() {
    let cases = [
        (
            "{name}, {next}: {fallback}",
            "Ola",
            "i morgen kl. 17:00",
            "113",
            "Ola, i morgen kl. 17:00: 113",
        ),
        ("{name} {name}", "Ola", "n", "f", "Ola Ola"),
        ("no placeholders", "Ola", "n", "f", "no placeholders"),
        ("{unknown} {next", "Ola", "n", "f", "{unknown} {next"),
        ("{{name}}", "Ola", "n", "f", "{Ola}"),
        ("{name}", "Ola {next}", "n", "f", "Ola {next}"), // a name is not filled again
        ("Hei {name} 😊", "Åse", "n", "f", "Hei Åse 😊"),
        ("", "Ola", "n", "f", ""),
    ];
    for (template, name, next, fallback, expected) in cases {
        assert_eq!(
            fill_kind_reply(template, name, next, fallback),
            expected,
            "{template}"
        );
    }
}

#[test]
fn the_defaults_name_the_next_time_and_someone_to_call_and_blame_no_one() {
    for language in [Language::Nb, Language::En] {
        let text = default_kind_reply(language);
        for placeholder in ["{name}", "{next}", "{fallback}"] {
            assert!(
                text.contains(placeholder),
                "{language:?} lacks {placeholder}"
            );
        }
        for word in [
            "limit",
            "grense",
            "brudd",
            "violation",
            "too many",
            "for mye",
            "igjen og igjen",
        ] {
            assert!(
                !text.to_lowercase().contains(word),
                "{language:?} says {word}"
            );
        }
        assert!(
            text.chars().count() <= 160,
            "{language:?} fits one SMS: {}",
            text.len()
        );
    }
}

/// Ola (3 a day) with Ingrid's evenings; Per is a colleague with his own reply.
fn worker(language: &str, own_reply: Option<&str>) -> World {
    World::new()
        .evenings()
        .profile(json!({"display_name": "Ingrid", "language": language, "kind_reply": own_reply}))
        .contact(OLA, json!({"name": "Ola", "max_contacts_per_day": 3}))
        .contact(
            PER,
            json!({"name": "Per", "kind_reply": "Hei {name}, ring meg {next}."}),
        )
}

/// Each case: the worker, the contact, now => the reply.
#[test]
fn the_reply_names_the_next_time_in_the_profile_language() {
    let nb = worker("nb", None);
    let with_own_default = worker("nb", Some("{name}: {next} / {fallback}"));
    let past_limit = nb.clone().logs(
        OLA,
        &[
            ("2024-11-04 17:10", "in"),
            ("2024-11-04 17:20", "in"),
            ("2024-11-04 17:30", "in"),
        ],
    );
    let away = nb
        .clone()
        .absence("2024-11-04T00:00", "2024-11-06T00:00", json!({}));
    let cases = [
        (
            "outside the windows, nb default",
            &nb,
            OLA,
            "2024-11-04 10:00",
            "Hei Ola! Takk for at du tok kontakt. Jeg kan ikke svare nå, men du når meg igjen i dag kl. 17:00. Trenger du noen før det, ring Mental Helse hjelpetelefon på 116 123.",
        ),
        (
            "en default",
            &worker("en", None),
            OLA,
            "2024-11-04 22:00",
            "Hi Ola! Thanks for getting in touch. I can't answer right now, but you can reach me again tomorrow at 17:00. If you need someone before then, call Mental Helse hjelpetelefon on 116 123.",
        ),
        ("the profile's own", &with_own_default, OLA, "2024-11-04 16:30", "Ola: om 30 minutter (kl. 17:00) / Mental Helse hjelpetelefon på 116 123"),
        ("the contact's own before the profile's", &with_own_default, PER, "2024-11-04 10:00", "Hei Per, ring meg i dag kl. 17:00."),
        ("past the day's limit: tomorrow", &past_limit, OLA, "2024-11-04 18:00", "Hei Ola! Takk for at du tok kontakt. Jeg kan ikke svare nå, men du når meg igjen i morgen kl. 17:00. Trenger du noen før det, ring Mental Helse hjelpetelefon på 116 123."),
        ("away: the first window after", &away, PER, "2024-11-04 18:00", "Hei Per, ring meg onsdag kl. 17:00."),
        ("reachable: the next window", &nb, PER, "2024-11-04 18:00", "Hei Per, ring meg i morgen kl. 17:00."),
    ];
    for (name, world, contact, now, expected) in cases {
        let data = world.build();
        assert_eq!(
            kind_reply(&data, contact, oslo(now)).as_deref(),
            Some(expected),
            "{name}"
        );
    }
    assert_eq!(
        kind_reply(&nb.build(), uuid::Uuid::nil(), oslo("2024-11-04 10:00")),
        None
    );
}
