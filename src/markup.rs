//! How every screen is drawn: HTML as a type, one redraw, parsed actions.
//!
//! A screen is three things (ARCHITECTURE.md, "A screen", has the conversion checklist):
//!
//! - `render(&Model) -> Markup`: pure, tested on the host. [`Markup`] is maud's HTML type, made
//!   only by the [`html!`] template (every splice `(text)` is escaped) and the helpers here, so a
//!   record's text can reach the page only escaped. `tests/tidy.rs` fails on `format!`/`write!`
//!   building HTML, or on `PreEscaped`, outside this module.
//! - an `Action` enum declared with [`actions!`]: what its `data-action`s say, written and parsed
//!   by the macro (`data-action=(Action::LogCall { person })` in the template); never a string
//!   split by hand. A test renders the screen and parses every action drawn
//!   ([`testing::drawn_actions`]); `update`'s exhaustive `match` then handles each.
//! - `update(action, &Used)`: what an action does. A form is read through its own container
//!   ([`Used::fields`], by the fields' `name`s); test ids are for tests only.
//!
//! [`mount`] ties them together: it draws `render` into the screen's element now and whenever
//! what it read changes, by laying the new HTML over the live page and changing only what differs
//! (`morph`), so the focus, an open `<details>` and whatever is typed in a form stay while the
//! language, a sync or the clock change what is around them.
//!
//! Why HTML text and not a Leptos view per element: Leptos compiles rendering code for every
//! reactive closure, attribute and handler type, about a kilobyte of WASM each, and the app has a
//! size budget. Leptos keeps the state (signals, memos, effects, context). Links inside the text
//! are ordinary `<a href>`s, which the router follows like its own.

pub(crate) mod action;
mod drawn;
mod morph;
mod mount;

use crate::icons::{self, Icon};
pub(crate) use action::{actions, Action, ActionParts};
pub(crate) use maud::{html, Markup, Render};
pub(crate) use mount::{mount, Fields, FormValues, Mounted, Table, Used};
pub(crate) use peerline_share::html::{sms_href, sms_with_body_href, tel_href};

/// An inline 24 px line icon in the current text colour (decoration beside a text).
pub(crate) fn icon(icon: Icon) -> Markup {
    html! {
        svg.icon viewBox="0 0 24 24" aria-hidden="true" focusable="false" {
            path d=(icons::path(icon)) {}
        }
    }
}

/// A form's error (class `notice notice-error`, test id `form-error`), or nothing.
pub(crate) fn form_error(error: Option<&str>) -> Markup {
    html! {
        @if let Some(error) = error {
            p.notice.notice-error role="alert" data-testid="form-error" {
                (icon(Icon::Alert))
                span { (error) }
            }
        }
    }
}

/// A labelled one-line field (`kind`: text, tel, date…) holding `value`, read back by `name`.
pub(crate) fn input_field(
    label: &str,
    kind: &str,
    name: &str,
    test_id: &str,
    value: &str,
) -> Markup {
    html! {
        label.field {
            span { (label) }
            input type=(kind) name=(name) data-testid=(test_id) value=(value);
        }
    }
}

/// A labelled multi-line field holding `text`, read back by `name`. The HTML parser drops a
/// newline right after `<textarea>`, so one is put there: a text that begins with a blank line
/// keeps it.
pub(crate) fn text_area_field(label: &str, name: &str, test_id: &str, text: &str) -> Markup {
    html! {
        label.field {
            span { (label) }
            textarea name=(name) data-testid=(test_id) { "\n" (text) }
        }
    }
}

/// A checkbox with its label beside it, read back by `name`.
pub(crate) fn checkbox_field(label: &str, name: &str, test_id: &str, checked: bool) -> Markup {
    html! {
        label.check {
            input type="checkbox" name=(name) data-testid=(test_id) checked[checked];
            span { (label) }
        }
    }
}

/// One radio of a row of big radio chips ([`chips`]).
pub(crate) struct Chip<'a> {
    pub(crate) value: &'a str,
    pub(crate) label: &'a str,
    pub(crate) test_id: &'a str,
    pub(crate) checked: bool,
}

/// A fieldset of radio chips named `name` under `legend`, then `after` (a hint, or nothing); the
/// chosen one is read back with `Fields::chosen`.
pub(crate) fn chips(legend: &str, name: &str, chips: &[Chip], after: Markup) -> Markup {
    html! {
        fieldset.choice {
            legend { (legend) }
            div.chips {
                @for chip in chips {
                    label.chip {
                        input type="radio" name=(name) value=(chip.value) data-testid=(chip.test_id) checked[chip.checked];
                        span { (chip.label) }
                    }
                }
            }
            (after)
        }
    }
}

/// The QR code of `url` as inline SVG (dark modules on white, with the quiet zone). HTML made by
/// the `qrcode` crate from the URL's bytes: no text reaches it as markup. The last code is kept:
/// choosing a code's mask is a few milliseconds on a slow phone (issue 16: 3 of the 16 ms of WASM
/// in opening a contact at 4x), and the contact page draws its code again at every redraw.
pub(crate) fn qr_code(url: &str) -> Option<Markup> {
    thread_local! {
        static LAST: std::cell::RefCell<(String, Option<Markup>)> = const { std::cell::RefCell::new((String::new(), None)) };
    }
    LAST.with_borrow_mut(|(last_url, last)| {
        if *last_url != url || last.is_none() {
            let code =
                qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M)
                    .ok()?;
            let svg = code
                .render::<qrcode::render::svg::Color<'_>>()
                .min_dimensions(200, 200)
                .dark_color(qrcode::render::svg::Color("#000"))
                .light_color(qrcode::render::svg::Color("#fff"))
                .build();
            // Inline in HTML the XML declaration is noise; the markup starts at <svg.
            *last = Some(maud::PreEscaped(svg[svg.find("<svg")?..].to_owned()));
            url.clone_into(last_url);
        }
        last.clone()
    })
}

/// For the tests of each screen: what a rendered screen's actions are.
#[cfg(test)]
pub(crate) mod testing {
    use super::action::{parse, Action};

    /// Every `data-action` in `html`, as drawn.
    pub(crate) fn drawn_actions(html: &str) -> Vec<String> {
        html.split("data-action=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .map(|text| text.replace("&quot;", "\"").replace("&amp;", "&"))
            .collect()
    }

    /// Parses every action drawn in `html` as one of `A`, failing on any that is not: an action
    /// drawn is then one the screen's `update` handles (its `match` is exhaustive).
    pub(crate) fn drawn<A: Action>(html: &str) -> Vec<A> {
        drawn_actions(html)
            .iter()
            .map(|text| {
                parse::<A>(text).unwrap_or_else(|| panic!("{text:?} is drawn but not handled"))
            })
            .collect()
    }
}
