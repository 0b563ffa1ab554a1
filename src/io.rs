//! Everything that touches the browser beyond the DOM tree the components draw: the service worker,
//! local storage, the clock, the language and network state, downloads. Components and the model
//! never call `web_sys` themselves; this keeps the rest testable on the host.

pub(crate) mod browser;
pub(crate) mod http;
pub(crate) mod service_worker;
pub(crate) mod storage;
pub(crate) mod tabs;
