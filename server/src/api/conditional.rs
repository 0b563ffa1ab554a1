//! Conditional GETs for the share link (`ETag` / `If-None-Match`, RFC 9110 13.1.2): a page that
//! polls every minute gets a body-less 304 while nothing it shows has changed.
//!
//! # What the validator covers
//!
//! A share answer is recomputed at every request, and it names the instant it was computed
//! (`generated_at`; the calendar's `DTSTAMP`), so two answers a minute apart never match byte for
//! byte even when the worker changed nothing. The tag is therefore taken over the answer *without*
//! its generation time: the same tag means the same answer but for that instant, which is exactly
//! what a client needs to keep using its stored copy. Everything else stays in, the reachability
//! state included: it does change with the clock (reachable until 21:00, then not now), and a
//! change the page cannot work out from its stored copy (the worker logged a third call today and
//! the limit is reached) must never be hidden behind a 304. The page works the clock-driven
//! changes out itself anyway, so the few extra 200s a day they cost are the price of never being
//! wrong. Because the two answers differ in that one instant the tag is weak (`W/"..."`): the
//! representations are equivalent, not identical.
//!
//! The server still reads the worker's records and computes the answer for a conditional request
//! (a validator that could be checked without that would need to know the next instant the answer
//! changes by the clock); what the 304 saves is the body on the wire, its parsing and storing on a
//! cheap phone, and the bandwidth of a prepaid plan.

use axum::{
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
use sha2::{Digest, Sha256};

/// A weak entity tag, `W/"..."`: 128 bits of the SHA-256 of the given parts, base64url.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeakTag(String);

impl WeakTag {
    /// The tag of `parts`, hashed in order.
    pub fn of<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> Self {
        let mut hasher = Sha256::new();
        for part in parts {
            hasher.update(part);
        }
        let digest = hasher.finalize();
        Self(format!("W/\"{}\"", URL_SAFE_NO_PAD.encode(&digest[..16])))
    }

    /// The header value.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `If-None-Match` in `headers` names this tag (or is `*`), by the weak comparison
    /// RFC 9110 prescribes for `If-None-Match`: `W/` prefixes are ignored.
    pub fn matches_if_none_match(&self, headers: &HeaderMap) -> bool {
        let ours = opaque(&self.0);
        headers
            .get_all(header::IF_NONE_MATCH)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .map(str::trim)
            .any(|theirs| theirs == "*" || opaque(theirs) == ours)
    }

    /// `response` with this tag, or a 304 with only the tag and `cache_control` when the request's
    /// `If-None-Match` names it (RFC 9110 15.4.5: a 304 carries the headers a 200 would have had
    /// for caching).
    pub fn respond(
        &self,
        request_headers: &HeaderMap,
        cache_control: HeaderValue,
        response: impl FnOnce() -> Response,
    ) -> Response {
        let tag = HeaderValue::from_str(&self.0).unwrap_or_else(|_| HeaderValue::from_static(""));
        let mut response = if self.matches_if_none_match(request_headers) {
            StatusCode::NOT_MODIFIED.into_response()
        } else {
            response()
        };
        let headers = response.headers_mut();
        headers.insert(header::ETAG, tag);
        headers.insert(header::CACHE_CONTROL, cache_control);
        response
    }
}

/// The quoted part of an entity tag, without `W/`.
fn opaque(tag: &str) -> &str {
    tag.strip_prefix("W/").unwrap_or(tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(if_none_match: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in if_none_match {
            headers.append(header::IF_NONE_MATCH, HeaderValue::from_str(value).unwrap());
        }
        headers
    }

    #[test]
    fn tags_are_weak_and_differ_by_content() {
        let tag = WeakTag::of([b"one".as_slice()]);
        assert!(tag.as_str().starts_with("W/\"") && tag.as_str().ends_with('"'));
        assert_eq!(tag, WeakTag::of([b"o".as_slice(), b"ne".as_slice()]));
        assert_ne!(tag, WeakTag::of([b"two".as_slice()]));
    }

    #[test]
    fn if_none_match_compares_weakly_and_accepts_lists_and_star() {
        let tag = WeakTag::of([b"one".as_slice()]);
        let strong = tag.as_str().trim_start_matches("W/").to_owned();
        let other = WeakTag::of([b"two".as_slice()]);
        let list = format!("{}, {}", other.as_str(), tag.as_str());
        let cases: [(Vec<&str>, bool); 8] = [
            (vec![], false),
            (vec![tag.as_str()], true),
            (vec![strong.as_str()], true),
            (vec![other.as_str()], false),
            (vec!["*"], true),
            (vec![list.as_str()], true),
            (vec![other.as_str(), tag.as_str()], true),
            (vec!["\"garbage\""], false),
        ];
        for (values, expected) in cases {
            assert_eq!(
                tag.matches_if_none_match(&headers(&values)),
                expected,
                "{values:?}"
            );
        }
    }
}
