//! The machinery of reading: `Obj`, a JSON object being read with its path,
//! whose methods read one field each and record the first problem met, and
//! `readers!`, the table form every model type's reader is written in.

use std::cell::RefCell;

use serde::Serialize;

use super::ReadError;
use serde_json::{Map, Value};

/// The first problem met while reading. Readers record it and carry on with
/// a placeholder instead of returning early: early returns made the compiler
/// emit clean-up code for every field read so far, at every field (the
/// reader was the largest function in the wasm bundle).
#[derive(Default)]
pub(super) struct Ctx {
    first: RefCell<Option<ReadError>>,
}

impl Ctx {
    #[cold]
    #[inline(never)]
    pub(super) fn fail(&self, path: &str, key: &str, detail: String) {
        let mut first = self.first.borrow_mut();
        if first.is_none() {
            let path = match (path.is_empty(), key.is_empty()) {
                (_, true) => path.to_string(),
                (true, false) => key.to_string(),
                (false, false) => format!("{path}.{key}"),
            };
            *first = Some(ReadError { path, detail });
        }
    }

    /// What was read, unless a problem was met.
    pub(super) fn result<T>(self, read: T) -> Result<T, ReadError> {
        match self.first.into_inner() {
            Some(e) => Err(e),
            None => Ok(read),
        }
    }
}

pub(super) fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("{b}"),
        Value::Number(n) => format!(
            "the number {}",
            serde_json::to_string(n).unwrap_or_default()
        ),
        Value::String(s) if s.chars().count() > 40 => "a long string".into(),
        Value::String(s) => format!("the string \"{s}\""),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// An object being read: remembers which keys were taken so that `done`
/// can refuse the ones nobody knows. A value that is not an object reads as
/// an empty one after its error is recorded.
pub struct Obj<'a> {
    pub(super) map: Option<&'a Map<String, Value>>,
    pub(super) path: String,
    pub(super) seen: RefCell<Vec<&'static str>>,
    pub(super) ctx: &'a Ctx,
}

