//! The address users reach the server at (`serve --public-url`), when it differs from the one it
//! listens on: behind a TLS proxy the server speaks plain HTTP on loopback while users see
//! `https://peerline.example.no`. Knowing that the public side is HTTPS, the server can promise
//! browsers HTTPS for the future (HSTS, [`crate::middleware::security_headers`]).

use std::{fmt, str::FromStr};

use axum::http::{uri::Scheme, Uri};

/// An absolute `http://` or `https://` URL with a host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicUrl(Uri);

impl PublicUrl {
    /// Whether users reach the server over HTTPS.
    pub fn is_https(&self) -> bool {
        self.0.scheme() == Some(&Scheme::HTTPS)
    }
}

impl FromStr for PublicUrl {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let uri: Uri = text
            .trim()
            .parse()
            .map_err(|_| format!("{text:?} is not a URL"))?;
        let scheme_ok = matches!(uri.scheme_str(), Some("http" | "https"));
        if !scheme_ok || uri.host().is_none_or(str::is_empty) {
            return Err(format!(
                "{text:?} must be an http:// or https:// URL with a host, like https://peerline.example.no"
            ));
        }
        Ok(Self(uri))
    }
}

impl fmt::Display for PublicUrl {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_urls_are_absolute_http_or_https() {
        for (text, https) in [
            ("https://peerline.example.no", Some(true)),
            ("https://peerline.example.no:8443/", Some(true)),
            ("http://127.0.0.1:8080", Some(false)),
            ("ftp://peerline.example.no", None),
            ("peerline.example.no", None),
            ("/relative", None),
            ("https://", None),
        ] {
            let parsed = text.parse::<PublicUrl>().ok();
            assert_eq!(parsed.map(|url| url.is_https()), https, "{text}");
        }
    }
}
