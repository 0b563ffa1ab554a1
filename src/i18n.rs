//! Words on screen, in Norwegian bokmål and English.
//!
//! Every text is a [`Key`] (plain) or a [`Msg`] (with values filled in). Each locale file answers
//! them with an exhaustive `match`, so a key without a translation does not compile. This costs about
//! 2 KB of WASM where `leptos_i18n` cost 19-47 KB (see the toolchain notes).

mod en;
mod nb;
pub(crate) mod when;

use leptos::prelude::*;

/// A language the app speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Locale {
    Nb,
    En,
}

impl Locale {
    pub(crate) const ALL: [Locale; 2] = [Locale::Nb, Locale::En];

    /// The code kept in the profile's `language` field and in `<html lang>`.
    pub(crate) fn code(self) -> &'static str {
        match self {
            Locale::Nb => "nb",
            Locale::En => "en",
        }
    }

    pub(crate) fn from_code(code: &str) -> Option<Locale> {
        match code {
            "nb" => Some(Locale::Nb),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// The language a browser tag (`navigator.language`) asks for: any Norwegian gets bokmål.
    pub(crate) fn from_browser_tag(tag: &str) -> Locale {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "nb" | "no" | "nn" => Locale::Nb,
            _ => Locale::En,
        }
    }

    /// The language's own name, shown in the language picker.
    pub(crate) fn own_name(self) -> &'static str {
        match self {
            Locale::Nb => "Norsk bokmål",
            Locale::En => "English",
        }
    }
}

/// A plain text on screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Key {
    Absences,
    Add,
    AddAbsence,
    AddContact,
    AddFallback,
    AddOverride,
    AddWindow,
    AgreedHours,
    Agreement,
    AllDeleted,
    Answered,
    AppName,
    AvailabilityTitle,
    Away,
    AwayMessage,
    BackOn,
    Burnout1,
    Burnout2,
    Burnout3,
    Burnout4,
    Burnout5,
    BurnoutQuestion,
    Call,
    Cancel,
    ChannelCall,
    ChannelMeeting,
    ChannelMessage,
    ChannelSms,
    CheckinPrivate,
    CheckinTeaser,
    CheckinTitle,
    ColAfterHours,
    ColContacts,
    ColOutside,
    ColOverLimit,
    ColUnanswered,
    ConfirmDelete,
    ContactsTitle,
    Copy,
    CopyTo,
    Date,
    DateOverrides,
    DayOff,
    DayOffToday,
    Delete,
    DeleteAllConfirm,
    DeleteAllData,
    DeleteAllWarning,
    DeleteHint,
    Direction,
    Edit,
    EditContact,
    EditLogEntry,
    EndRelationship,
    Energy,
    EnergyHigh,
    EnergyLow,
    Entries,
    Expectations,
    ExportData,
    ExportHint,
    FallbackLabel,
    Fallbacks,
    FallbacksHint,
    From,
    History,
    How,
    Incoming,
    Kind,
    Language,
    LogIncomingCall,
    LogTitle,
    MainNavigation,
    MaxPerDay,
    MaxPerWeek,
    MessageToServiceUsers,
    Minutes,
    MoreDetails,
    MoreSettings,
    MoreTitle,
    Name,
    NavContacts,
    NavHours,
    NavLog,
    NavMore,
    NavToday,
    NeedsGuidance,
    NewLogEntry,
    NewerData,
    NextWeek,
    NoCheckinsYet,
    NoContactsYet,
    NoEntriesThisWeek,
    NoHoursHint,
    NoHoursSet,
    NoLimit,
    NoMoreWindowsToday,
    NoServiceUsersYet,
    NoStorage,
    Nobody,
    NotAnswered,
    NotFound,
    NotNow,
    NotReachable,
    NotReachableThatDay,
    ObserveHolidays,
    OtherAbsence,
    Outgoing,
    PeopleThisWeek,
    Person,
    Phone,
    PickADate,
    PickAPerson,
    PickStartAndEnd,
    PlannedEnd,
    PressureCaption,
    PreviousWeek,
    PrivateNote,
    PrivateNotes,
    Profile,
    ReachableNow,
    Relationship,
    ReviewOn,
    Role,
    RoleColleague,
    RoleCoordinator,
    RoleService,
    RoleServiceUser,
    SameAsMyHours,
    Save,
    SaveLog,
    SavedOnPhone,
    SendSms,
    SettingsTitle,
    ShareHint,
    ShareWithCoordinator,
    Shared,
    ShowLimits,
    Sick,
    SkipToContent,
    Someone,
    StandIn,
    StartedOn,
    Status,
    StatusActive,
    StatusEnded,
    StatusPaused,
    StorageFull,
    StorageRefused,
    Strain,
    StrainHigh,
    StrainLow,
    TimeNotUnderstood,
    TimeZone,
    To,
    TodayTitle,
    Understood,
    Undo,
    UpdateReady,
    Vacation,
    WeeklyHours,
    WeeklyHoursHint,
    When,
    Who,
    YourData,
    YourName,
}

