//! Unescaping string literals.

/// Unescape the body of a string literal. On a bad escape, returns the byte
/// offset (within `raw`) of the backslash and the offending sequence.
pub(crate) fn unescape(raw: &str) -> Result<String, (usize, String)> {
    if !raw.contains('\\') {
        return Ok(raw.to_owned());
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.char_indices();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some((_, 'n')) => out.push('\n'),
            Some((_, 't')) => out.push('\t'),
            Some((_, 'r')) => out.push('\r'),
            Some((_, '\\')) => out.push('\\'),
            Some((_, '"')) => out.push('"'),
            Some((_, '{')) => out.push('{'),
            Some((_, '}')) => out.push('}'),
            Some((_, 'u')) => {
                let rest = &raw[i + 2..];
                let Some(body) = rest
                    .strip_prefix('{')
                    .and_then(|r| r.split_once('}'))
                    .map(|(b, _)| b)
                else {
                    return Err((i, "\\u".into()));
                };
                let code = u32::from_str_radix(body, 16).ok().and_then(char::from_u32);
                match code {
                    Some(ch) if !body.is_empty() && body.len() <= 6 => out.push(ch),
                    _ => return Err((i, format!("\\u{{{body}}}"))),
                }
                // skip `{…}`
                for _ in 0..body.len() + 2 {
                    chars.next();
                }
            }
            Some((_, other)) => return Err((i, format!("\\{other}"))),
            None => return Err((i, "\\".into())),
        }
    }
    Ok(out)
}

/// Escape a string for writing it back as a literal. `in_template` also
/// escapes `{` and `}`.
#[allow(dead_code)] // for the formatter
pub(crate) fn escape(s: &str, in_template: bool) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '{' if in_template => out.push_str("\\{"),
            '}' if in_template => out.push_str("\\}"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_round_trip() {
        for s in [
            "plain",
            "quote \" and \\ back",
            "line\nbreak\ttab",
            "brace {x}",
            "bell \u{7}",
        ] {
            assert_eq!(unescape(&escape(s, true)).as_deref(), Ok(s));
            assert_eq!(unescape(&escape(s, false)).as_deref(), Ok(s));
        }
    }

    #[test]
    fn unicode_escape() {
        assert_eq!(unescape("caf\\u{e9}").as_deref(), Ok("café"));
        assert_eq!(unescape("x\\u{110000}"), Err((1, "\\u{110000}".into())));
        assert_eq!(unescape("bad \\q"), Err((4, "\\q".into())));
    }
}
