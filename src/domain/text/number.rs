//! Numbers as people type and read them, in the workspace's locale.
//!
//! One parser, `parse_number`, reads every number a person types (in the
//! locale's `NumberStyle`) and every number in a file or URL (`PLAIN`).
//! Group separators are optional but, when written, sit between groups of
//! exactly three digits; anything a reader could take two ways is refused
//! with a sentence saying how it was read and how to write it, never read
//! a thousand times off.

/// How a locale writes numbers: its decimal sign and the separator between
/// groups of three digits (`None`: no grouping, as in files).
#[derive(Clone, Debug, PartialEq)]
pub struct NumberStyle {
    pub decimal: char,
    pub group: Option<char>,
    /// The locale tag messages name ("en-US"); empty for `PLAIN`.
    pub locale: String,
}

/// Files, URLs and the command line: a decimal point, no grouping.
pub const PLAIN: NumberStyle = NumberStyle {
    decimal: '.',
    group: None,
    locale: String::new(),
};

const NNBSP: char = '\u{202F}';
const NBSP: char = '\u{A0}';

/// Decimal sign and group separator by language, then by language and
/// region where a region differs, as `Intl.NumberFormat` writes them.
/// Tags not listed fall back to their language, then to en-US's.
const STYLES: [(&str, char, char); 33] = [
    ("en", '.', ','),
    ("en-za", ',', NBSP),
    ("ja", '.', ','),
    ("zh", '.', ','),
    ("ko", '.', ','),
    ("he", '.', ','),
    ("hi", '.', ','),
    ("th", '.', ','),
    ("de", ',', '.'),
    ("de-at", ',', NBSP),
    ("de-ch", '.', '\''),
    ("de-li", '.', '\''),
    ("es", ',', '.'),
    ("es-mx", '.', ','),
    ("es-us", '.', ','),
    ("it", ',', '.'),
    ("it-ch", '.', '\''),
    ("nl", ',', '.'),
    ("pt", ',', '.'),
    ("pt-pt", ',', NBSP),
    ("da", ',', '.'),
    ("tr", ',', '.'),
    ("id", ',', '.'),
    ("el", ',', '.'),
    ("fr", ',', NNBSP),
    ("fr-ca", ',', NBSP),
    ("sv", ',', NBSP),
    ("nb", ',', NBSP),
    ("fi", ',', NBSP),
    ("pl", ',', NBSP),
    ("ru", ',', NBSP),
    ("cs", ',', NBSP),
    ("uk", ',', NBSP),
];

impl NumberStyle {
    /// The style of a BCP 47 tag such as "en-US", "de-DE" or "fr-FR"
    /// (case and `_` for `-` do not matter); en-US's for tags not known.
    pub fn for_locale(tag: &str) -> NumberStyle {
        let tag = tag.trim();
        let lower = tag.to_ascii_lowercase().replace('_', "-");
        let mut parts = lower.split('-');
        let language = parts.next().unwrap_or("");
        // The region: two letters or three digits; a script such as "Latn"
        // comes before it and is skipped.
        let region =
            parts.find(|p| p.len() == 2 || (p.len() == 3 && p.bytes().all(|b| b.is_ascii_digit())));
        let find = |key: &str| STYLES.iter().find(|(k, _, _)| *k == key);
        let found = region
            .and_then(|r| find(&format!("{language}-{r}")))
            .or_else(|| find(language))
            .or_else(|| find("en"));
        let (decimal, group) = found.map_or(('.', ','), |&(_, d, g)| (d, g));
        NumberStyle {
            decimal,
            group: Some(group),
            // Messages name the locale; an empty tag reads as en-US.
            locale: if tag.is_empty() { "en-US" } else { tag }.to_string(),
        }
    }

    /// Whether `c` separates groups of digits in this style: its separator,
    /// and for a space-like one any of the three spaces (a plain space, the
    /// no-break space and the narrow one that `Intl` writes for French);
    /// for an apostrophe either apostrophe.
    fn is_group(&self, c: char) -> bool {
        match self.group {
            None => false,
            Some(g) if is_space(g) => is_space(c),
            Some('\'') | Some('’') => c == '\'' || c == '’',
            Some(g) => c == g,
        }
    }

    /// The group separator as messages name it.
    fn group_name(&self) -> String {
        match self.group {
            Some(g) if is_space(g) => "a space".into(),
            Some(g) => format!("“{g}”"),
            None => String::new(),
        }
    }

