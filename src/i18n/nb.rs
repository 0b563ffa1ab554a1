//! Norwegian bokmål texts.

use super::{Key, Msg};

pub(super) const WEEKDAYS: [&str; 7] = [
    "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag",
];
pub(super) const MONTHS: [&str; 12] = [
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
];

pub(super) fn text(key: Key) -> &'static str {
    match key {
        Key::Absences => "Fravær",
        Key::Add => "Legg til",
        Key::AddAbsence => "Legg til fravær",
        Key::AddContact => "Ny kontakt",
        Key::AddFallback => "Legg til i lista",
        Key::AddOverride => "Legg til dato",
        Key::AddWindow => "Legg til tid",
        Key::AgreedHours => "Tider",
        Key::Agreement => "Avtale",
        Key::AllDeleted => "Alt er slettet fra denne telefonen.",
        Key::Answered => "Besvart",
        Key::AppName => "Peerline",
        Key::AvailabilityTitle => "Når du kan nås",
        Key::Away => "Borte",
        Key::AwayMessage => "Melding når du ikke kan nås",
        Key::BackOn => "Tilbake nå",
        Key::Burnout1 => "1 – Jeg trives med jobben, ingen tegn til utbrenthet",
        Key::Burnout2 => "2 – Av og til stresset, men ikke utbrent",
        Key::Burnout3 => "3 – Jeg kjenner tegn til utbrenthet",
        Key::Burnout4 => "4 – Tegnene vil ikke gå over",
        Key::Burnout5 => "5 – Helt utbrent",
        Key::BurnoutQuestion => "Hvordan har du det med jobben nå?",
        Key::Call => "Ring",
        Key::Cancel => "Avbryt",
        Key::ChannelCall => "Telefon",
        Key::ChannelMeeting => "Møte",
        Key::ChannelMessage => "Melding",
        Key::ChannelSms => "SMS",
        Key::CheckinPrivate => "Bare for deg, med mindre du velger å dele",
        Key::CheckinTeaser => "Et lite blikk på hvordan du har det",
        Key::CheckinTitle => "Ukessjekk",
        Key::ColAfterHours => "Utenfor dine tider",
        Key::ColContacts => "Kontakter",
        Key::ColOutside => "Utenfor avtalen",
        Key::ColOverLimit => "Dager over grensen",
        Key::ColUnanswered => "Ubesvart",
        Key::ConfirmDelete => "Ja, slett",
        Key::ContactsTitle => "Kontakter",
        Key::Copy => "Kopier",
        Key::CopyTo => "Kopier til …",
        Key::Date => "Dato",
        Key::DateOverrides => "Enkeltdager",
        Key::DayOff => "Fridag",
        Key::DayOffToday => "Fridag i dag",
        Key::Delete => "Slett",
        Key::DeleteAllConfirm => "Ja, slett alt",
        Key::DeleteAllData => "Slett alle data på denne telefonen",
        Key::DeleteAllWarning => "Alt du har lagret på denne telefonen blir borte. Det som ikke er synket, kan ikke hentes tilbake.",
        Key::DeleteHint => "Tar bort kontakter, logg, tider og ukessjekker fra denne telefonen.",
        Key::Direction => "Hvem tok kontakt",
        Key::Edit => "Endre",
        Key::EditContact => "Endre kontakt",
        Key::EditLogEntry => "Endre loggføring",
        Key::EndRelationship => "Avslutt samarbeidet",
        Key::Energy => "Energi",
        Key::EnergyHigh => "mye",
        Key::EnergyLow => "lite",
        Key::Entries => "Loggført denne uka",
        Key::Expectations => "Det dere har avtalt (deltakeren ser dette)",
        Key::ExportData => "Last ned alle dataene mine",
        Key::ExportHint => "En JSON-fil med alt du har lagret her.",
        Key::FallbackLabel => "Navn",
        Key::Fallbacks => "Hvis de trenger noen nå",
        Key::FallbacksHint => "Hvem deltakerne kan ringe når du ikke kan nås, i denne rekkefølgen.",
        Key::From => "Fra",
        Key::History => "Tidligere ukessjekker",
        Key::How => "Hvordan",
        Key::Incoming => "Inn",
        Key::Kind => "Type",
        Key::Language => "Språk",
        Key::LogIncomingCall => "Logg innkommende samtale",
        Key::LogTitle => "Logg",
        Key::MainNavigation => "Hovedmeny",
        Key::MaxPerDay => "Kontakter per dag",
        Key::MaxPerWeek => "Kontakter per uke",
        Key::MessageToServiceUsers => "Melding til deltakerne (valgfritt)",
        Key::Minutes => "Minutter (valgfritt)",
        Key::MoreDetails => "Mer: hvordan, når, notat",
        Key::MoreSettings => "Helligdager og tidssone",
        Key::MoreTitle => "Mer",
        Key::Name => "Navn",
        Key::NavContacts => "Kontakter",
        Key::NavHours => "Tider",
        Key::NavLog => "Logg",
        Key::NavMore => "Mer",
        Key::NavToday => "I dag",
        Key::NeedsGuidance => "Jeg vil gjerne ha veiledning",
        Key::NewLogEntry => "Ny loggføring",
        Key::NewerData => "Denne telefonen har data fra en nyere Peerline. Last inn på nytt for å oppdatere; til da lagres ingenting.",
        Key::NextWeek => "Neste uke",
        Key::NoCheckinsYet => "Ingen ukessjekker ennå.",
        Key::NoContactsYet => "Ingen kontakter ennå.",
        Key::NoEntriesThisWeek => "Ingenting loggført denne uka.",
        Key::NoHoursHint => "Legg inn tidene dine under Tider.",
        Key::NoHoursSet => "Ingen tider de neste 60 dagene",
        Key::NoLimit => "Ingen grense",
        Key::NoMoreWindowsToday => "Ingen flere tider i dag.",
        Key::NoServiceUsersYet => "Du har ingen deltakere ennå.",
        Key::NoStorage => "Nettleseren lar ikke Peerline lagre noe. Det du gjør nå, blir borte når du lukker appen.",
        Key::Nobody => "Ingen",
        Key::NotAnswered => "Ikke besvart",
        Key::NotFound => "Finner ikke dette",
        Key::NotNow => "Ikke nå",
        Key::NotReachable => "Kan ikke nås",
        Key::NotReachableThatDay => "Kan ikke nås denne dagen",
        Key::ObserveHolidays => "Fri på helligdager",
        Key::OtherAbsence => "Annet",
        Key::Outgoing => "Ut",
        Key::PeopleThisWeek => "Hvem har tatt kontakt",
        Key::Person => "Hvem",
        Key::Phone => "Telefon",
        Key::PickADate => "Velg en dato.",
        Key::PickAPerson => "Velg hvem det gjelder.",
        Key::PickStartAndEnd => "Velg når det starter og slutter.",
        Key::PlannedEnd => "Planlagt slutt",
        Key::PressureCaption => "Press på grensene denne uka",
        Key::PreviousWeek => "Forrige uke",
        Key::PrivateNote => "Privat notat",
        Key::PrivateNotes => "Private notater (bare for deg)",
        Key::Profile => "Profil",
        Key::ReachableNow => "Kan nås nå",
        Key::Relationship => "Samarbeidet",
        Key::ReviewOn => "Neste gjennomgang",
        Key::Role => "Hvem er dette",
        Key::RoleColleague => "Kollega",
        Key::RoleCoordinator => "Koordinator",
        Key::RoleService => "Tjeneste",
        Key::RoleServiceUser => "Deltaker",
        Key::SameAsMyHours => "Samme som mine tider",
        Key::Save => "Lagre",
        Key::SaveLog => "Lagre: innkommende samtale, besvart, nå",
        Key::SavedOnPhone => "Lagret på telefonen.",
        Key::SendSms => "Send SMS",
        Key::SettingsTitle => "Innstillinger",
        Key::ShareHint => "Av som standard. Koordinatoren ser bare tallene, aldri notatet.",
        Key::ShareWithCoordinator => "Del med koordinatoren min",
        Key::Shared => "delt",
        Key::ShowLimits => "Vis avtalte grenser til deltakerne",
        Key::Sick => "Syk",
        Key::SkipToContent => "Hopp til innholdet",
        Key::Someone => "Noen",
        Key::StandIn => "Vikar (ringes først)",
        Key::StartedOn => "Startet",
        Key::Status => "Status",
        Key::StatusActive => "aktiv",
        Key::StatusEnded => "avsluttet",
        Key::StatusPaused => "på pause",
        Key::StorageFull => "Telefonen har ikke mer plass til Peerline. Det siste du gjorde er ikke lagret ennå, men ligger i appen så lenge den er åpen. Frigjør plass eller synk, så lagres det.",
        Key::StorageRefused => "Nettleseren tok ikke imot det siste du gjorde. Det ligger i appen så lenge den er åpen.",
        Key::Strain => "Belastning",
        Key::StrainHigh => "tung",
        Key::StrainLow => "lett",
        Key::TimeNotUnderstood => "Skriv tiden som 17:00.",
        Key::TimeZone => "Tidssone",
        Key::To => "Til",
        Key::TodayTitle => "I dag",
        Key::Understood => "Forstått",
        Key::Undo => "Angre",
        Key::UpdateReady => "Ny versjon klar — last inn på nytt",
        Key::Vacation => "Ferie",
        Key::WeeklyHours => "Ukentlige tider",
        Key::WeeklyHoursHint => "Kvelder og helger teller også. Legg inn flere tider samme dag om du vil.",
        Key::When => "Når",
        Key::Who => "Hvem",
        Key::YourData => "Dataene dine",
        Key::YourName => "Navnet ditt",
    }
}

