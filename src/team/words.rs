//! The coordinator's words (feature `team`): the texts and messages only the coordinator's
//! screens say, in a table of their own so that the PRW app, built without `team`, carries none
//! of them (every text of a `words!` table is in the WASM whether a screen uses it or not). The
//! same shape as the app's (`crate::words`): a fixed text is a [`TeamText`], one with values a
//! [`TeamMessage`], bokmål and English side by side. Texts both builds say stay in `crate::words::Text`.

use crate::words::{Language, Said};

peerline_share::words! {
    /// A fixed text of the coordinator's screens.
    pub(crate) enum TeamText {
        // The cover calendar (issue 19).
        CalendarTitle => ("Vikarkalender", "Cover calendar"),
        CalendarHint => (
            "Fravær der likepersonen har spurt teamet om vikar, åtte uker fra den valgte uka.",
            "Time away a peer worker asked the team to cover, eight weeks from the chosen week.",
        ),
        CalendarUncovered => ("Trenger vikar", "Needs cover"),
        CalendarCovered => ("Har vikar", "Covered"),
        CalendarNothing => (
            "Ingen har spurt om vikar i disse ukene.",
            "Nobody has asked for cover in these weeks.",
        ),
        CalendarNoneUncovered => ("Alle har vikar.", "Everyone is covered."),
        CalendarHolidays => ("Helligdager i disse ukene", "Public holidays in these weeks"),
        CalendarNoHolidays => ("Ingen helligdager i disse ukene.", "No public holidays in these weeks."),
        CalendarPrevious => ("Forrige uke", "Previous week"),
        CalendarNext => ("Neste uke", "Next week"),
        CalendarNow => ("Fra denne uka", "From this week"),
        // The coordinator's screens (issues 7, 13, 14).
        AccessLogHint => (
            "Hver gang noen i teamet leser tallene, blir det skrevet her.",
            "Every time someone on the team reads the figures, it is written here.",
        ),
        AccessLogTitle => ("Innsynslogg", "Access log"),
        ActiveServiceUsers => ("Deltakere", "Service users"),
        AfterHours => ("Utenfor egne tider", "After hours"),
        BackToTeam => ("Tilbake til teamet", "Back to the team"),
        BoundaryPressure => ("Press på grensene", "Boundary pressure"),
        ChartCaption => (
            "Kontakter, utenfor egne tider og utenfor avtalen, uke for uke",
            "Contacts, after hours and outside agreements, week by week",
        ),
        CheckinNotShared => ("Ukessjekk ikke delt", "Check-in not shared"),
        Contacts => ("Kontakter", "Contacts"),
        DownloadCsv => ("Last ned CSV", "Download CSV"),
        EndingSoon => ("Slutt eller gjennomgang innen 60 dager", "Ending or review within 60 days"),
        EndpointAccessLog => ("Innsynsloggen", "The access log"),
        EndpointCsv => ("CSV-nedlasting", "CSV download"),
        EndpointSummary => ("Ukeoversikt", "Weekly summary"),
        TeamExportHint => (
            "Én rad per deltaker og en sum per likeperson. Nedlastingen blir skrevet i innsynsloggen.",
            "One row per service user and a total per peer worker. The download is written to the access log.",
        ),
        ExportTitle => ("Eksport", "Export"),
        Fetching => ("Henter …", "Fetching …"),
        LimitDays => ("Dager over avtalt antall", "Days over an agreed number"),
        NeverSynced => ("Har ikke synket ennå", "Hasn't synced yet"),
        NoFigures => (
            "Ingen lagrede tall for denne uka. Koble til for å hente dem.",
            "No saved figures for this week. Connect to fetch them.",
        ),
        NoOneOnTeam => ("Ingen likepersoner i teamet ennå.", "No peer workers on the team yet."),
        OutsideAgreement => ("Utenfor avtalen", "Outside agreements"),
        ShowAsTable => ("Vis som tabell", "Show as a table"),
        Stale => ("Ikke synket på over 7 dager", "Not synced for over 7 days"),
        TeamThisWeek => ("Teamet denne uka", "Team this week"),
        TrendTitle => ("Siste 8 uker", "The last 8 weeks"),
        Unanswered => ("Ubesvarte innkommende", "Unanswered incoming"),
        Week => ("Uke", "Week"),
        WeeklyLimits => ("Over avtalen for uka", "Over a weekly agreement"),
        Yes => ("ja", "yes"),
        No => ("nei", "no"),
        Downloaded => ("CSV-filen er lastet ned.", "The CSV file is downloaded."),
        DownloadFailed => (
            "Fikk ikke lastet ned. Prøv igjen når du er på nett.",
            "Couldn't download it. Try again when you're online.",
        ),
        ServiceUser => ("Deltaker", "Service user"),
        WouldLikeGuidance => ("Ønsker veiledning", "Would like guidance"),
        You => ("deg", "you"),
        MembersTitle => ("Medlemmer", "Team members"),
        MembersNeedNetwork => (
            "Medlemmer og invitasjoner trenger nett. Prøv igjen når du er på nett.",
            "Members and invites need the network. Try again when you're online.",
        ),
        MembersNotLoaded => (
            "Fikk ikke hentet medlemmene nå. Prøv igjen om litt.",
            "Couldn't fetch the members just now. Try again in a moment.",
        ),
        RoleWorker => ("Likeperson", "Peer worker"),
        InviteTitle => ("Inviter noen", "Invite someone"),
        InviteHint => (
            "Den nye åpner lenken på telefonen sin og velger brukernavn og passord selv. \
             Lenken virker én gang, i 7 dager.",
            "The new person opens the link on their phone and chooses their own username and \
             password. The link works once, for 7 days.",
        ),
        InviteName => ("Navnet deres", "Their name"),
        InviteRole => ("Rolle", "Role"),
        InviteMake => ("Lag invitasjonslenke", "Make an invite link"),
        InviteNameMissing => ("Skriv navnet deres.", "Write their name."),
        InviteNameTooLong => ("Navnet kan ha opptil 100 tegn.", "The name can have up to 100 characters."),
        InviteQrLabel => ("QR-kode for invitasjonen", "QR code for the invite"),
        InvitesWaiting => ("Invitasjoner som venter", "Invites waiting"),
        NoInvitesWaiting => ("Ingen invitasjoner venter.", "No invites waiting."),
        Withdraw => ("Trekk tilbake", "Withdraw"),
        MemberActive => ("Aktiv", "Active"),
        MemberDeactivated => ("Deaktivert", "Deactivated"),
        Deactivate => ("Deaktiver", "Deactivate"),
        Reactivate => ("Aktiver igjen", "Reactivate"),
        EraseData => ("Slett dataene…", "Erase their data…"),
        SharedAgendaEmpty => ("Ingenting delt til samtalen.", "Nothing shared for the talk."),
        // The coordinator's bottom navigation (`crate::nav`).
        NavTeam => ("Teamet", "Team"),
        NavExport => ("Eksport", "Export"),
        NavAccessLog => ("Innsyn", "Access log"),
        NavMembers => ("Medlemmer", "Members"),
        // `Text::Account`'s words: the PRW's build says them too, but one table's items are of one type.
        NavAccount => ("Konto", "Account"),
    }
}

