//! Files: the JSON reader, CSV, iCalendar and MS Project XML. With `store`,
//! the only code that touches `serde_json::Value`, XML or CSV. Imports every
//! lower layer.

pub mod csv;
pub mod ics;
pub mod json;
pub mod mspdi;
