//! The behaviour tests of peerline-core, one binary (one link on a busy machine), one module per
//! behaviour, each with one `check` helper behind a table of cases.

mod domain {
    mod support;

    mod agreement;
    mod calendar;
    mod cover;
    mod fuzz;
    mod hlc;
    mod holidays;
    mod kind_reply;
    mod merge;
    mod pressure;
    mod reachability;
    mod records;
    mod share;
    mod time_words;
    mod windows;
}
