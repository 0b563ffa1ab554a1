//! HTML escaping and phone links. Every text from the worker's records (names, messages,
//! expectations, fallback labels) passes through [`escape`] before it reaches `innerHTML`.

/// `text` safe inside an element or a double-quoted attribute.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped() {
        assert_eq!(
            escape(r#"<img src=x onerror="alert('x')">&"#),
            "&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;"
        );
        assert_eq!(escape("Åse Ø"), "Åse Ø");
    }

    #[test]
    fn phone_links_keep_digits_and_a_leading_plus() {
        for (written, href) in [
            ("+47 400 12 345", "tel:+4740012345"),
            ("116 123", "tel:116123"),
            ("(0047) 22-33-44", "tel:0047223344"),
            ("1+1 javascript:alert(1)", "tel:111"),
        ] {
            assert_eq!(tel_href(written), href, "{written}");
        }
        assert_eq!(sms_href("+47 912 34 567"), "sms:+4791234567");
    }
}
