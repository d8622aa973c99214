//! Numbers as people type and read them.

/// `v` rounded to hundredths, for figures in explanations.
pub fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// Numbers in messages: no trailing ".0" for whole hours. Goes through
/// serde_json's float writer, already in the bundle for files; core's
/// `Display for f64` would add its own (about 4 KB gzip).
pub fn fmt(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        serde_json::to_string(&v).unwrap_or_else(|_| "not a number".into())
    }
}

/// A decimal number as people type it ("12", "0.5", ".5", "1,5"), read by
/// serde_json's number parser: `str::parse::<f64>` brings core's float
/// tables into the wasm bundle (about 8 KB gzip) for no gain here.
pub fn parse_number(text: &str) -> Option<f64> {
    let t = text.trim().replace(',', ".");
    let t = t.strip_prefix('+').unwrap_or(&t);
    let t = if t.starts_with('.') {
        format!("0{t}")
    } else if t.starts_with("-.") {
        format!("-0{}", &t[1..])
    } else {
        t.to_string()
    };
    let t = t.strip_suffix('.').unwrap_or(&t);
    serde_json::from_str::<f64>(t)
        .ok()
        .filter(|v| v.is_finite())
}

/// Text in double quotes for messages. Not `{:?}`: Debug formatting of
/// strings brings Unicode escape tables into the wasm bundle.
pub fn quote(text: &str) -> String {
    format!("\"{text}\"")
}

/// `v` with one decimal, e.g. "10.5", without core's float formatting.
pub fn one_decimal(v: f64) -> String {
    let tenths = (v * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    format!("{sign}{}.{}", tenths.abs() / 10, tenths.abs() % 10)
}

#[cfg(test)]
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_as_people_type_them() {
        assert_eq!(parse_number("12"), Some(12.0));
        assert_eq!(parse_number(" 0.5 "), Some(0.5));
        assert_eq!(parse_number(".5"), Some(0.5));
        assert_eq!(parse_number("-.5"), Some(-0.5));
        assert_eq!(parse_number("1,5"), Some(1.5));
        assert_eq!(parse_number("+3"), Some(3.0));
        assert_eq!(parse_number("4."), Some(4.0));
        for bad in ["", "abc", "1e999", "1 2", "NaN", "--1"] {
            assert_eq!(parse_number(bad), None, "{bad}");
        }
    }
}