impl Said for TeamText {
    fn said(self, language: Language) -> &'static str {
        self.in_language(language)
    }
}

/// `message` in `language`.
pub(crate) fn team_message(language: Language, message: TeamMessage<'_>) -> String {
    message.in_language(language)
}

/// A text of the coordinator's screens with values in it.
#[derive(Clone, Copy, Debug)]
pub(crate) enum TeamMessage<'a> {
    /// Saved figures shown without a network, from this moment.
    FiguresFrom(&'a str),
    /// The invite just made (its person's name).
    InviteReady(&'a str),
    InviteWorksUntil(&'a str),
    /// The confirmation of erasing a deactivated worker's data, naming what goes.
    EraseMemberWarning(&'a str),
    EraseMemberData(&'a str),
    Deactivated(&'a str),
    Reactivated(&'a str),
    MemberErased(&'a str),
    /// The team screen's header: how many absences ahead nobody covers yet.
    Uncovered(usize),
    /// The calendar's weeks: the first and the last.
    Weeks {
        first: peerline_core::IsoWeek,
        last: peerline_core::IsoWeek,
    },
    /// A public holiday: its date in words and its name.
    Holiday {
        name: &'a str,
        date: &'a str,
    },
}

impl TeamMessage<'_> {
    /// The message in `language`: bokmål first, then English, for each.
    pub(crate) fn in_language(self, language: Language) -> String {
        let nb = language == Language::Nb;
        match self {
            TeamMessage::FiguresFrom(at) if nb => format!("Lagrede tall, hentet {at}"),
            TeamMessage::FiguresFrom(at) => format!("Saved figures, fetched {at}"),
            TeamMessage::InviteReady(name) if nb => format!(
                "Invitasjonen til {name} er klar. Vis QR-koden eller send lenken. \
                 Den vises bare nå."
            ),
            TeamMessage::InviteReady(name) => format!(
                "The invite for {name} is ready. Show the QR code or send the link. \
                 It is shown only now."
            ),
            TeamMessage::InviteWorksUntil(at) if nb => format!("Lenken virker én gang, til {at}."),
            TeamMessage::InviteWorksUntil(at) => format!("The link works once, until {at}."),
            TeamMessage::EraseMemberWarning(name) if nb => format!(
                "Alt {name} har lagret blir slettet fra serveren for godt: kontaktene, loggene, \
                 tidene, fraværet, ukessjekkene, sakene til koordinatorsamtalen, dekningen og de \
                 private lenkene (de slutter å virke). Tallene for tidligere uker teller dem ikke \
                 lenger. Kontoen blir stående, deaktivert. Dette kan ikke angres."
            ),
            TeamMessage::EraseMemberWarning(name) => format!(
                "Everything {name} has stored is deleted from the server for good: their contacts, \
                 logs, hours, time away, check-ins, items for the coordinator talk, cover, and \
                 private links (they stop working). Past weeks' figures no longer count them. The \
                 account stays, deactivated. This can't be undone."
            ),
            TeamMessage::EraseMemberData(name) if nb => format!("Slett dataene til {name}"),
            TeamMessage::EraseMemberData(name) => format!("Erase {name}'s data"),
            TeamMessage::Deactivated(name) if nb => {
                format!("{name} er deaktivert og logget ut på alle telefoner.")
            }
            TeamMessage::Deactivated(name) => {
                format!("{name} is deactivated and logged out on every phone.")
            }
            TeamMessage::Reactivated(name) if nb => format!("{name} kan logge inn igjen."),
            TeamMessage::Reactivated(name) => format!("{name} can log in again."),
            TeamMessage::MemberErased(name) if nb => format!("Dataene til {name} er slettet."),
            TeamMessage::MemberErased(name) => format!("{name}'s data is erased."),
            TeamMessage::Uncovered(0) if nb => "Alle fravær fremover har vikar".into(),
            TeamMessage::Uncovered(0) => "Every absence ahead is covered".into(),
            TeamMessage::Uncovered(1) if nb => "1 fravær trenger vikar".into(),
            TeamMessage::Uncovered(1) => "1 absence needs cover".into(),
            TeamMessage::Uncovered(n) if nb => format!("{n} fravær trenger vikar"),
            TeamMessage::Uncovered(n) => format!("{n} absences need cover"),
            TeamMessage::Weeks { first, last } if nb => format!(
                "Uke {}, {} \u{2013} uke {}, {}",
                first.week(),
                first.year(),
                last.week(),
                last.year()
            ),
            TeamMessage::Weeks { first, last } => format!(
                "Week {}, {} \u{2013} week {}, {}",
                first.week(),
                first.year(),
                last.week(),
                last.year()
            ),
            TeamMessage::Holiday { name, date } => format!("{date} ({name})"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::LANGUAGES;

    #[test]
    fn no_judging_words_and_no_empty_texts() {
        // design.md, Words: never these, in either language.
        for key in TeamText::ALL {
            for language in LANGUAGES {
                let words = key.said(language).to_lowercase();
                assert!(!words.is_empty(), "{key:?} in {language:?}");
                for bad in peerline_share::words::JUDGING_WORDS {
                    assert!(!words.contains(bad), "{key:?} in {language:?}: {words}");
                }
            }
        }
    }

    #[test]
    fn counts_and_weeks_read_naturally() {
        let say = |language, message: TeamMessage| message.in_language(language);
        assert_eq!(
            say(Language::En, TeamMessage::Uncovered(1)),
            "1 absence needs cover"
        );
        assert_eq!(
            say(Language::En, TeamMessage::Uncovered(3)),
            "3 absences need cover"
        );
        assert_eq!(
            say(Language::Nb, TeamMessage::Uncovered(2)),
            "2 fravær trenger vikar"
        );
        assert_eq!(
            say(Language::Nb, TeamMessage::Uncovered(0)),
            "Alle fravær fremover har vikar"
        );
        let weeks = TeamMessage::Weeks {
            first: "2026-W49".parse().unwrap(),
            last: "2027-W04".parse().unwrap(),
        };
        assert_eq!(
            say(Language::Nb, weeks),
            "Uke 49, 2026 \u{2013} uke 4, 2027"
        );
        assert_eq!(
            say(Language::En, weeks),
            "Week 49, 2026 \u{2013} week 4, 2027"
        );
    }
}
