//! The words of logging in, sync and the coordinator's screens, in bokmål and English side by side.
//!
//! They live apart from `i18n`'s locale files so that the screens for accounts, sync and the team
//! could grow without touching the PRW screens' texts; the mechanism is the same (an exhaustive
//! `match`, so a missing translation does not compile). Tone per design.md: warm, short, no blame
//! ("press på grensene", never "brudd").

use crate::i18n::{use_i18n, Locale};

/// A plain text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum W {
    Account,
    AccessLogHint,
    AccessLogTitle,
    ActiveServiceUsers,
    AfterHours,
    BackToTeam,
    BoundaryPressure,
    ChartCaption,
    CheckinNotShared,
    Contacts,
    ContinueWithout,
    DownloadCsv,
    EndingSoon,
    EndpointAccessLog,
    EndpointCsv,
    EndpointSummary,
    ExportHint,
    ExportTitle,
    Fetching,
    InvalidCredentials,
    KindAbsence,
    KindAgendaItem,
    KindAvailability,
    KindCheckin,
    KindContact,
    KindCoverOffer,
    KindCoverRequest,
    KindDateOverride,
    KindLog,
    KindProfile,
    LimitDays,
    LogIn,
    LogInAgain,
    LogInToSync,
    LoggingIn,
    LoginFailed,
    LoginHint,
    LoginOffline,
    LoginTitle,
    LogOut,
    LogOutAnyway,
    LogoutClears,
    NavAccessLog,
    NavExport,
    NavTeam,
    NeverSynced,
    NoFigures,
    NoOneOnTeam,
    NotSyncedYet,
    OutsideAgreement,
    Password,
    ProblemNetwork,
    Rejected,
    RejectedClockSkew,
    RejectedForbidden,
    RejectedOther,
    RejectedUnknown,
    SessionEnded,
    ShowAsTable,
    Stale,
    SyncFirst,
    SyncNow,
    SyncProblem,
    Syncing,
    TeamThisWeek,
    TrendTitle,
    Unanswered,
    Username,
    Week,
    WeeklyLimits,
    Yes,
    No,
    Downloaded,
    DownloadFailed,
    ServiceUser,
    WouldLikeGuidance,
    You,
}

