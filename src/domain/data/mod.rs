//! Data the app ships and the tests build on: the sample workspace, the
//! built-in templates, synthetic plans for benchmarks and the test kit. The
//! top layer: it reads its JSON through `formats`.

pub mod sample;
pub mod synthetic;
pub mod templates;
#[cfg(test)]
pub mod testkit;