/// A text with values in it.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Msg<'a> {
    CallPerson(&'a str),
    /// A write core refused, naming the field.
    CheckField(&'a str),
    CheckinLine {
        energy: u8,
        strain: u8,
        burnout: u8,
    },
    ContactsThisWeek(u32),
    Counts {
        today: u32,
        per_day: Option<u32>,
        week: u32,
        per_week: Option<u32>,
    },
    InTouchThisWeek {
        name: &'a str,
        count: u32,
        limit: u32,
    },
    /// Contacts with a service user today against the agreed daily limit.
    InTouchToday {
        name: &'a str,
        count: u32,
        limit: u32,
    },
    LogCallFrom(&'a str),
    LoggedCallFrom(&'a str),
    NextTime(&'a str),
    OutsideAgreement {
        name: &'a str,
        count: u32,
    },
    PressureSummary {
        contacts: u32,
        outside: u32,
        after_hours: u32,
    },
    Quarantined(usize),
    RemoveWindow {
        day: &'a str,
        window: &'a str,
    },
    Until(&'a str),
    Week(peerline_core::IsoWeek),
    WindowsLeft(&'a str),
}

pub(crate) fn text(locale: Locale, key: Key) -> &'static str {
    match locale {
        Locale::Nb => nb::text(key),
        Locale::En => en::text(key),
    }
}

pub(crate) fn format(locale: Locale, msg: Msg<'_>) -> String {
    match locale {
        Locale::Nb => nb::format(msg),
        Locale::En => en::format(msg),
    }
}

/// The app's current language, shared through context. Reading it inside a closure tracks it.
#[derive(Clone, Copy)]
pub(crate) struct I18n {
    locale: RwSignal<Locale>,
}

impl I18n {
    pub(crate) fn new(locale: Locale) -> I18n {
        I18n {
            locale: RwSignal::new(locale),
        }
    }

    pub(crate) fn locale(self) -> Locale {
        self.locale.get()
    }

    pub(crate) fn set_locale(self, locale: Locale) {
        self.locale.set(locale);
    }

    pub(crate) fn t(self, key: Key) -> &'static str {
        text(self.locale.get(), key)
    }

    pub(crate) fn f(self, msg: Msg<'_>) -> String {
        format(self.locale.get(), msg)
    }
}

/// Orders two names as a Norwegian list does, whatever the app's language (the names are
/// Norwegian): letters case aside, with æ, ø and å after z in that order; names equal but for case
/// keep a fixed order. Other accented letters sort by code point. Written here rather than with
/// the browser's `Intl.Collator`, whose construction costs about 10 ms on every start-up (measured
/// in Chromium), for three names on Today.
pub(crate) fn compare_names(a: &str, b: &str) -> std::cmp::Ordering {
    fn key(name: &str) -> impl Iterator<Item = char> + '_ {
        name.chars().map(|c| match c {
            'æ' | 'Æ' => '{',
            'ø' | 'Ø' => '|',
            'å' | 'Å' => '}',
            other => other.to_ascii_lowercase(),
        })
    }
    key(a).cmp(key(b)).then_with(|| a.cmp(b))
}

pub(crate) fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// A text that follows the language, for a view or an attribute. Every call returns the same
/// closure type, so a hundred texts cost the code of one (a `move || i18n.t(..)` written in each
/// view is a new type with its own rendering code: that was 40% of the WASM).
pub(crate) fn tr(key: Key) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let i18n = use_i18n();
    move || i18n.t(key)
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_sort_as_a_norwegian_list() {
        let mut names = ["Åse", "ola", "Øyvind", "Ærlig", "Kari", "Ola", "Zara"];
        names.sort_by(|a, b| super::compare_names(a, b));
        assert_eq!(
            names,
            ["Kari", "Ola", "ola", "Zara", "Ærlig", "Øyvind", "Åse"]
        );
    }

    use super::*;

    #[test]
    fn browser_tags_pick_a_language() {
        for (tag, want) in [
            ("nb-NO", Locale::Nb),
            ("no", Locale::Nb),
            ("nn-NO", Locale::Nb),
            ("NB", Locale::Nb),
            ("en-GB", Locale::En),
            ("sv-SE", Locale::En),
            ("", Locale::En),
        ] {
            assert_eq!(Locale::from_browser_tag(tag), want, "{tag}");
        }
    }

    #[test]
    fn codes_round_trip() {
        for locale in Locale::ALL {
            assert_eq!(Locale::from_code(locale.code()), Some(locale));
        }
    }
}