fn pair(key: W) -> (&'static str, &'static str) {
    match key {
        W::Account => ("Konto", "Account"),
        W::AccessLogHint => (
            "Hver gang noen i teamet leser tallene, blir det skrevet her.",
            "Every time someone on the team reads the figures, it is written here.",
        ),
        W::AccessLogTitle => ("Innsynslogg", "Access log"),
        W::ActiveServiceUsers => ("Deltakere", "Service users"),
        W::AfterHours => ("Utenfor egne tider", "After hours"),
        W::BackToTeam => ("Tilbake til teamet", "Back to the team"),
        W::BoundaryPressure => ("Press på grensene", "Boundary pressure"),
        W::ChartCaption => (
            "Kontakter, utenfor egne tider og utenfor avtalen, uke for uke",
            "Contacts, after hours and outside agreements, week by week",
        ),
        W::CheckinNotShared => ("Ukessjekk ikke delt", "Check-in not shared"),
        W::Contacts => ("Kontakter", "Contacts"),
        W::ContinueWithout => ("Bruk appen uten å logge inn", "Use the app without logging in"),
        W::DownloadCsv => ("Last ned CSV", "Download CSV"),
        W::EndingSoon => ("Slutt eller gjennomgang innen 60 dager", "Ending or review within 60 days"),
        W::EndpointAccessLog => ("Innsynsloggen", "The access log"),
        W::EndpointCsv => ("CSV-nedlasting", "CSV download"),
        W::EndpointSummary => ("Ukeoversikt", "Weekly summary"),
        W::ExportHint => (
            "Én rad per deltaker og en sum per likeperson. Nedlastingen blir skrevet i innsynsloggen.",
            "One row per service user and a total per peer worker. The download is written to the access log.",
        ),
        W::ExportTitle => ("Eksport", "Export"),
        W::Fetching => ("Henter …", "Fetching …"),
        W::InvalidCredentials => (
            "Brukernavnet og passordet passer ikke sammen. Prøv igjen.",
            "That username and password don't match. Try again.",
        ),
        W::KindAbsence => ("Fravær", "Time away"),
        W::KindAgendaItem => ("Til koordinatorsamtalen", "For the coordinator talk"),
        W::KindAvailability => ("Tidene dine", "Your hours"),
        W::KindCheckin => ("Ukessjekk", "Check-in"),
        W::KindContact => ("Kontakt", "Contact"),
        W::KindCoverOffer => ("Tilbud om å dekke", "Offer to cover"),
        W::KindCoverRequest => ("Ønske om dekning", "Request for cover"),
        W::KindDateOverride => ("Dato", "Date"),
        W::KindLog => ("Logg", "Log"),
        W::KindProfile => ("Profilen din", "Your profile"),
        W::LimitDays => ("Dager over avtalt antall", "Days over an agreed number"),
        W::LogIn => ("Logg inn", "Log in"),
        W::LogInAgain => ("Logg inn igjen", "Log in again"),
        W::LogInToSync => ("Logg inn for å synke", "Log in to sync"),
        W::LoggingIn => ("Logger inn …", "Logging in …"),
        W::LoginFailed => (
            "Fikk ikke logget inn akkurat nå. Prøv igjen om litt.",
            "Couldn't log in just now. Try again in a moment.",
        ),
        W::LoginHint => (
            "Når du er logget inn, tas dataene dine vare på og synkes. Appen virker uten nett etterpå.",
            "Once you're logged in, your data is kept safe and synced. The app works offline after that.",
        ),
        W::LoginOffline => (
            "Du er uten nett. Koble til for å logge inn.",
            "You're offline. Connect to log in.",
        ),
        W::LoginTitle => ("Logg inn", "Log in"),
        W::LogOut => ("Logg ut", "Log out"),
        W::LogOutAnyway => ("Logg ut likevel", "Log out anyway"),
        W::LogoutClears => (
            "Når du logger ut, slettes dataene på denne telefonen. Det som er synket, er trygt på serveren.",
            "Logging out deletes the data on this phone. What has synced is safe on the server.",
        ),
        W::NavAccessLog => ("Innsyn", "Access log"),
        W::NavExport => ("Eksport", "Export"),
        W::NavTeam => ("Teamet", "Team"),
        W::NeverSynced => ("Har ikke synket ennå", "Hasn't synced yet"),
        W::NoFigures => (
            "Ingen lagrede tall for denne uka. Koble til for å hente dem.",
            "No saved figures for this week. Connect to fetch them.",
        ),
        W::NoOneOnTeam => ("Ingen likepersoner i teamet ennå.", "No peer workers on the team yet."),
        W::NotSyncedYet => ("Ikke synket ennå", "Not synced yet"),
        W::OutsideAgreement => ("Utenfor avtalen", "Outside agreements"),
        W::Password => ("Passord", "Password"),
        W::ProblemNetwork => ("Fikk ikke kontakt med serveren.", "Couldn't reach the server."),
        W::Rejected => (
            "Serveren tok ikke imot disse endringene, så de er tatt ut av køen:",
            "The server didn't take these changes, so they're out of the queue:",
        ),
        W::RejectedClockSkew => (
            "klokka på telefonen går for fort",
            "this phone's clock is ahead",
        ),
        W::RejectedForbidden => ("hører til en annen konto", "belongs to another account"),
        W::RejectedOther => ("ble ikke godtatt", "wasn't accepted"),
        W::RejectedUnknown => (
            "denne versjonen av appen er eldre enn serveren",
            "this version of the app is older than the server",
        ),
        W::SessionEnded => (
            "Du er logget ut på serveren. Logg inn igjen for å synke. Endringene dine er trygt lagret på telefonen.",
            "You've been logged out on the server. Log in again to sync. Your changes are safe on this phone.",
        ),
        W::ShowAsTable => ("Vis som tabell", "Show as a table"),
        W::Stale => ("Ikke synket på over 7 dager", "Not synced for over 7 days"),
        W::SyncFirst => ("Synk først", "Sync first"),
        W::SyncNow => ("Synk nå", "Sync now"),
        W::SyncProblem => ("Synk-problem", "Sync problem"),
        W::Syncing => ("Synker …", "Syncing …"),
        W::TeamThisWeek => ("Teamet denne uka", "Team this week"),
        W::TrendTitle => ("Siste 8 uker", "The last 8 weeks"),
        W::Unanswered => ("Ubesvarte innkommende", "Unanswered incoming"),
        W::Username => ("Brukernavn", "Username"),
        W::Week => ("Uke", "Week"),
        W::WeeklyLimits => ("Over avtalen for uka", "Over a weekly agreement"),
        W::WouldLikeGuidance => ("Ønsker veiledning", "Would like guidance"),
        W::You => ("deg", "you"),
        W::Yes => ("ja", "yes"),
        W::No => ("nei", "no"),
        W::Downloaded => ("CSV-filen er lastet ned.", "The CSV file is downloaded."),
        W::DownloadFailed => (
            "Fikk ikke lastet ned. Prøv igjen når du er på nett.",
            "Couldn't download it. Try again when you're online.",
        ),
        W::ServiceUser => ("Deltaker", "Service user"),
    }
}

/// `key` in `locale`.
pub(crate) fn word(locale: Locale, key: W) -> &'static str {
    let (nb, en) = pair(key);
    match locale {
        Locale::Nb => nb,
        Locale::En => en,
    }
}

/// A text that follows the language, for a view or an attribute (one closure type for all, like
/// `i18n::tr`).
pub(crate) fn wt(key: W) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let i18n = use_i18n();
    move || word(i18n.locale(), key)
}