    /// `1450` written with this style's grouping, for examples.
    fn grouped_example(&self) -> String {
        match self.group {
            Some(g) => format!("1{g}450"),
            None => "1450".into(),
        }
    }
}

fn is_space(c: char) -> bool {
    c == ' ' || c == NBSP || c == NNBSP
}

/// Characters some locale uses between digits: read in another style they
/// mean a misread, not text that is no number at all.
fn is_separator(c: char) -> bool {
    matches!(c, '.' | ',' | '\'' | '’' | '٫' | '٬') || is_space(c)
}

/// Why a text is not a number.
#[derive(Clone, Debug, PartialEq)]
pub enum NumberError {
    /// Nothing like a number ("abc", "", "1e999", "NaN"): the caller says
    /// what it expects.
    NotANumber,
    /// Digits with separators the style does not write that way ("1,45" in
    /// en-US, "2.5" in de-DE): a sentence saying how they are read there
    /// and how to write the number.
    Misread(String),
}

impl NumberError {
    /// The sentence for a field without a label of its own.
    pub fn sentence(&self, text: &str) -> String {
        match self {
            NumberError::NotANumber => format!("“{}” is not a number.", text.trim()),
            NumberError::Misread(why) => why.clone(),
        }
    }
}

/// The refusal of `text` whose separators `style` does not read; `decimal`
/// is the text's digits with its one separator as the decimal sign, when
/// that is a reading.
fn misread(text: &str, style: &NumberStyle, decimal: Option<String>) -> NumberError {
    let d = style.decimal;
    let decimal_example = decimal.unwrap_or_else(|| format!("1{d}5"));
    NumberError::Misread(if style.group.is_none() {
        format!(
            "“{text}” is not a number: write it with “.” as the decimal point and no thousands separators ({decimal_example})."
        )
    } else {
        format!(
            "“{text}” is not a number in {}: {} separates thousands ({}) and “{d}” is the decimal {} ({decimal_example}).",
            style.locale,
            style.group_name(),
            style.grouped_example(),
            if d == '.' { "point" } else { "comma" },
        )
    })
}

/// A number as typed in `style`: an optional sign (`+`, `-` or `−`),
/// digits with the style's group separators between groups of exactly
/// three, an optional decimal part (".5" and "4." are accepted) and an
/// optional exponent ("1e3"). Text around it is trimmed. Infinite and
/// not-a-number values are refused.
///
/// The digits go through core's `str::parse::<f64>`: measured against
/// serde_json's float parser, it is 1.9 KB gzip smaller in the wasm.
pub fn parse_number(text: &str, style: &NumberStyle) -> Result<f64, NumberError> {
    let t = text.trim();
    let (negative, body) = match t.chars().next() {
        Some('+') => (false, &t[1..]),
        Some('-') => (true, &t[1..]),
        Some('−') => (true, &t['−'.len_utf8()..]),
        _ => (false, t),
    };
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(at) => (&body[..at], Some(&body[at + 1..])),
        None => (body, None),
    };
    let exponent = match exponent {
        None => "",
        Some(e) => {
            let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(NumberError::NotANumber);
            }
            e
        }
    };
    if mantissa.chars().any(|c| {
        !(c.is_ascii_digit() || c == style.decimal || style.is_group(c) || is_separator(c))
    }) {
        return Err(NumberError::NotANumber);
    }
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return Err(NumberError::NotANumber);
    }
    // The one separator read as a decimal sign, for the refusal's example.
    let separators: Vec<(usize, char)> = mantissa
        .char_indices()
        .filter(|(_, c)| !c.is_ascii_digit())
        .collect();
    let as_decimal = match separators.as_slice() {
        [(at, c)] => Some(format!(
            "{}{}{}",
            &mantissa[..*at],
            style.decimal,
            &mantissa[at + c.len_utf8()..]
        )),
        _ => None,
    };
    let refuse = || Err(misread(t, style, as_decimal.clone()));

    let mut parts = mantissa.splitn(2, style.decimal);
    let whole = parts.next().unwrap_or("");
    let fraction = parts.next();
    if let Some(f) = fraction {
        if !f.bytes().all(|b| b.is_ascii_digit()) {
            return refuse();
        }
    }
    // The whole part: digits, or groups of three after a first of one to
    // three, split by the style's separator.
    let groups: Vec<&str> = whole.split(|c| style.is_group(c)).collect();
    let grouped_well = match groups.as_slice() {
        [only] => only.bytes().all(|b| b.is_ascii_digit()),
        [first, rest @ ..] => {
            (1..=3).contains(&first.len())
                && first.bytes().all(|b| b.is_ascii_digit())
                && rest
                    .iter()
                    .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
        }
        [] => true,
    };
    if !grouped_well {
        return refuse();
    }
    let whole: String = whole.chars().filter(char::is_ascii_digit).collect();
    let fraction = fraction.unwrap_or("");
    if whole.is_empty() && fraction.is_empty() {
        return Err(NumberError::NotANumber);
    }
    // Only ASCII digits reach here, so core's parser sees a plain decimal.
    let plain = format!(
        "{}{whole}.{fraction}{}{exponent}",
        if negative { "-" } else { "" },
        if exponent.is_empty() { "" } else { "e" },
    );
    plain
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or(NumberError::NotANumber)
}

