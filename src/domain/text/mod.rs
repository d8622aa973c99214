//! Text the domain reads and writes: dates and times, numbers, the codes of
//! enum variants and ids. The lowest layer: it imports nothing from the
//! domain.

pub mod codes;
pub mod ids;
pub mod number;
pub mod time;