/// A text with a value in it.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Wf<'a> {
    /// Changes waiting for the server.
    Waiting(usize),
    /// Offline, with changes waiting.
    Offline(usize),
    /// The last good sync, as a moment ("kl. 14:02").
    Synced(&'a str),
    /// A failed login locked for a while.
    TooManyAttempts(u64),
    /// The phone holds another account's data.
    OtherAccount(&'a str),
    /// Unsynced changes before logging out.
    UnsyncedBeforeLogout(usize),
    LoggedInAs(&'a str),
    ServerError(u16),
    NextTry(&'a str),
    /// Saved figures shown without a network, from this moment.
    FiguresFrom(&'a str),
    LastSync(&'a str),
}

pub(crate) fn format(locale: Locale, message: Wf<'_>) -> String {
    let nb = locale == Locale::Nb;
    match message {
        Wf::Waiting(1) if nb => "1 endring venter".into(),
        Wf::Waiting(1) => "1 change waiting".into(),
        Wf::Waiting(n) if nb => format!("{n} endringer venter"),
        Wf::Waiting(n) => format!("{n} changes waiting"),
        Wf::Offline(0) if nb => "Frakoblet".into(),
        Wf::Offline(0) => "Offline".into(),
        Wf::Offline(n) if nb => format!("Frakoblet · {}", format(locale, Wf::Waiting(n))),
        Wf::Offline(n) => format!("Offline · {}", format(locale, Wf::Waiting(n))),
        Wf::Synced(at) if nb => format!("Synket {at}"),
        Wf::Synced(at) => format!("Synced {at}"),
        Wf::TooManyAttempts(minutes) if nb => {
            format!("Mange forsøk på kort tid. Vent {minutes} min og prøv igjen.")
        }
        Wf::TooManyAttempts(minutes) => {
            format!("A lot of tries in a short time. Wait {minutes} min and try again.")
        }
        Wf::OtherAccount(name) if nb => format!(
            "Denne telefonen har data fra kontoen til {name}. Logg ut av den først (Mer → Logg ut)."
        ),
        Wf::OtherAccount(name) => format!(
            "This phone holds data from {name}'s account. Log out of it first (More → Log out)."
        ),
        Wf::UnsyncedBeforeLogout(n) if nb => format!(
            "{n} endring(er) har ikke nådd serveren ennå. Logger du ut nå, forsvinner de fra telefonen."
        ),
        Wf::UnsyncedBeforeLogout(n) => format!(
            "{n} change(s) haven't reached the server yet. If you log out now, they're gone from this phone."
        ),
        Wf::LoggedInAs(name) if nb => format!("Logget inn som {name}"),
        Wf::LoggedInAs(name) => format!("Logged in as {name}"),
        Wf::ServerError(status) if nb => format!("Serveren svarte med en feil ({status})."),
        Wf::ServerError(status) => format!("The server answered with an error ({status})."),
        Wf::NextTry(at) if nb => format!("Prøver igjen {at}."),
        Wf::NextTry(at) => format!("Trying again {at}."),
        Wf::FiguresFrom(at) if nb => format!("Lagrede tall, hentet {at}"),
        Wf::FiguresFrom(at) => format!("Saved figures, fetched {at}"),
        Wf::LastSync(at) if nb => format!("Sist synket {at}"),
        Wf::LastSync(at) => format!("Last synced {at}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_naturally() {
        assert_eq!(format(Locale::En, Wf::Waiting(1)), "1 change waiting");
        assert_eq!(format(Locale::En, Wf::Waiting(3)), "3 changes waiting");
        assert_eq!(format(Locale::Nb, Wf::Waiting(3)), "3 endringer venter");
        assert_eq!(format(Locale::En, Wf::Offline(0)), "Offline");
        assert_eq!(
            format(Locale::Nb, Wf::Offline(2)),
            "Frakoblet · 2 endringer venter"
        );
        assert_eq!(
            format(Locale::En, Wf::Offline(1)),
            "Offline · 1 change waiting"
        );
    }

    #[test]
    fn no_judging_words() {
        // design.md, Words: never these, in either language.
        const NEVER: [&str; 7] = [
            "violation",
            "non-compliant",
            "addict",
            "relapse",
            "brudd",
            "sprekk",
            "rusmisbruk",
        ];
        for key in ALL_KEYS {
            for locale in Locale::ALL {
                let text = word(locale, key).to_lowercase();
                for bad in NEVER {
                    assert!(!text.contains(bad), "{key:?} in {locale:?}: {text}");
                }
            }
        }
    }

    const ALL_KEYS: [W; 14] = [
        W::AfterHours,
        W::OutsideAgreement,
        W::LimitDays,
        W::WeeklyLimits,
        W::Unanswered,
        W::BoundaryPressure,
        W::Stale,
        W::Rejected,
        W::RejectedForbidden,
        W::RejectedOther,
        W::SessionEnded,
        W::InvalidCredentials,
        W::LogoutClears,
        W::WouldLikeGuidance,
    ];
}