/// A number typed into the field called `label`, for the editors' one-line
/// refusals: text that is nothing like a number gets "{label} must be
/// {expected}, not “…”." (or "{label} must be {expected}." when empty), a
/// misread gets `parse_number`'s sentence after the label.
pub fn field_number(
    label: &str,
    text: &str,
    style: &NumberStyle,
    expected: &str,
) -> Result<f64, String> {
    parse_number(text, style).map_err(|e| match e {
        NumberError::NotANumber if text.trim().is_empty() => format!("{label} must be {expected}."),
        NumberError::NotANumber => {
            format!("{label} must be {expected}, not {}.", quote(text.trim()))
        }
        NumberError::Misread(why) => format!("{label}: {why}"),
    })
}

/// `v` as `parse_number` reads it back in `style`: `fmt` with the style's
/// decimal sign, no grouping. For the values put into inputs.
pub fn fmt_in(v: f64, style: &NumberStyle) -> String {
    let text = fmt(v);
    if style.decimal == '.' {
        text
    } else {
        text.replace('.', &style.decimal.to_string())
    }
}

/// An amount of money in explanations and files: rounded to cents, no
/// currency sign, no grouping ("1450.5"). The page shows money through
/// `browser::money` (`Intl`), which falls back to this.
pub fn money(v: f64) -> String {
    fmt(round2(v))
}

/// `v` rounded to hundredths, for figures in explanations.
pub fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// Numbers in messages: no trailing ".0" for whole hours. Goes through
/// serde_json's float writer, already in the bundle for files; core's
/// `Display for f64` would add its own (7.1 KB gzip, measured).
pub fn fmt(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        serde_json::to_string(&v).unwrap_or_else(|_| "not a number".into())
    }
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
mod tests {
    use super::*;

    fn read(text: &str, locale: &str) -> Result<f64, NumberError> {
        parse_number(text, &NumberStyle::for_locale(locale))
    }

    fn misread(text: &str, locale: &str) -> String {
        match read(text, locale) {
            Err(NumberError::Misread(why)) => why,
            other => panic!("{text} in {locale}: {other:?}"),
        }
    }

    #[test]
    fn numbers_are_read_as_people_type_them() {
        for locale in ["en-US", "de-DE", "fr-FR"] {
            for (text, v) in [
                ("12", 12.0),
                ("+3", 3.0),
                ("-4", -4.0),
                ("−4", -4.0),
                ("007", 7.0),
                ("1450", 1450.0),
                ("1e3", 1000.0),
            ] {
                assert_eq!(read(text, locale), Ok(v), "{text} in {locale}");
            }
            for bad in [
                "", " ", "abc", "1e999", "NaN", "inf", "--1", "+-1", ".", "1e", "12h",
            ] {
                assert_eq!(
                    read(bad, locale),
                    Err(NumberError::NotANumber),
                    "{bad:?} in {locale}"
                );
            }
        }
    }

