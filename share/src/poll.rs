//! When the share page asks the server again: the polling plan, as plain Rust so it is tested
//! natively (the browser glue in `main.rs` only reads the page's state and sets the timer).
//!
//! A fetch costs a cheap phone little (the page sends the last answer's `ETag` and the server says
//! 304 while nothing changed), but thousands of pages polling is real load, and a page nobody looks
//! at, or a phone without network, should not keep waking up:
//! - shown and online: every [`VISIBLE_MILLIS`] (a minute: a worker's change reaches the page
//!   within about a minute; the card itself follows the clock from the stored answer anyway);
//! - each failed fetch in a row (offline, or the server unreachable) doubles the wait, up to
//!   [`VISIBLE_MAX_MILLIS`]; the browser's `online` event fetches at once;
//! - hidden (another tab, the screen off): from [`HIDDEN_MILLIS`], doubling with each poll while
//!   still hidden, up to [`HIDDEN_MAX_MILLIS`]; showing the page again fetches at once;
//! - the browser says it is offline: the longest wait of the two above, since only the `online`
//!   event can help.
//!
//! Every wait is spread by ±10 % so that pages opened together (a link sent to a group, a server
//! restart) do not poll in step.

/// The wait between polls of a shown page.
pub const VISIBLE_MILLIS: f64 = 60_000.0;
/// The longest wait of a shown page after failures.
pub const VISIBLE_MAX_MILLIS: f64 = 15.0 * 60_000.0;
/// The first wait of a hidden page.
pub const HIDDEN_MILLIS: f64 = 5.0 * 60_000.0;
/// The longest wait of a hidden page.
pub const HIDDEN_MAX_MILLIS: f64 = 60.0 * 60_000.0;
/// How much of a wait is spread either way.
const SPREAD: f64 = 0.1;

/// What the plan looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PollState {
    /// The page is shown (`document.visibilityState == "visible"`).
    pub visible: bool,
    /// The browser thinks it is online (`navigator.onLine`; `false` is reliable, `true` is not).
    pub online: bool,
    /// Fetches in a row that got no answer (network error or a 5xx).
    pub failures: u32,
    /// Polls in a row while hidden.
    pub hidden_polls: u32,
}

impl PollState {
    /// Milliseconds until the next poll; `unit` is a random number in `[0, 1)` that spreads it.
    pub fn delay_millis(&self, unit: f64) -> f64 {
        let (base, max, doublings) = if self.visible {
            (VISIBLE_MILLIS, VISIBLE_MAX_MILLIS, self.failures)
        } else {
            (
                HIDDEN_MILLIS,
                HIDDEN_MAX_MILLIS,
                self.failures.saturating_add(self.hidden_polls),
            )
        };
        let delay = if self.online {
            // 2^10 is far past every maximum: no overflow, and the cap below decides.
            (base * f64::from(1u32 << doublings.min(10))).min(max)
        } else {
            max
        };
        delay * (1.0 - SPREAD + 2.0 * SPREAD * unit.clamp(0.0, 1.0))
    }

    /// The state after a fetch that got an answer (`true`: 200, 304 or 404) or none.
    pub fn after_fetch(self, answered: bool) -> Self {
        Self {
            failures: if answered {
                0
            } else {
                self.failures.saturating_add(1)
            },
            hidden_polls: if self.visible {
                0
            } else {
                self.hidden_polls.saturating_add(1)
            },
            ..self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: f64 = 60_000.0;

    fn state(visible: bool, online: bool, failures: u32, hidden_polls: u32) -> PollState {
        PollState {
            visible,
            online,
            failures,
            hidden_polls,
        }
    }

    #[test]
    fn the_wait_grows_when_hidden_failing_or_offline_and_is_capped() {
        // (visible, online, failures, hidden polls, minutes at the middle of the spread)
        let cases = [
            (true, true, 0, 0, 1.0),
            (true, true, 1, 0, 2.0),
            (true, true, 3, 0, 8.0),
            (true, true, 4, 0, 15.0),
            (true, true, 40, 0, 15.0),
            (true, false, 0, 0, 15.0),
            (true, true, 0, 7, 1.0), // hidden polls are forgotten once shown
            (false, true, 0, 0, 5.0),
            (false, true, 0, 1, 10.0),
            (false, true, 0, 3, 40.0),
            (false, true, 0, 4, 60.0),
            (false, true, 2, 0, 20.0),
            (false, false, 0, 0, 60.0),
        ];
        for (visible, online, failures, hidden_polls, minutes) in cases {
            let plan = state(visible, online, failures, hidden_polls);
            let middle = plan.delay_millis(0.5);
            assert!(
                (middle - minutes * MINUTE).abs() < 1.0,
                "{plan:?}: {middle} ms, expected {minutes} minutes"
            );
        }
    }

    #[test]
    fn the_spread_is_ten_percent_either_way() {
        let plan = state(true, true, 0, 0);
        assert!((plan.delay_millis(0.0) - 0.9 * MINUTE).abs() < 1.0);
        assert!((plan.delay_millis(0.999_999) - 1.1 * MINUTE).abs() < 1.0);
        assert!((plan.delay_millis(7.0) - 1.1 * MINUTE).abs() < 1.0);
        assert!((plan.delay_millis(-1.0) - 0.9 * MINUTE).abs() < 1.0);
    }

    #[test]
    fn an_answer_resets_failures_and_hidden_polls_count_only_while_hidden() {
        let cases = [
            // (before, answered, after)
            (state(true, true, 3, 0), true, state(true, true, 0, 0)),
            (state(true, true, 3, 0), false, state(true, true, 4, 0)),
            (state(false, true, 0, 2), true, state(false, true, 0, 3)),
            (state(false, true, 1, 2), false, state(false, true, 2, 3)),
            (state(true, true, 0, 5), true, state(true, true, 0, 0)),
        ];
        for (before, answered, after) in cases {
            assert_eq!(before.after_fetch(answered), after, "{before:?} {answered}");
        }
    }
}
