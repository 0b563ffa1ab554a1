//! HTML as a type, for the share page and the PRW app alike: [`Markup`] (maud's) is made only by
//! the [`html!`] template, which escapes every text spliced into it (`(name)`), and by the few
//! constructors here and in the app's `markup` module. A record's text reaches the page only
//! through a splice, so only escaped; a helper takes `&str` for text (escaped where it is spliced)
//! or `Markup` for HTML, never a string of unknown kind. `tests/tidy.rs` fails on HTML built with
//! `format!`/`write!` or on `PreEscaped` outside the markup modules.
//!
//! Phone links are made here, once for both builds: a `tel:`/`sms:` target holds only the digits
//! (and a leading `+`) of the number as a person wrote it.

pub use maud::{html, Markup, Render};

/// `text` escaped for an element or a double-quoted attribute, the way [`html!`] escapes a splice
/// (`&`, `<`, `>`, `"`; every attribute here is double-quoted, so `'` needs nothing). For the
/// screens still drawn with `format!` until they are converted (`tests/tidy.rs` lists them).
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    text.render_to(&mut escaped);
    escaped
}

/// The dialable form of a phone number as written by a person (`+47 400 12 345`): digits and a
/// leading `+` only, so the link is a plain `tel:` URI and nothing else.
pub fn dialable(phone: &str) -> String {
    let mut number = String::with_capacity(phone.len());
    for c in phone.trim().chars() {
        if c.is_ascii_digit() || (c == '+' && number.is_empty()) {
            number.push(c);
        }
    }
    number
}

/// `tel:+4740012345`.
pub fn tel_href(phone: &str) -> String {
    format!("tel:{}", dialable(phone))
}

/// `sms:+4740012345`.
pub fn sms_href(phone: &str) -> String {
    format!("sms:{}", dialable(phone))
}

/// `sms:+4740012345?body=Hi%20Ola%21`: a text message to the number with `body` written in
/// (RFC 5724). The body is percent-encoded, every character but letters and digits, so no text
/// can end the URI, add a parameter, or turn into something else (a `+` stays a `+`, not a space).
pub fn sms_with_body_href(phone: &str, body: &str) -> String {
    let body = percent_encoding::utf8_percent_encode(body, percent_encoding::NON_ALPHANUMERIC);
    format!("sms:{}?body={body}", dialable(phone))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_as_a_splice_is() {
        let nasty = r#"<img src=x onerror="alert('x')">&"#;
        assert_eq!(
            escape(nasty),
            "&lt;img src=x onerror=&quot;alert('x')&quot;&gt;&amp;"
        );
        assert_eq!(escape(nasty), html! { (nasty) }.into_string());
        assert_eq!(escape("Åse Ø"), "Åse Ø");
    }

    #[test]
    fn phone_links_keep_digits_and_a_leading_plus() {
        for (written, href) in [
            ("+47 400 12 345", "tel:+4740012345"),
            ("116 123", "tel:116123"),
            ("(0047) 22-33-44", "tel:0047223344"),
            ("1+1 javascript:alert(1)", "tel:111"),
            ("\"><script>", "tel:"),
        ] {
            assert_eq!(tel_href(written), href, "{written}");
        }
        assert_eq!(sms_href("+47 912 34 567"), "sms:+4791234567");
    }

    #[test]
    fn an_sms_body_is_percent_encoded_whole() {
        for (body, href) in [
            ("Hi Ola!", "sms:+4791234567?body=Hi%20Ola%21"),
            ("a+b&body=x", "sms:+4791234567?body=a%2Bb%26body%3Dx"),
            ("Hei Åse\n", "sms:+4791234567?body=Hei%20%C3%85se%0A"),
            ("\"><script>", "sms:+4791234567?body=%22%3E%3Cscript%3E"),
        ] {
            assert_eq!(sms_with_body_href("+47 912 34 567", body), href, "{body}");
        }
    }
}