impl<'a> Obj<'a> {
    #[inline(never)]
    pub(super) fn new(ctx: &'a Ctx, v: Option<&'a Value>, path: String) -> Obj<'a> {
        let map = match v {
            Some(Value::Object(map)) => Some(map),
            Some(other) => {
                ctx.fail(
                    &path,
                    "",
                    format!("expected an object, found {}", describe(other)),
                );
                None
            }
            None => None,
        };
        Obj {
            map,
            path,
            seen: RefCell::new(vec![]),
            ctx,
        }
    }

    pub(super) fn at(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.into()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    #[inline(never)]
    pub(super) fn wrong(&self, key: &str, expected: &str, found: &Value) {
        self.ctx.fail(
            &self.path,
            key,
            format!("expected {expected}, found {}", describe(found)),
        );
    }

    /// The value of `key`, `None` when absent or null.
    #[inline(never)]
    pub(super) fn get(&self, key: &'static str) -> Option<&'a Value> {
        self.seen.borrow_mut().push(key);
        self.map?.get(key).filter(|v| !v.is_null())
    }

    #[inline(never)]
    pub(super) fn required(&self, key: &'static str) -> Option<&'a Value> {
        let v = self.get(key);
        if v.is_none() && self.map.is_some() {
            self.ctx
                .fail(&self.path, "", format!("missing field “{key}”"));
        }
        v
    }

    /// Keys that are written by the app but not read back.
    pub fn ignore(&self, keys: &[&'static str]) {
        self.seen.borrow_mut().extend_from_slice(keys);
    }

    /// Records any key that was not read.
    #[inline(never)]
    pub fn done(self) {
        let seen = self.seen.borrow();
        if let Some(k) = self
            .map
            .and_then(|m| m.keys().find(|k| !seen.contains(&k.as_str())))
        {
            self.ctx.fail(
                &self.path,
                k,
                format!("unknown field; known fields here: {}", seen.join(", ")),
            );
        }
    }

    #[inline(never)]
    pub(super) fn text_of(&self, key: &'static str, v: Option<&Value>) -> Option<String> {
        let v = v?;
        let text = v.as_str().map(String::from);
        if text.is_none() {
            self.wrong(key, "text", v);
        }
        text
    }

    #[inline(never)]
    pub(super) fn number_of(&self, key: &'static str, v: Option<&Value>) -> Option<f64> {
        let v = v?;
        let n = v.as_f64();
        if n.is_none() {
            self.wrong(key, "a number", v);
        }
        n
    }

    pub fn str(&self, key: &'static str) -> String {
        self.text_of(key, self.required(key)).unwrap_or_default()
    }

    pub fn str_or(&self, key: &'static str, default: &str) -> String {
        self.text_of(key, self.get(key))
            .unwrap_or_else(|| default.into())
    }

    pub fn opt_str(&self, key: &'static str) -> Option<String> {
        self.text_of(key, self.get(key))
    }

    pub fn f64(&self, key: &'static str) -> f64 {
        self.number_of(key, self.required(key)).unwrap_or_default()
    }

    pub fn f64_or(&self, key: &'static str, default: f64) -> f64 {
        self.number_of(key, self.get(key)).unwrap_or(default)
    }

    pub fn opt_f64(&self, key: &'static str) -> Option<f64> {
        self.number_of(key, self.get(key))
    }

    #[inline(never)]
    pub(super) fn u32_of(&self, key: &'static str, v: Option<&Value>) -> Option<u32> {
        let v = v?;
        let n = v.as_u64().and_then(|n| u32::try_from(n).ok());
        if n.is_none() {
            self.wrong(key, "a whole number ≥ 0", v);
        }
        n
    }

    pub fn u32(&self, key: &'static str) -> u32 {
        self.u32_of(key, self.required(key)).unwrap_or_default()
    }

    pub fn opt_u32(&self, key: &'static str) -> Option<u32> {
        self.u32_of(key, self.get(key))
    }

    /// A required count of a simulation (iterations, a bin's samples).
    pub fn count(&self, key: &'static str) -> u32 {
        self.whole(
            key,
            u64::from(u32::MAX),
            "a whole number from 0 to 4294967295",
        ) as u32
    }

    /// A required whole number from 0 to `max`.
    #[inline(never)]
    pub fn whole(&self, key: &'static str, max: u64, expected: &str) -> u64 {
        let Some(v) = self.required(key) else {
            return 0;
        };
        let n = v.as_u64().filter(|&n| n <= max);
        if n.is_none() {
            self.wrong(key, expected, v);
        }
        n.unwrap_or_default()
    }

    /// A required number for which `ok` holds; 0 when there is none.
    #[inline(never)]
    pub fn number_where(&self, key: &'static str, ok: fn(f64) -> bool, expected: &str) -> f64 {
        let Some(v) = self.required(key) else {
            return 0.0;
        };
        let n = v.as_f64().filter(|&n| ok(n));
        if n.is_none() {
            self.wrong(key, expected, v);
        }
        n.unwrap_or_default()
    }

    /// A required number ≥ 0.
    pub fn non_negative(&self, key: &'static str) -> f64 {
        self.number_where(key, |n| n >= 0.0, "a number ≥ 0")
    }

    pub fn u32_or(&self, key: &'static str, default: u32) -> u32 {
        self.opt_u32(key).unwrap_or(default)
    }

    #[inline(never)]
    pub fn bool_or(&self, key: &'static str, default: bool) -> bool {
        match self.get(key) {
            None => default,
            Some(v) => v.as_bool().unwrap_or_else(|| {
                self.wrong(key, "true or false", v);
                default
            }),
        }
    }

    #[inline(never)]
    pub fn obj(&self, key: &'static str) -> Obj<'a> {
        Obj::new(self.ctx, self.required(key), self.at(key))
    }

    #[inline(never)]
    pub fn opt_obj(&self, key: &'static str) -> Option<Obj<'a>> {
        let v = self.get(key)?;
        Some(Obj::new(self.ctx, Some(v), self.at(key)))
    }

    /// A required object, read by `read`.
    pub fn obj_with<T>(&self, key: &'static str, read: fn(Obj) -> T) -> T {
        read(self.obj(key))
    }

    pub fn opt_obj_with<T>(&self, key: &'static str, read: fn(Obj) -> T) -> Option<T> {
        self.opt_obj(key).map(read)
    }

    /// An object read by `read`, or `default` when absent or null.
    pub fn obj_or<T>(&self, key: &'static str, read: fn(Obj) -> T, default: T) -> T {
        self.opt_obj(key).map_or(default, read)
    }

    /// The items of a list (absent or null is empty).
    #[inline(never)]
    pub(super) fn items(&self, key: &'static str) -> &'a [Value] {
        match self.get(key) {
            None => &[],
            Some(Value::Array(items)) => items,
            Some(v) => {
                self.wrong(key, "a list", v);
                &[]
            }
        }
    }

    /// A list of objects, each read by `item`.
    pub fn list<T>(&self, key: &'static str, item: fn(Obj) -> T) -> Vec<T> {
        let at = self.at(key);
        self.items(key)
            .iter()
            .enumerate()
            .map(|(i, v)| item(Obj::new(self.ctx, Some(v), format!("{at}[{i}]"))))
            .collect()
    }

    #[inline(never)]
    pub fn strings(&self, key: &'static str) -> Vec<String> {
        let at = self.at(key);
        let mut out = vec![];
        for (i, v) in self.items(key).iter().enumerate() {
            match v.as_str() {
                Some(s) => out.push(s.to_string()),
                None => self.ctx.fail(
                    &format!("{at}[{i}]"),
                    "",
                    format!("expected text, found {}", describe(v)),
                ),
            }
        }
        out
    }

    /// The variant whose serde name is the text.
    pub fn choice<E: Serialize + Copy>(&self, key: &'static str, all: &[E]) -> E {
        self.choice_of(key, self.required(key), all)
            .unwrap_or(all[0])
    }

    pub fn choice_or<E: Serialize + Copy>(&self, key: &'static str, all: &[E], default: E) -> E {
        self.choice_of(key, self.get(key), all).unwrap_or(default)
    }

    pub fn opt_choice<E: Serialize + Copy>(&self, key: &'static str, all: &[E]) -> Option<E> {
        self.choice_of(key, self.get(key), all)
    }

    pub(super) fn choice_of<E: Serialize + Copy>(
        &self,
        key: &'static str,
        v: Option<&Value>,
        all: &[E],
    ) -> Option<E> {
        let v = v?;
        let names = names(all);
        let found = v.as_str().and_then(|s| names.iter().position(|n| n == s));
        if found.is_none() {
            self.ctx.fail(
                &self.path,
                key,
                format!(
                    "expected one of {}, found {}",
                    names.join(", "),
                    describe(v)
                ),
            );
        }
        found.map(|i| all[i])
    }

    #[inline(never)]
    pub(super) fn parse_of<T>(
        &self,
        key: &'static str,
        v: Option<&Value>,
        parse: fn(&str) -> Result<T, String>,
    ) -> Option<T> {
        let text = self.text_of(key, v)?;
        parse(&text)
            .map_err(|why| self.ctx.fail(&self.path, key, why))
            .ok()
    }

    pub fn parsed<T: Default>(&self, key: &'static str, parse: fn(&str) -> Result<T, String>) -> T {
        self.parse_of(key, self.required(key), parse)
            .unwrap_or_default()
    }

    pub fn opt_parsed<T>(
        &self,
        key: &'static str,
        parse: fn(&str) -> Result<T, String>,
    ) -> Option<T> {
        self.parse_of(key, self.get(key), parse)
    }
}

use crate::domain::text::codes::code;

pub(super) fn names<E: Serialize>(all: &[E]) -> Vec<String> {
    all.iter().map(code).collect()
}

/// The key of a field: its name, or the text after `as`.
macro_rules! key {
    ($field:ident) => {
        stringify!($field)
    };
    ($field:ident, $key:literal) => {
        $key
    };
}

/// One reader per model type, from a table. Each field is read by the `Obj`
/// method named after it (`str`, `f64_or(1.0)`, `list(task)`, ...) under the
/// field's name as key (`field as "key"` when the file spells it otherwise),
/// in the order written, so the first error is the first in file order.
/// `fn name(d = ..)` names a value the defaults may use, `ignore [..]` lists
/// keys the app writes but does not read back, `check` runs after the fields
/// with the object and the value read; then any unknown key is refused.
macro_rules! readers {
    ($(
        $(#[$doc:meta])*
        fn $name:ident $(($d:ident = $init:expr))? -> $ty:ident $([ignore $($skip:literal),*])? {
            $($field:ident $(as $key:literal)?: $how:ident $(($($arg:expr),*))?),* $(,)?
        } $(check $check:path)?;
    )*) => {$(
        $(#[$doc])*
        pub(super) fn $name(o: Obj) -> $ty {
            $(o.ignore(&[$($skip),*]);)?
            $(let $d = $init;)?
            let read = $ty {
                $($field: o.$how(key!($field $(, $key)?) $($(, $arg)*)?)),*
            };
            $($check(&o, &read);)?
            o.done();
            read
        }
    )*};
}