    #[test]
    fn en_us_groups_with_commas_and_has_a_decimal_point() {
        for (text, v) in [
            ("1,450", 1450.0),
            (" 0.5 ", 0.5),
            (".5", 0.5),
            ("-.5", -0.5),
            ("4.", 4.0),
            ("1,450.25", 1450.25),
            ("12,000,000", 12_000_000.0),
            ("-1,450", -1450.0),
        ] {
            assert_eq!(read(text, "en-US"), Ok(v), "{text}");
        }
        assert_eq!(
            misread("1,45", "en-US"),
            "“1,45” is not a number in en-US: “,” separates thousands (1,450) and “.” is the decimal point (1.45)."
        );
        for bad in [
            "1,4500", ",5", "1,,450", "1,450,5", "1.450,5", "1 450", "1.2.3", "1.45,0",
        ] {
            misread(bad, "en-US");
        }
        // Other English locales and unknown tags read as en-US does.
        for locale in ["en-GB", "en", "EN_au", "xx-YY", ""] {
            assert_eq!(read("1,450.5", locale), Ok(1450.5), "{locale}");
        }
    }

    #[test]
    fn de_de_groups_with_points_and_has_a_decimal_comma() {
        for (text, v) in [
            ("1,450", 1.45),
            ("1,45", 1.45),
            ("1.450", 1450.0),
            ("1.450,5", 1450.5),
            (",5", 0.5),
            ("2,", 2.0),
            ("12.000.000", 12_000_000.0),
        ] {
            assert_eq!(read(text, "de-DE"), Ok(v), "{text}");
        }
        assert_eq!(
            misread("2.5", "de-DE"),
            "“2.5” is not a number in de-DE: “.” separates thousands (1.450) and “,” is the decimal comma (2,5)."
        );
        for bad in ["1.45", "1.450.5", "1,450.5", "1,2,3"] {
            misread(bad, "de-DE");
        }
        assert_eq!(read("1,5", "de-AT"), Ok(1.5));
        assert_eq!(read("1\u{a0}450", "de-AT"), Ok(1450.0));
        assert_eq!(read("1'450.5", "de-CH"), Ok(1450.5));
        assert_eq!(read("1’450", "de-CH"), Ok(1450.0));
    }

    #[test]
    fn fr_fr_groups_with_spaces_and_has_a_decimal_comma() {
        // Intl writes a narrow no-break space; people type a space or a
        // no-break space.
        for text in ["1\u{202f}450,5", "1\u{a0}450,5", "1 450,5", "1450,5"] {
            assert_eq!(read(text, "fr-FR"), Ok(1450.5), "{text:?}");
        }
        assert_eq!(read("1,450", "fr-FR"), Ok(1.45));
        assert_eq!(read("12 000 000", "fr-FR"), Ok(12_000_000.0));
        assert_eq!(
            misread("2.5", "fr-FR"),
            "“2.5” is not a number in fr-FR: a space separates thousands (1\u{202f}450) and “,” is the decimal comma (2,5)."
        );
        for bad in ["1 45", "1.450", "1 450 5", "1 4500"] {
            misread(bad, "fr-FR");
        }
    }

    #[test]
    fn plain_is_for_files_a_decimal_point_and_no_grouping() {
        assert_eq!(parse_number("1450.5", &PLAIN), Ok(1450.5));
        assert_eq!(parse_number("1e-7", &PLAIN), Ok(1e-7));
        assert_eq!(parse_number("-0.25", &PLAIN), Ok(-0.25));
        assert_eq!(
            parse_number("1,5", &PLAIN),
            Err(NumberError::Misread(
                "“1,5” is not a number: write it with “.” as the decimal point and no thousands separators (1.5).".into()
            ))
        );
        assert!(parse_number("1,450", &PLAIN).is_err());
    }

    #[test]
    fn numbers_written_for_inputs_read_back() {
        for locale in ["en-US", "de-DE", "fr-FR", "de-CH"] {
            let style = NumberStyle::for_locale(locale);
            for v in [0.0, 1450.5, -2.25, 0.1, 1e-7, 123_456_789.0] {
                assert_eq!(
                    parse_number(&fmt_in(v, &style), &style),
                    Ok(v),
                    "{v} in {locale}"
                );
            }
        }
        assert_eq!(fmt_in(2.5, &NumberStyle::for_locale("de-DE")), "2,5");
    }

    #[test]
    fn refusals_name_the_text_as_typed() {
        assert_eq!(
            NumberError::NotANumber.sentence(" two "),
            "“two” is not a number."
        );
        assert!(
            matches!(read("1,45", ""), Err(NumberError::Misread(why)) if why.contains(" in en-US: "))
        );
        assert_eq!(money(1450.005), "1450.01");
        assert_eq!(money(12.0), "12");
    }
}
