//! A screen's actions: the `data-action` of what can be tapped or submitted, written from an enum
//! and parsed back into it. A screen declares its enum once with [`actions!`], which writes both
//! directions, so no screen splits an action's text by hand and what is drawn is what is parsed.
//!
//! An action's text is its name, then its values, each after a `:` (`log-call:0b9c…`,
//! `week:remove-window:2:0`). A value is any [`Action`]: a number, an id, a week, or another
//! screen part's action enum (nested as its own name and values).

use std::fmt::Write;

/// Something a `data-action` can say: written into the attribute, read back from it.
pub(crate) trait Action: Sized {
    /// Appends the action's text (its values' too) to `out`.
    fn write(&self, out: &mut String);
    /// Reads the action from the next parts of an action's text.
    fn read(parts: &mut ActionParts<'_>) -> Option<Self>;
}

/// What is left of an action's text, one `:`-separated part at a time.
pub(crate) struct ActionParts<'a> {
    parts: std::str::Split<'a, char>,
}

impl<'a> ActionParts<'a> {
    /// The next part, if there is one.
    pub(crate) fn next_part(&mut self) -> Option<&'a str> {
        self.parts.next()
    }
}

/// The action `text` says, if it says exactly one of `A`'s.
pub(crate) fn parse<A: Action>(text: &str) -> Option<A> {
    let mut parts = ActionParts {
        parts: text.split(':'),
    };
    let action = A::read(&mut parts)?;
    parts.next_part().is_none().then_some(action)
}

/// The text of `action`, as `data-action` holds it.
pub(crate) fn text_of<A: Action>(action: &A) -> String {
    let mut out = String::new();
    action.write(&mut out);
    out
}

/// Values written with `Display` and read with `FromStr` (none of them holds a `:`).
macro_rules! plain_values {
    ($($value:ty),+) => {
        $(
            impl Action for $value {
                fn write(&self, out: &mut String) {
                    let _ = write!(out, "{self}");
                }
                fn read(parts: &mut ActionParts<'_>) -> Option<Self> {
                    parts.next_part()?.parse().ok()
                }
            }
        )+
    };
}

plain_values!(uuid::Uuid, usize, u8, u32, bool, peerline_core::IsoWeek);

/// Declares a screen's action enum and writes its [`Action`] and `Render` (for `data-action=(…)`
/// in `html!`) implementations, and `NAMES`, every action's name (for the test that each drawn
/// action is one the screen handles):
///
/// ```ignore
/// actions! {
///     pub(crate) enum Action {
///         ToggleDayOff = "day-off-toggle",
///         LogCall { person: Uuid } = "log-call",
///         Week { action: week_editor::Action } = "week",
///     }
/// }
/// ```
macro_rules! actions {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[$variant_meta:meta])*
                $variant:ident $({ $($field:ident : $field_type:ty),+ $(,)? })? = $wire:literal,
            )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        $vis enum $name {
            $( $(#[$variant_meta])* $variant $({ $($field: $field_type),+ })?, )*
        }

        impl $name {
            /// Every action's name, as its text begins.
            #[allow(dead_code)]
            $vis const NAMES: &'static [&'static str] = &[$($wire),*];
        }

        impl $crate::markup::Action for $name {
            #[allow(unused_variables)] // `out`, in an enum without actions
            fn write(&self, out: &mut String) {
                // By value (every value is `Copy`), so an enum without actions matches too.
                match *self {
                    $(
                        $name::$variant $({ $($field),+ })? => {
                            out.push_str($wire);
                            $($(
                                out.push(':');
                                $crate::markup::Action::write(&$field, out);
                            )+)?
                        }
                    )*
                }
            }

            fn read(parts: &mut $crate::markup::ActionParts<'_>) -> Option<Self> {
                let name = parts.next_part()?;
                $(
                    if name == $wire {
                        return Some($name::$variant $({ $(
                            $field: <$field_type as $crate::markup::Action>::read(parts)?
                        ),+ })?);
                    }
                )*
                let _ = name;
                None
            }
        }

        impl $crate::markup::Render for $name {
            fn render_to(&self, buffer: &mut String) {
                let text = $crate::markup::action::text_of(self);
                $crate::markup::Render::render_to(text.as_str(), buffer);
            }
        }
    };
}

pub(crate) use actions;

#[cfg(test)]
mod tests {
    use super::*;

    actions! {
        enum Inner {
            Open { day: usize } = "open",
            Close = "close",
        }
    }

    actions! {
        enum Outer {
            Plain = "plain",
            Two { day: usize, index: usize } = "two",
            Id { id: uuid::Uuid } = "id",
            Nested { inner: Inner } = "nested",
        }
    }

    #[test]
    fn every_action_reads_back_as_written() {
        let cases = [
            (Outer::Plain, "plain"),
            (Outer::Two { day: 3, index: 0 }, "two:3:0"),
            (
                Outer::Id {
                    id: uuid::Uuid::from_u128(1),
                },
                "id:00000000-0000-0000-0000-000000000001",
            ),
            (
                Outer::Nested {
                    inner: Inner::Open { day: 6 },
                },
                "nested:open:6",
            ),
            (
                Outer::Nested {
                    inner: Inner::Close,
                },
                "nested:close",
            ),
        ];
        for (action, text) in cases {
            assert_eq!(text_of(&action), text);
            assert_eq!(parse::<Outer>(text), Some(action), "{text}");
        }
    }

    #[test]
    fn texts_that_say_no_action_read_as_none() {
        for text in [
            "",
            "nothing",
            "plain:extra",
            "two:3",
            "two:x:1",
            "two:1:2:3",
            "id:not-a-uuid",
            "nested",
            "nested:open",
            "nested:other",
            "PLAIN",
        ] {
            assert_eq!(parse::<Outer>(text), None, "{text}");
        }
        assert_eq!(Outer::NAMES, ["plain", "two", "id", "nested"]);
    }
}