fn times(count: u32) -> &'static str {
    if count == 1 {
        "gang"
    } else {
        "ganger"
    }
}

fn of(count: u32, limit: Option<u32>) -> String {
    limit.map_or_else(|| count.to_string(), |limit| format!("{count} av {limit}"))
}

pub(super) fn format(msg: Msg<'_>) -> String {
    match msg {
        Msg::CallPerson(name) => format!("Ring {name}"),
        Msg::CheckField(field) => format!("Noe i skjemaet må sjekkes ({field})."),
        Msg::CheckinLine {
            energy,
            strain,
            burnout,
        } => {
            format!("energi {energy}, belastning {strain}, utbrenthet {burnout}")
        }
        Msg::ContactsThisWeek(count) => format!("{count} kontakter denne uka"),
        Msg::Counts {
            today,
            per_day,
            week,
            per_week,
        } => {
            format!(
                "I dag {} · Denne uka {}",
                of(today, per_day),
                of(week, per_week)
            )
        }
        Msg::InTouchThisWeek { name, count, limit } => format!(
            "{name} har tatt kontakt {count} {} denne uka (dere avtalte {limit}). \
             Vil du ta det opp med koordinatoren din?",
            times(count)
        ),
        Msg::InTouchToday { name, count, limit } => format!(
            "{name} har tatt kontakt {count} {} i dag (dere avtalte {limit}). \
             Vil du ta det opp med koordinatoren din?",
            times(count)
        ),
        Msg::LogCallFrom(name) => format!("Logg innkommende samtale fra {name}"),
        Msg::LoggedCallFrom(name) => format!("Samtale fra {name} er loggført."),
        Msg::NextTime(when) => format!("Neste gang: {when}"),
        Msg::OutsideAgreement { name, count } => format!(
            "{name} tok kontakt {count} {} denne uka utenom det dere avtalte. \
             Vil du ta det opp med koordinatoren din?",
            times(count)
        ),
        Msg::PressureSummary {
            contacts,
            outside,
            after_hours,
        } => format!(
            "{contacts} kontakter, {outside} utenom avtalene, {after_hours} utenfor dine tider."
        ),
        Msg::Quarantined(count) => format!(
            "Noe lagret data kunne ikke leses og er lagt til side ({count} {}). Alt annet er her.",
            if count == 1 { "del" } else { "deler" }
        ),
        Msg::RemoveWindow { day, window } => format!("Fjern {day} {window}"),
        Msg::Until(when) => format!("Til {when}"),
        Msg::Week(week) => format!("Uke {}, {}", week.week(), week.year()),
        Msg::WindowsLeft(windows) => format!("Resten av dagen: {windows}"),
    }
}
